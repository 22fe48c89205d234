package io.privrec.core.privacy;

import static io.privrec.core.privacy.PrivacyTesting.NOW;
import static io.privrec.core.privacy.PrivacyTesting.inMemory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConsentRegisterTest {

  @Test
  void isAllowed_neverAsked_followsRegime() {
    try (ConsentRegister optIn = inMemory(Regime.OPT_IN); ConsentRegister optOut = inMemory(Regime.OPT_OUT)) {
      for (Purpose p : Purpose.values()) {
        assertThat(optIn.isAllowed("alice", p)).isFalse();
        assertThat(optOut.isAllowed("alice", p)).isTrue();
      }
      assertThat(optIn.isKnown("alice")).isFalse();
      assertThat(optIn.history("alice")).isEmpty();
    }
  }

  @Test
  void listeners_seeEveryAcknowledgedChange_notErasures_untilRemoved() {
    try (ConsentRegister r = inMemory(Regime.OPT_OUT)) {
      java.util.List<ConsentEvent> seen = new java.util.ArrayList<>();
      java.util.function.Consumer<ConsentEvent> listener = seen::add;
      r.addListener(listener);
      r.withdraw("alice", Purpose.MODEL_TRAINING, "privacy-centre");
      r.erase("alice", "request");
      r.removeListener(listener);
      r.grant("bob", Purpose.PERSONALISATION, "web");

      assertThat(seen).hasSize(1);
      assertThat(seen.get(0).purpose()).isEqualTo(Purpose.MODEL_TRAINING);
      assertThat(seen.get(0).status()).isEqualTo(ConsentStatus.WITHDRAWN);
    }
  }

  @Test
  void listener_thatThrows_doesNotUndoTheChange() {
    try (ConsentRegister r = inMemory(Regime.OPT_OUT)) {
      r.addListener(e -> {
        throw new IllegalStateException("listener bug");
      });
      r.withdraw("alice", Purpose.PERSONALISATION, "web");

      assertThat(r.isAllowed("alice", Purpose.PERSONALISATION)).isFalse();
    }
  }

  @Test
  void grant_underOptIn_allowsOnlyThatPurpose() {
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      r.grant("alice", Purpose.PERSONALISATION, "web-banner");

      assertThat(r.isAllowed("alice", Purpose.PERSONALISATION)).isTrue();
      assertThat(r.isAllowed("alice", Purpose.MODEL_TRAINING)).isFalse();
      assertThat(r.isAllowed("alice", Purpose.SEGMENT_MARKETING)).isFalse();
      assertThat(r.isAllowed("bob", Purpose.PERSONALISATION)).isFalse();
    }
  }

  @Test
  void withdraw_underOptOut_disallowsOnlyThatPurpose() {
    try (ConsentRegister r = inMemory(Regime.OPT_OUT)) {
      r.withdraw("alice", Purpose.SEGMENT_MARKETING, "do-not-sell-link");

      assertThat(r.isAllowed("alice", Purpose.SEGMENT_MARKETING)).isFalse();
      assertThat(r.isAllowed("alice", Purpose.MODEL_TRAINING)).isTrue();
      assertThat(r.isAllowed("alice", Purpose.PERSONALISATION)).isTrue();
    }
  }

  @Test
  void isAllowed_afterGrantThenWithdraw_followsLatestBySequenceNotTimestamp() {
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      r.grant("alice", Purpose.MODEL_TRAINING, "web-banner");
      r.record("alice", Purpose.MODEL_TRAINING, ConsentStatus.WITHDRAWN, NOW.minusSeconds(86_400), "imported-cmp");
      assertThat(r.isAllowed("alice", Purpose.MODEL_TRAINING)).isFalse();

      r.grant("alice", Purpose.MODEL_TRAINING, "app-settings");
      assertThat(r.isAllowed("alice", Purpose.MODEL_TRAINING)).isTrue();
    }
  }

  @Test
  void history_afterChanges_listsEveryDecisionInOrderWithTimeAndSource() {
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      r.grant("alice", Purpose.PERSONALISATION, "web-banner");
      r.grant("bob", Purpose.PERSONALISATION, "web-banner");
      Instant earlier = Instant.parse("2025-01-01T00:00:00Z");
      r.record("alice", Purpose.MODEL_TRAINING, ConsentStatus.GRANTED, earlier, "support-ticket-123");
      r.withdraw("alice", Purpose.PERSONALISATION, "email-unsubscribe");

      assertThat(r.history("alice")).containsExactly(
          new ConsentEvent(1, "alice", Purpose.PERSONALISATION, ConsentStatus.GRANTED, NOW, "web-banner"),
          new ConsentEvent(3, "alice", Purpose.MODEL_TRAINING, ConsentStatus.GRANTED, earlier, "support-ticket-123"),
          new ConsentEvent(4, "alice", Purpose.PERSONALISATION, ConsentStatus.WITHDRAWN, NOW, "email-unsubscribe"));
      assertThat(r.history("bob")).hasSize(1);
      assertThat(r.lastSequence()).isEqualTo(4);
    }
  }

  @Test
  void excludedFromTraining_mixedCustomers_returnsThoseNotAllowed() {
    try (ConsentRegister r = inMemory(Regime.OPT_OUT)) {
      r.withdraw("alice", Purpose.MODEL_TRAINING, "web");
      r.grant("bob", Purpose.MODEL_TRAINING, "web");
      r.withdraw("carol", Purpose.PERSONALISATION, "web");

      assertThat(r.excludedFromTraining(List.of("alice", "bob", "carol", "dave"))).containsExactly("alice");
      assertThat(r.excluded(Purpose.PERSONALISATION, List.of("alice", "carol"))).containsExactly("carol");
    }
  }

  @Test
  void keepAllowed_someWithdrawn_dropsTheirInteractionsKeepsIndices() {
    InteractionMatrix data = InteractionMatrix.builder(DuplicatePolicy.REJECT)
        .add("alice", "sku-1", 1f).add("alice", "sku-2", 1f).add("bob", "sku-1", 2f).add("carol", "sku-3", 1f)
        .build();
    try (ConsentRegister r = inMemory(Regime.OPT_OUT)) {
      assertThat(r.keepAllowed(data, Purpose.MODEL_TRAINING)).isSameAs(data);

      r.withdraw("alice", Purpose.MODEL_TRAINING, "web");
      InteractionMatrix kept = r.keepAllowed(data, Purpose.MODEL_TRAINING);

      assertThat(kept.users()).isSameAs(data.users());
      assertThat(kept.numInteractions()).isEqualTo(2);
      assertThat(kept.rowLength(data.users().indexOf("alice"))).isZero();
      assertThat(kept.rowLength(data.users().indexOf("bob"))).isEqualTo(1);
    }
  }

  @Test
  void counts_afterDecisions_countsLatestStatusPerPurpose() {
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      r.grant("alice", Purpose.PERSONALISATION, "web");
      r.withdraw("alice", Purpose.PERSONALISATION, "web");
      r.grant("bob", Purpose.PERSONALISATION, "web");
      r.grant("bob", Purpose.MODEL_TRAINING, "web");
      r.grant("carol", Purpose.MODEL_TRAINING, "web");
      r.erase("carol", "art17");

      ConsentCounts c = r.counts();
      assertThat(c.customers()).isEqualTo(2);
      assertThat(c.erasures()).isEqualTo(1);
      assertThat(c.granted(Purpose.PERSONALISATION)).isEqualTo(1);
      assertThat(c.withdrawn(Purpose.PERSONALISATION)).isEqualTo(1);
      assertThat(c.granted(Purpose.MODEL_TRAINING)).isEqualTo(1);
      assertThat(c.granted(Purpose.SEGMENT_MARKETING)).isZero();
      assertThat(c.withdrawn(Purpose.SEGMENT_MARKETING)).isZero();
    }
  }

  @Test
  void erase_knownCustomer_removesHistoryAndKeepsPseudonymousProof() {
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      r.grant("alice", Purpose.PERSONALISATION, "web-banner");
      r.grant("bob", Purpose.PERSONALISATION, "web-banner");

      ErasureProof proof = r.erase("alice", "art17-request-881");

      assertThat(r.history("alice")).isEmpty();
      assertThat(r.isKnown("alice")).isFalse();
      assertThat(r.isErased("alice")).isTrue();
      assertThat(r.history("bob")).hasSize(1);
      assertThat(proof.sequence()).isEqualTo(3);
      assertThat(proof.at()).isEqualTo(NOW);
      assertThat(proof.reason()).isEqualTo("art17-request-881");
      assertThat(proof.keyId()).isEqualTo("k1");
      assertThat(proof.toString()).doesNotContain("alice");
      assertThat(PrivacyTesting.pseudonymizer().matches("alice", proof.pseudonym(), "k1")).isTrue();
      assertThat(r.erasureProofs("alice")).containsExactly(proof);
      assertThat(r.erasureProofs("bob")).isEmpty();
      assertThat(r.erasureProofs()).containsExactly(proof);
    }
  }

  @Test
  void erase_underOptOut_allowsNothingUntilNewDecision() {
    try (ConsentRegister r = inMemory(Regime.OPT_OUT)) {
      r.grant("alice", Purpose.PERSONALISATION, "web");
      r.erase("alice", "ccpa-delete");
      for (Purpose p : Purpose.values()) {
        assertThat(r.isAllowed("alice", p)).as(p.key()).isFalse();
      }
      assertThat(r.isAllowed("bob", Purpose.PERSONALISATION)).isTrue();

      r.grant("alice", Purpose.PERSONALISATION, "new-account");

      assertThat(r.isErased("alice")).isFalse();
      assertThat(r.history("alice")).hasSize(1);
      assertThat(r.isAllowed("alice", Purpose.PERSONALISATION)).isTrue();
      assertThat(r.isAllowed("alice", Purpose.MODEL_TRAINING)).isTrue();
    }
  }

  @Test
  void erase_twice_throwsAlreadyErased() {
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      r.grant("alice", Purpose.PERSONALISATION, "web");
      r.erase("alice", "art17");
      long before = r.lastSequence();

      assertThatIllegalStateException().isThrownBy(() -> r.erase("alice", "art17-again"))
          .withMessageContaining("customerId").withMessageContaining("already erased")
          .withMessageNotContaining("alice");
      assertThat(r.lastSequence()).isEqualTo(before);
      assertThat(r.erasureProofs()).hasSize(1);
    }
  }

  @Test
  void erase_afterNewHistory_erasesAgainWithSecondProof() {
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      r.grant("alice", Purpose.PERSONALISATION, "web");
      r.erase("alice", "first");
      r.grant("alice", Purpose.PERSONALISATION, "web");
      r.erase("alice", "second");

      assertThat(r.erasureProofs("alice")).extracting(ErasureProof::reason).containsExactly("first", "second");
    }
  }

  @Test
  void erase_unknownCustomer_throwsWithoutQuotingTheId() {
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      assertThatIllegalArgumentException().isThrownBy(() -> r.erase("nobody-4711", "art17"))
          .withMessageContaining("customerId is unknown")
          .withMessageNotContaining("nobody-4711");
      assertThat(r.lastSequence()).isZero();
    }
  }

  @Test
  void grant_nullOrBlankArguments_throwAndRecordNothing() {
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      assertThatNullPointerException().isThrownBy(() -> r.grant(null, Purpose.PERSONALISATION, "web"))
          .withMessage("customerId");
      assertThatIllegalArgumentException().isThrownBy(() -> r.grant("", Purpose.PERSONALISATION, "web"))
          .withMessageContaining("customerId must not be empty");
      assertThatIllegalArgumentException().isThrownBy(() -> r.grant("  ", Purpose.PERSONALISATION, "web"))
          .withMessageContaining("customerId");
      assertThatNullPointerException().isThrownBy(() -> r.grant("alice", null, "web")).withMessage("purpose");
      assertThatNullPointerException().isThrownBy(() -> r.grant("alice", Purpose.PERSONALISATION, null))
          .withMessage("source");
      assertThatIllegalArgumentException().isThrownBy(() -> r.grant("alice", Purpose.PERSONALISATION, ""))
          .withMessageContaining("source must not be empty");
      assertThatIllegalArgumentException().isThrownBy(() -> r.grant("a".repeat(1025), Purpose.PERSONALISATION, "web"))
          .withMessageContaining("at most 1024");
      assertThatNullPointerException()
          .isThrownBy(() -> r.record("alice", Purpose.PERSONALISATION, ConsentStatus.GRANTED, null, "web"))
          .withMessage("at");
      assertThat(r.lastSequence()).isZero();
      assertThat(r.isKnown("alice")).isFalse();
    }
  }

  @Test
  void queries_nullOrBlankCustomer_throw() {
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      assertThatNullPointerException().isThrownBy(() -> r.isAllowed(null, Purpose.PERSONALISATION))
          .withMessage("customerId");
      assertThatIllegalArgumentException().isThrownBy(() -> r.isAllowed("", Purpose.PERSONALISATION))
          .withMessageContaining("customerId");
      assertThatNullPointerException().isThrownBy(() -> r.isAllowed("alice", null)).withMessage("purpose");
      assertThatIllegalArgumentException().isThrownBy(() -> r.history(" ")).withMessageContaining("customerId");
      assertThatNullPointerException().isThrownBy(() -> r.erase(null, "x")).withMessage("customerId");
      assertThatNullPointerException().isThrownBy(() -> r.erase("alice", null)).withMessage("reason");
      assertThatNullPointerException().isThrownBy(() -> r.excludedFromTraining(java.util.Arrays.asList("a", null)))
          .withMessage("customerId");
    }
  }

  @Test
  void purposeParse_knownForms_andUnknownNameListsValidOnes() {
    assertThat(Purpose.parse("personalisation")).isEqualTo(Purpose.PERSONALISATION);
    assertThat(Purpose.parse("MODEL_TRAINING")).isEqualTo(Purpose.MODEL_TRAINING);
    assertThat(Purpose.parse(" segment-marketing ")).isEqualTo(Purpose.SEGMENT_MARKETING);
    for (Purpose p : Purpose.values()) {
      assertThat(Purpose.parse(p.key())).isEqualTo(p);
    }
    assertThatIllegalArgumentException().isThrownBy(() -> Purpose.parse("foo"))
        .withMessage("unknown purpose 'foo'; expected one of [personalisation, model_training, segment_marketing, location_personalisation]");
    assertThatNullPointerException().isThrownBy(() -> Purpose.parse(null)).withMessage("purpose");
  }

  @Test
  void consentStatusParse_unknown_throws() {
    assertThat(ConsentStatus.parse("Granted")).isEqualTo(ConsentStatus.GRANTED);
    assertThat(ConsentStatus.parse("withdrawn")).isEqualTo(ConsentStatus.WITHDRAWN);
    assertThatIllegalArgumentException().isThrownBy(() -> ConsentStatus.parse("maybe"))
        .withMessageContaining("unknown consent status 'maybe'");
  }

  @Test
  void consentEvent_badComponents_throw() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ConsentEvent(0, "alice", Purpose.PERSONALISATION, ConsentStatus.GRANTED, NOW, "web"))
        .withMessage("sequence must be >= 1. Provided value: 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ErasureProof(1, "ABC", "k1", NOW, "art17"))
        .withMessageContaining("pseudonym must be 64 lower-case hex characters");
  }

  @Test
  void build_withoutPseudonymizer_throws() {
    assertThatIllegalStateException().isThrownBy(() -> ConsentRegister.builder().build())
        .withMessageContaining("pseudonymizer");
    assertThatIllegalArgumentException().isThrownBy(() -> ConsentRegister.builder().compactAfter(0))
        .withMessage("compactAfter must be >= 1. Provided value: 0");
  }

  @Test
  void closedRegister_anyCall_throwsIllegalState() {
    ConsentRegister r = inMemory(Regime.OPT_IN);
    r.grant("alice", Purpose.PERSONALISATION, "web");
    r.close();
    r.close();

    assertThatIllegalStateException().isThrownBy(() -> r.grant("bob", Purpose.PERSONALISATION, "web"))
        .withMessageContaining("closed");
    assertThatIllegalStateException().isThrownBy(() -> r.isAllowed("alice", Purpose.PERSONALISATION));
    assertThatIllegalStateException().isThrownBy(() -> r.history("alice"));
    assertThatIllegalStateException().isThrownBy(r::compact);
    assertThatIllegalStateException().isThrownBy(r::lastSequence);
  }

  @Test
  void erase_whileReadersQuery_erasedCustomerNeverLooksAllowed() throws Exception {
    int customers = 2_000;
    try (ConsentRegister r = inMemory(Regime.OPT_OUT)) {
      for (int c = 0; c < customers; c++) {
        r.withdraw("customer-" + c, Purpose.MODEL_TRAINING, "web");
      }
      ExecutorService pool = Executors.newSingleThreadExecutor();
      CountDownLatch start = new CountDownLatch(1);
      Future<Integer> reader = pool.submit(() -> {
        start.await();
        int allowedSeen = 0;
        while (!r.isErased("customer-" + (customers - 1))) {
          for (int c = 0; c < customers; c++) {
            if (r.isAllowed("customer-" + c, Purpose.MODEL_TRAINING)) {
              allowedSeen++;
            }
          }
        }
        return allowedSeen;
      });
      start.countDown();
      for (int c = 0; c < customers; c++) {
        r.erase("customer-" + c, "art17");
      }
      assertThat(reader.get(60, TimeUnit.SECONDS)).isZero();
      pool.shutdown();
    }
  }

  @Test
  void concurrentWriters_inMemory_everyChangeAppliedWithUniqueSequence() throws Exception {
    int threads = 4;
    int perThread = 2_000;
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
      CountDownLatch start = new CountDownLatch(1);
      // The writers start once the reader has read, so its reads overlap theirs on any schedule.
      CountDownLatch readerStarted = new CountDownLatch(1);
      List<Future<List<ConsentEvent>>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String customer = "customer-" + t;
        writers.add(pool.submit(() -> {
          start.await();
          readerStarted.await();
          List<ConsentEvent> acked = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            Purpose p = Purpose.values()[i % 3];
            acked.add(i % 2 == 0 ? r.grant(customer, p, "w" + i) : r.withdraw(customer, p, "w" + i));
          }
          return acked;
        }));
      }
      Future<Boolean> reader = pool.submit(() -> {
        start.await();
        // Before any write, OPT_IN allows nothing.
        boolean allowedBeforeWrites = r.isAllowed("customer-0", Purpose.PERSONALISATION);
        readerStarted.countDown();
        while (r.lastSequence() < (long) threads * perThread) {
          r.isAllowed("customer-0", Purpose.PERSONALISATION);
        }
        return allowedBeforeWrites;
      });
      start.countDown();
      List<Long> sequences = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<ConsentEvent> acked = writers.get(t).get(60, TimeUnit.SECONDS);
        assertThat(r.history("customer-" + t)).containsExactlyElementsOf(acked);
        acked.forEach(e -> sequences.add(e.sequence()));
      }
      assertThat(reader.get(60, TimeUnit.SECONDS)).as("allowed before any write").isFalse();
      pool.shutdown();
      assertThat(Set.copyOf(sequences)).hasSize(threads * perThread);
      assertThat(r.lastSequence()).isEqualTo((long) threads * perThread);
    }
  }

  @Test
  void errorMessages_neverQuoteACustomerId() {
    String id = "cust-7c1f9e";
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      // Unknown customer: erasure is refused, naming the parameter and the rule.
      assertThatIllegalArgumentException().isThrownBy(() -> r.erase(id, "art17"))
          .withMessageContaining("customerId").withMessageContaining("unknown").withMessageNotContaining(id);
      // Withdrawal of a stranger is recorded, and its event does not print her id.
      ConsentEvent withdrawn = r.withdraw(id, Purpose.PERSONALISATION, "web");
      assertThat(withdrawn.toString()).doesNotContain(id).contains("PERSONALISATION").contains("web");
      assertThat(withdrawn.customerId()).isEqualTo(id);
      r.erase(id, "art17");
      // Erased customer: a second erasure is refused without the id.
      assertThatIllegalStateException().isThrownBy(() -> r.erase(id, "again"))
          .withMessageContaining("customerId").withMessageContaining("already erased").withMessageNotContaining(id);
      // A raw id given where a pseudonym is expected is not echoed.
      assertThatIllegalArgumentException().isThrownBy(() -> new ErasureProof(1, id, "k1", NOW, "art17"))
          .withMessageContaining("pseudonym must be 64 lower-case hex characters").withMessageNotContaining(id);
    }
  }
}
