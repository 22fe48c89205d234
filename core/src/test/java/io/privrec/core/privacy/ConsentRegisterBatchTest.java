package io.privrec.core.privacy;

import static io.privrec.core.privacy.PrivacyTesting.NOW;
import static io.privrec.core.privacy.PrivacyTesting.inMemory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.core.data.InteractionMatrix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batch operations ({@code grantAll}, {@code withdrawAll}, {@code eraseAll}) of the built
 * register and of the interface's default methods, which must keep the same contract.
 */
class ConsentRegisterBatchTest {

  static Stream<Named<Function<Regime, ConsentRegister>>> registers() {
    return Stream.of(
        Named.of("built register", PrivacyTesting::inMemory),
        Named.of("default methods", regime -> new Forwarding(inMemory(regime))));
  }

  @ParameterizedTest
  @MethodSource("registers")
  void grantAllAndWithdrawAll_recordOneEventPerIdInOrderWithConsecutiveSequences(Function<Regime, ConsentRegister> make) {
    try (ConsentRegister r = make.apply(Regime.OPT_IN)) {
      r.grant("zoe", Purpose.PERSONALISATION, "web");
      List<ConsentEvent> seen = new ArrayList<>();
      r.addListener(seen::add);

      List<ConsentEvent> granted = r.grantAll(List.of("alice", "bob", "carol"), Purpose.MODEL_TRAINING, "crm-import");
      List<ConsentEvent> withdrawn = r.withdrawAll(Set.of("bob"), Purpose.MODEL_TRAINING, "privacy-centre");

      assertThat(granted).extracting(ConsentEvent::sequence).containsExactly(2L, 3L, 4L);
      assertThat(granted).extracting(ConsentEvent::customerId).containsExactly("alice", "bob", "carol");
      assertThat(granted).allSatisfy(e -> {
        assertThat(e.status()).isEqualTo(ConsentStatus.GRANTED);
        assertThat(e.purpose()).isEqualTo(Purpose.MODEL_TRAINING);
        assertThat(e.source()).isEqualTo("crm-import");
        assertThat(e.at()).isEqualTo(NOW);
      });
      assertThat(withdrawn).singleElement().satisfies(e -> {
        assertThat(e.sequence()).isEqualTo(5);
        assertThat(e.status()).isEqualTo(ConsentStatus.WITHDRAWN);
      });
      assertThat(seen).containsExactly(granted.get(0), granted.get(1), granted.get(2), withdrawn.get(0));
      assertThat(r.isAllowed("alice", Purpose.MODEL_TRAINING)).isTrue();
      assertThat(r.isAllowed("bob", Purpose.MODEL_TRAINING)).isFalse();
      assertThat(r.lastSequence()).isEqualTo(5);
      assertThat(granted).isUnmodifiable();
    }
  }

  @ParameterizedTest
  @MethodSource("registers")
  void grantAll_badIdAnywhere_recordsNothingAndNamesThePositionNotTheId(Function<Regime, ConsentRegister> make) {
    try (ConsentRegister r = make.apply(Regime.OPT_IN)) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> r.grantAll(List.of("cust-aa11", "cust-bb22", " "), Purpose.PERSONALISATION, "web"))
          .withMessage("customerIds[2] must not be empty or blank. Provided length: 1");
      assertThatNullPointerException()
          .isThrownBy(() -> r.withdrawAll(Arrays.asList("cust-aa11", null), Purpose.PERSONALISATION, "web"))
          .withMessage("customerIds[1]");
      assertThatNullPointerException().isThrownBy(() -> r.grantAll(null, Purpose.PERSONALISATION, "web"))
          .withMessage("customerIds");
      assertThatNullPointerException().isThrownBy(() -> r.grantAll(List.of("a"), null, "web")).withMessage("purpose");
      assertThatIllegalArgumentException().isThrownBy(() -> r.grantAll(List.of("a"), Purpose.PERSONALISATION, ""))
          .withMessageStartingWith("source");
      assertThat(r.lastSequence()).isZero();
      assertThat(r.isKnown("cust-aa11")).isFalse();
      assertThat(r.grantAll(List.of(), Purpose.PERSONALISATION, "web")).isEmpty();
      assertThat(r.lastSequence()).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("registers")
  void eraseAll_knownCustomers_erasesEachWithItsOwnProof(Function<Regime, ConsentRegister> make) {
    try (ConsentRegister r = make.apply(Regime.OPT_OUT)) {
      r.grantAll(List.of("alice", "bob", "carol"), Purpose.PERSONALISATION, "web");
      List<ConsentEvent> seen = new ArrayList<>();
      r.addListener(seen::add);

      List<ErasureProof> proofs = r.eraseAll(List.of("carol", "alice"), "art17-batch-12");

      assertThat(proofs).extracting(ErasureProof::sequence).containsExactly(4L, 5L);
      assertThat(proofs).allSatisfy(p -> assertThat(p.reason()).isEqualTo("art17-batch-12"));
      assertThat(r.erasureProofs("carol")).containsExactly(proofs.get(0));
      assertThat(r.erasureProofs("alice")).containsExactly(proofs.get(1));
      assertThat(r.isErased("alice")).isTrue();
      assertThat(r.isErased("carol")).isTrue();
      assertThat(r.isAllowed("alice", Purpose.PERSONALISATION)).isFalse();
      assertThat(r.history("bob")).hasSize(1);
      assertThat(seen).isEmpty(); // erasures are not consent changes
      assertThat(r.eraseAll(List.of(), "nothing")).isEmpty();
      assertThat(r.lastSequence()).isEqualTo(5);
    }
  }

  @ParameterizedTest
  @MethodSource("registers")
  void eraseAll_anyCustomerNotErasable_erasesNobodyAndNamesPositionsNotIds(Function<Regime, ConsentRegister> make) {
    try (ConsentRegister r = make.apply(Regime.OPT_IN)) {
      r.grantAll(List.of("cust-aa11", "cust-bb22", "cust-cc33"), Purpose.PERSONALISATION, "web");
      r.erase("cust-cc33", "earlier");
      long before = r.lastSequence();

      assertThatIllegalArgumentException().isThrownBy(() -> r.eraseAll(List.of("cust-aa11", "cust-zz99"), "art17"))
          .withMessageStartingWith("customerIds[1] is unknown").withMessageNotContaining("cust-");
      assertThatIllegalStateException().isThrownBy(() -> r.eraseAll(List.of("cust-aa11", "cust-cc33"), "art17"))
          .withMessageStartingWith("customerIds[1] names a customer who is already erased")
          .withMessageNotContaining("cust-");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> r.eraseAll(List.of("cust-aa11", "cust-bb22", "cust-aa11"), "art17"))
          .withMessageStartingWith("customerIds must be distinct, but customerIds[2] repeats customerIds[0]")
          .withMessageNotContaining("cust-");
      assertThatIllegalArgumentException().isThrownBy(() -> r.eraseAll(List.of("cust-aa11", ""), "art17"))
          .withMessage("customerIds[1] must not be empty or blank. Provided length: 0");
      assertThatNullPointerException().isThrownBy(() -> r.eraseAll(List.of("cust-aa11"), null)).withMessage("reason");

      assertThat(r.lastSequence()).isEqualTo(before);
      assertThat(r.isKnown("cust-aa11")).isTrue();
      assertThat(r.isKnown("cust-bb22")).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("registers")
  void batches_onAClosedRegister_throw(Function<Regime, ConsentRegister> make) {
    ConsentRegister r = make.apply(Regime.OPT_IN);
    r.grant("alice", Purpose.PERSONALISATION, "web");
    r.close();
    assertThatIllegalStateException().isThrownBy(() -> r.grantAll(List.of("bob"), Purpose.PERSONALISATION, "web"));
    assertThatIllegalStateException().isThrownBy(() -> r.eraseAll(List.of("alice"), "art17"));
  }

  /** Implements only the abstract methods, so the batch operations are the interface's defaults. */
  private static final class Forwarding implements ConsentRegister {
    private final ConsentRegister target;

    Forwarding(ConsentRegister target) {
      this.target = target;
    }

    @Override
    public Regime regime() {
      return target.regime();
    }

    @Override
    public ConsentEvent grant(String customerId, Purpose purpose, String source) {
      return target.grant(customerId, purpose, source);
    }

    @Override
    public ConsentEvent withdraw(String customerId, Purpose purpose, String source) {
      return target.withdraw(customerId, purpose, source);
    }

    @Override
    public ConsentEvent record(String customerId, Purpose purpose, ConsentStatus status, Instant at, String source) {
      return target.record(customerId, purpose, status, at, source);
    }

    @Override
    public ErasureProof erase(String customerId, String reason) {
      return target.erase(customerId, reason);
    }

    @Override
    public boolean isAllowed(String customerId, Purpose purpose) {
      return target.isAllowed(customerId, purpose);
    }

    @Override
    public boolean isKnown(String customerId) {
      return target.isKnown(customerId);
    }

    @Override
    public boolean isErased(String customerId) {
      return target.isErased(customerId);
    }

    @Override
    public List<ConsentEvent> history(String customerId) {
      return target.history(customerId);
    }

    @Override
    public List<ErasureProof> erasureProofs(String customerId) {
      return target.erasureProofs(customerId);
    }

    @Override
    public List<ErasureProof> erasureProofs() {
      return target.erasureProofs();
    }

    @Override
    public Set<String> excluded(Purpose purpose, Collection<String> customerIds) {
      return target.excluded(purpose, customerIds);
    }

    @Override
    public InteractionMatrix keepAllowed(InteractionMatrix data, Purpose purpose) {
      return target.keepAllowed(data, purpose);
    }

    @Override
    public void addListener(Consumer<ConsentEvent> listener) {
      target.addListener(listener);
    }

    @Override
    public void removeListener(Consumer<ConsentEvent> listener) {
      target.removeListener(listener);
    }

    @Override
    public ConsentCounts counts() {
      return target.counts();
    }

    @Override
    public long lastSequence() {
      return target.lastSequence();
    }

    @Override
    public void compact() {
      target.compact();
    }

    @Override
    public void close() {
      target.close();
    }
  }
}
