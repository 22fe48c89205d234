package io.privrec.dp.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The durability hooks of {@link PrivacyAccountant}: the {@link LedgerJournal} that sees every
 * granted allocation before it is recorded, and {@link PrivacyAccountant#restore} that rebuilds an
 * accountant from the entries the journal received.
 */
class DurableAccountantTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** A journal that keeps every call's entries and, while {@link #failure} is set, throws it. */
  private static final class RecordingJournal implements LedgerJournal {
    final List<List<LedgerEntry>> calls = new ArrayList<>();
    RuntimeException failure;

    @Override
    public void record(List<LedgerEntry> entries) {
      calls.add(entries);
      if (failure != null) {
        throw failure;
      }
    }

    List<LedgerEntry> all() {
      List<LedgerEntry> all = new ArrayList<>();
      calls.forEach(all::addAll);
      return all;
    }
  }

  /** A clock that advances one second on every reading, so that each batch has its own time. */
  private static final class TickingClock extends Clock {
    private Instant next;

    TickingClock(Instant start) {
      this.next = start;
    }

    @Override
    public Instant instant() {
      Instant now = next;
      next = next.plus(Duration.ofSeconds(1));
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("fixed to UTC");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The journal

  @Test
  void journal_calledOncePerAllocateAllWithExactlyTheCommittedEntries() {
    RecordingJournal journal = new RecordingJournal();
    PrivacyAccountant accountant =
        PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6), CLOCK, journal);

    LedgerEntry first = accountant.allocate("first", PrivacyCost.pureDp(0.1));
    List<LedgerEntry> batch =
        accountant.allocateAll(
            List.of(
                BudgetRequest.of("a", PrivacyCost.pureDp(0.2)),
                BudgetRequest.of("b", PrivacyCost.gaussian(20)),
                BudgetRequest.of("c", PrivacyCost.zcdp(0.001))));
    LedgerEntry last = accountant.tryAllocate("last", PrivacyCost.pureDp(0.1)).orElseThrow();

    assertThat(journal.calls).containsExactly(List.of(first), batch, List.of(last));
    assertThat(journal.calls.get(1))
        .extracting(LedgerEntry::sequence)
        .containsExactly(1L, 2L, 3L);
    assertThat(journal.all()).isEqualTo(accountant.ledger());
    assertThatThrownBy(() -> journal.calls.get(1).add(first))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void journal_emptyBatch_notCalled() {
    RecordingJournal journal = new RecordingJournal();
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(1), CLOCK, journal);

    assertThat(accountant.allocateAll(List.of())).isEmpty();

    assertThat(journal.calls).isEmpty();
  }

  @Test
  void journal_runsUnderTheLockBeforeTheEntriesAreRecorded() {
    AtomicReference<PrivacyAccountant> self = new AtomicReference<>();
    List<String> seen = new ArrayList<>();
    LedgerJournal journal =
        entries -> {
          PrivacyAccountant accountant = self.get();
          seen.add(
              "lock=" + Thread.holdsLock(accountant)
                  + " ledger=" + accountant.ledger().size()
                  + " spent=" + accountant.spent().epsilon()
                  + " entries=" + entries.size());
        };
    self.set(PrivacyAccountant.create(PrivacyBudget.pure(1), CLOCK, journal));

    self.get().allocate("a", PrivacyCost.pureDp(0.25));
    self.get().allocateAll(
        List.of(
            BudgetRequest.of("b", PrivacyCost.pureDp(0.25)),
            BudgetRequest.of("c", PrivacyCost.pureDp(0.25))));

    assertThat(seen)
        .containsExactly(
            "lock=true ledger=0 spent=0.0 entries=1", "lock=true ledger=1 spent=0.25 entries=2");
    assertThat(self.get().spent().epsilon()).isEqualTo(0.75);
  }

  @Test
  void journal_throwing_recordsNothingPropagatesAndALaterAllocationWorks() {
    RecordingJournal journal = new RecordingJournal();
    PrivacyAccountant accountant =
        PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6), CLOCK, journal);
    accountant.allocate("first", PrivacyCost.pureDp(0.1));
    SpentBudget spentBefore = accountant.spent();
    List<LedgerEntry> ledgerBefore = accountant.ledger();
    UncheckedIOException diskFull = new UncheckedIOException(new IOException("disk full"));
    journal.failure = diskFull;

    assertThatThrownBy(
            () ->
                accountant.allocateAll(
                    List.of(
                        BudgetRequest.of("a", PrivacyCost.pureDp(0.2)),
                        BudgetRequest.of("b", PrivacyCost.gaussian(10)))))
        .isSameAs(diskFull);
    assertThatThrownBy(() -> accountant.allocate("c", PrivacyCost.pureDp(0.2)))
        .isSameAs(diskFull);
    assertThatThrownBy(() -> accountant.tryAllocate("d", PrivacyCost.pureDp(0.2)))
        .isSameAs(diskFull);

    assertThat(accountant.ledger()).isEqualTo(ledgerBefore);
    assertThat(accountant.spent()).isEqualTo(spentBefore);
    assertThat(journal.calls).hasSize(4);

    journal.failure = null;
    LedgerEntry after = accountant.allocate("after", PrivacyCost.gaussian(10));

    assertThat(after.sequence()).isEqualTo(1);
    assertThat(journal.calls.get(4)).containsExactly(after);
    assertThat(accountant.ledger())
        .extracting(LedgerEntry::label)
        .containsExactly("first", "after");
    PrivacyAccountant reference = PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6), CLOCK);
    reference.allocate("first", PrivacyCost.pureDp(0.1));
    reference.allocate("after", PrivacyCost.gaussian(10));
    assertThat(accountant.spent()).isEqualTo(reference.spent());
  }

  @Test
  void journal_refusedAllocations_neverReachIt() {
    RecordingJournal journal = new RecordingJournal();
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(1), CLOCK, journal);
    accountant.allocate("most", PrivacyCost.pureDp(0.9));

    assertThat(accountant.tryAllocate("too big", PrivacyCost.pureDp(0.2))).isEmpty();
    assertThatThrownBy(() -> accountant.allocate("too big", PrivacyCost.pureDp(0.2)))
        .isInstanceOf(PrivacyBudgetExceededException.class);
    assertThatThrownBy(
            () ->
                accountant.allocateAll(
                    List.of(
                        BudgetRequest.of("fits", PrivacyCost.pureDp(0.05)),
                        BudgetRequest.of("does not", PrivacyCost.pureDp(0.1)))))
        .isInstanceOf(PrivacyBudgetExceededException.class);
    assertThat(accountant.canAllocate(PrivacyCost.pureDp(0.05))).isTrue();

    assertThat(journal.calls).hasSize(1);
    assertThat(journal.calls.get(0)).extracting(LedgerEntry::label).containsExactly("most");
  }

  @Test
  void journal_allocatingOnItsOwnAccountant_isRefusedAndNothingIsRecorded() {
    AtomicReference<PrivacyAccountant> self = new AtomicReference<>();
    LedgerJournal journal = entries -> self.get().allocate("nested", PrivacyCost.pureDp(0.1));
    self.set(PrivacyAccountant.create(PrivacyBudget.pure(1), CLOCK, journal));

    assertThatThrownBy(() -> self.get().allocate("outer", PrivacyCost.pureDp(0.1)))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(PrivacyBudgetExceededException.class)
        .hasMessageContaining("LedgerJournal");
    assertThat(self.get().ledger()).isEmpty();
    assertThat(self.get().spent().epsilon()).isZero();
  }

  @Test
  void create_nullJournal_throwsNamingIt() {
    assertThatNullPointerException()
        .isThrownBy(() -> PrivacyAccountant.create(PrivacyBudget.pure(1), CLOCK, null))
        .withMessageContaining("journal");
  }

  // ---------------------------------------------------------------------------------------------
  // Restore

  /** One release of every kind, in batches of 1, 2, 3 and 4, under a budget they all fit in. */
  private static List<List<BudgetRequest>> mixedBatches() {
    return List.of(
        List.of(BudgetRequest.of("count", PrivacyCost.pureDp(0.1).withMechanism("laplace"))),
        List.of(
            BudgetRequest.of("top-5", PrivacyCost.boundedRange(0.05, 5)),
            BudgetRequest.of("threshold", PrivacyCost.approximateDp(0.2, 1e-7))),
        List.of(
            BudgetRequest.of("histogram", PrivacyCost.zcdp(0.01)),
            BudgetRequest.of("sum", PrivacyCost.gaussian(8)),
            BudgetRequest.of("mean", PrivacyCost.gaussian(12, 2))),
        List.of(
            BudgetRequest.of("training", PrivacyCost.subsampledGaussian(0.01, 1.1, 200)),
            BudgetRequest.of("full batch", PrivacyCost.subsampledGaussian(1, 20, 3)),
            BudgetRequest.of("count again", PrivacyCost.pureDp(0.1).withMechanism("laplace")),
            BudgetRequest.of("select", PrivacyCost.boundedRange(0.3, 1))));
  }

  @Test
  void restore_mixOfEveryKind_spentIsBitForBitTheOriginal() {
    PrivacyBudget total = PrivacyBudget.of(10, 1e-5);
    RecordingJournal journal = new RecordingJournal();
    PrivacyAccountant original =
        PrivacyAccountant.create(total, new TickingClock(CLOCK.instant()), journal);
    for (List<BudgetRequest> batch : mixedBatches()) {
      original.allocateAll(batch);
    }

    PrivacyAccountant restored =
        PrivacyAccountant.restore(total, CLOCK, journal.all(), new RecordingJournal());

    SpentBudget spent = original.spent();
    assertThat(spent.method()).isEqualTo(CompositionMethod.RENYI);
    assertThat(spent.epsilon()).isBetween(0.5, 10.0);
    assertThat(Double.doubleToRawLongBits(restored.spent().epsilon()))
        .isEqualTo(Double.doubleToRawLongBits(spent.epsilon()));
    assertThat(Double.doubleToRawLongBits(restored.spent().delta()))
        .isEqualTo(Double.doubleToRawLongBits(spent.delta()));
    assertThat(restored.spent()).isEqualTo(spent);
    assertThat(restored.ledger()).isEqualTo(original.ledger());
    assertThat(restored.ledger())
        .extracting(LedgerEntry::timestamp)
        .containsExactly(
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T00:00:01Z"), Instant.parse("2026-01-01T00:00:01Z"),
            Instant.parse("2026-01-01T00:00:02Z"), Instant.parse("2026-01-01T00:00:02Z"),
            Instant.parse("2026-01-01T00:00:02Z"),
            Instant.parse("2026-01-01T00:00:03Z"), Instant.parse("2026-01-01T00:00:03Z"),
            Instant.parse("2026-01-01T00:00:03Z"), Instant.parse("2026-01-01T00:00:03Z"));
    assertThat(restored.toJson()).isEqualTo(original.toJson());
  }

  @Test
  void restore_costsRebuiltFromTheirDescription_giveTheSameSpent() {
    PrivacyBudget total = PrivacyBudget.of(10, 1e-5);
    PrivacyAccountant original = PrivacyAccountant.create(total, CLOCK);
    for (List<BudgetRequest> batch : mixedBatches()) {
      original.allocateAll(batch);
    }
    // What a durable ledger holds: sequence, label, timestamp, kind, mechanism and parameters.
    List<LedgerEntry> readBack = new ArrayList<>();
    for (LedgerEntry e : original.ledger()) {
      PrivacyCost cost =
          PrivacyCost.of(e.cost().kind(), e.cost().mechanism(), Map.copyOf(e.cost().parameters()));
      readBack.add(new LedgerEntry(e.sequence(), e.label(), e.timestamp(), cost));
    }

    PrivacyAccountant restored = PrivacyAccountant.restore(total, CLOCK, readBack, entries -> {});

    assertThat(restored.spent()).isEqualTo(original.spent());
    assertThat(restored.ledger()).isEqualTo(original.ledger());
  }

  @Test
  void restore_doesNotJournalTheRestoredEntriesAndContinuesTheSequence() {
    RecordingJournal first = new RecordingJournal();
    PrivacyAccountant original = PrivacyAccountant.create(PrivacyBudget.pure(1), CLOCK, first);
    original.allocate("a", PrivacyCost.pureDp(0.25));
    original.allocate("b", PrivacyCost.pureDp(0.25));
    RecordingJournal second = new RecordingJournal();
    Clock later = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

    PrivacyAccountant restored =
        PrivacyAccountant.restore(PrivacyBudget.pure(1), later, first.all(), second);
    assertThat(second.calls).isEmpty();

    LedgerEntry next = restored.allocate("c", PrivacyCost.pureDp(0.25));

    assertThat(next)
        .isEqualTo(new LedgerEntry(2, "c", later.instant(), PrivacyCost.pureDp(0.25)));
    assertThat(second.calls).containsExactly(List.of(next));
    assertThat(restored.ledger()).extracting(LedgerEntry::timestamp)
        .containsExactly(CLOCK.instant(), CLOCK.instant(), later.instant());
    assertThat(restored.spent()).isEqualTo(new SpentBudget(0.75, 0, CompositionMethod.BASIC));
  }

  @Test
  void restore_emptyLedger_isAFreshAccountant() {
    PrivacyAccountant restored =
        PrivacyAccountant.restore(PrivacyBudget.of(1, 1e-6), CLOCK, List.of(), entries -> {});

    assertThat(restored.ledger()).isEmpty();
    assertThat(restored.spent()).isEqualTo(new SpentBudget(0, 0, CompositionMethod.NONE));
    assertThat(restored.allocate("a", PrivacyCost.pureDp(1)).sequence()).isZero();
  }

  @Test
  void restore_refusesWhatTheOriginalRefusesAndGrantsWhatItGrants() {
    PrivacyBudget total = PrivacyBudget.of(1, 1e-6);
    PrivacyCost gaussian = PrivacyCost.gaussian(20);
    RecordingJournal journal = new RecordingJournal();
    PrivacyAccountant original = PrivacyAccountant.create(total, CLOCK, journal);
    original.allocate("count", PrivacyCost.pureDp(0.05));
    int granted = 0;
    while (original.tryAllocate("sum " + granted, gaussian).isPresent()) {
      granted++;
    }
    assertThat(granted).isBetween(5, 100);
    // Restored from the ledger one release before the original filled up, and from the full one.
    List<LedgerEntry> all = journal.all();
    PrivacyAccountant almostFull =
        PrivacyAccountant.restore(total, CLOCK, all.subList(0, all.size() - 1), entries -> {});
    PrivacyAccountant full = PrivacyAccountant.restore(total, CLOCK, all, entries -> {});

    assertThat(almostFull.canAllocate(gaussian)).isTrue();
    LedgerEntry last = almostFull.allocate("sum " + (granted - 1), gaussian);
    assertThat(last).isEqualTo(all.get(all.size() - 1));
    assertThat(almostFull.spent()).isEqualTo(original.spent());
    assertThat(almostFull.canAllocate(gaussian)).isFalse();

    assertThat(full.spent()).isEqualTo(original.spent());
    assertThat(full.canAllocate(gaussian)).isFalse();
    assertThatThrownBy(() -> full.allocate("one too many", gaussian))
        .isInstanceOf(PrivacyBudgetExceededException.class);
    PrivacyCost small = PrivacyCost.pureDp(1e-4);
    assertThat(original.canAllocate(small)).isTrue();
    assertThat(full.allocate("small", small)).isEqualTo(original.allocate("small", small));
    assertThat(full.spent()).isEqualTo(original.spent());
  }

  @Test
  void restore_gapInSequences_isRefusedNamingPositionAndSequence() {
    List<LedgerEntry> entries =
        List.of(entry(0, PrivacyCost.pureDp(0.1)), entry(2, PrivacyCost.pureDp(0.1)));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> restore(PrivacyBudget.pure(1), entries))
        .withMessageContaining("entries[1] has sequence 2, expected 1");
  }

  @Test
  void restore_outOfOrderRepeatedOrNotFromZero_isRefused() {
    PrivacyCost c = PrivacyCost.pureDp(0.1);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> restore(PrivacyBudget.pure(1), List.of(entry(1, c), entry(0, c))))
        .withMessageContaining("entries[0] has sequence 1, expected 0");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> restore(PrivacyBudget.pure(1), List.of(entry(0, c), entry(1, c), entry(1, c))))
        .withMessageContaining("entries[2] has sequence 1, expected 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> restore(PrivacyBudget.pure(1), List.of(entry(5, c))))
        .withMessageContaining("entries[0] has sequence 5, expected 0");
  }

  @Test
  void restore_ledgerSpendingMoreThanTheTotal_isRefusedStatingBoth() {
    List<LedgerEntry> entries =
        List.of(
            entry(0, PrivacyCost.pureDp(0.25)),
            entry(1, PrivacyCost.pureDp(0.25)),
            entry(2, PrivacyCost.pureDp(0.25)));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> restore(PrivacyBudget.pure(0.5), entries))
        .withMessageContaining("the ledger spends more than the total")
        .withMessageContaining("ε = 0.75, δ = 0.0")
        .withMessageContaining("the total is ε = 0.5, δ = 0.0");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> restore(PrivacyBudget.pure(100), List.of(entry(0, PrivacyCost.gaussian(50)))))
        .withMessageContaining("the ledger spends more than the total")
        .withMessageContaining("ε = Infinity")
        .withMessageContaining("the total is ε = 100.0, δ = 0.0");
  }

  @Test
  void restore_ledgerFillingTheTotalUpToTheTolerance_isAccepted() {
    List<LedgerEntry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      entries.add(entry(i, PrivacyCost.pureDp(0.1)));
    }

    PrivacyAccountant restored = restore(PrivacyBudget.pure(1), entries);

    assertThat(restored.ledger()).hasSize(10);
    assertThat(restored.canAllocate(PrivacyCost.pureDp(1e-9))).isFalse();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> restore(PrivacyBudget.pure(0.999999999), entries))
        .withMessageContaining("spends more than the total");
  }

  @Test
  void restore_nullArguments_throwNamingThem() {
    List<LedgerEntry> withNull = new ArrayList<>();
    withNull.add(entry(0, PrivacyCost.pureDp(0.1)));
    withNull.add(null);
    PrivacyBudget total = PrivacyBudget.pure(1);

    assertThatNullPointerException()
        .isThrownBy(() -> PrivacyAccountant.restore(total, CLOCK, withNull, entries -> {}))
        .withMessageContaining("entries[1]");
    assertThatNullPointerException()
        .isThrownBy(() -> PrivacyAccountant.restore(total, CLOCK, null, entries -> {}))
        .withMessageContaining("entries");
    assertThatNullPointerException()
        .isThrownBy(() -> PrivacyAccountant.restore(total, CLOCK, List.of(), null))
        .withMessageContaining("journal");
    assertThatNullPointerException()
        .isThrownBy(() -> PrivacyAccountant.restore(null, CLOCK, List.of(), entries -> {}))
        .withMessageContaining("total");
    assertThatNullPointerException()
        .isThrownBy(() -> PrivacyAccountant.restore(total, null, List.of(), entries -> {}))
        .withMessageContaining("clock");
  }

  // ---------------------------------------------------------------------------------------------
  // Restore, for random ledgers

  @Provide
  Arbitrary<PrivacyCost> costs() {
    Arbitrary<Double> epsilons = PrivacyCostTest.doubles(0.001, 0.4);
    Arbitrary<Double> sigmas = PrivacyCostTest.doubles(2, 40);
    return Arbitraries.oneOf(
        epsilons.map(PrivacyCost::pureDp),
        Combinators.combine(epsilons, Arbitraries.integers().between(1, 6))
            .as(PrivacyCost::boundedRange),
        Combinators.combine(epsilons, PrivacyCostTest.doubles(1e-10, 1e-7))
            .as(PrivacyCost::approximateDp),
        PrivacyCostTest.doubles(1e-5, 0.02).map(PrivacyCost::zcdp),
        sigmas.map(PrivacyCost::gaussian),
        Combinators.combine(sigmas, PrivacyCostTest.doubles(0.5, 3))
            .as(PrivacyCost::gaussian),
        Combinators.combine(
                Arbitraries.of(0.001, 0.01, 0.05, 1.0),
                Arbitraries.of(0.9, 1.5, 4.0),
                Arbitraries.integers().between(1, 300))
            .as(PrivacyCost::subsampledGaussian));
  }

  @Provide
  Arbitrary<List<List<PrivacyCost>>> batches() {
    return costs().list().ofMinSize(0).ofMaxSize(4).list().ofMinSize(1).ofMaxSize(12);
  }

  /**
   * Allocates random batches (some refused) on an accountant with a journal, restores another from
   * what the journal received, and checks that both agree on the ledger, the spent budget (bit for
   * bit) and the fate of further allocations.
   */
  @Property(tries = 150)
  void restore_randomLedgers_behaveExactlyLikeTheOriginal(
      @ForAll("batches") List<List<PrivacyCost>> batches,
      @ForAll("batches") List<List<PrivacyCost>> afterwards) {
    PrivacyBudget total = PrivacyBudget.of(3, 1e-5);
    RecordingJournal journal = new RecordingJournal();
    PrivacyAccountant original =
        PrivacyAccountant.create(total, new TickingClock(CLOCK.instant()), journal);
    for (int b = 0; b < batches.size(); b++) {
      allocateIfItFits(original, requests("batch " + b, batches.get(b)));
    }

    PrivacyAccountant restored =
        PrivacyAccountant.restore(
            total, new TickingClock(Instant.parse("2027-01-01T00:00:00Z")), journal.all(),
            entries -> {});

    assertThat(journal.all()).isEqualTo(original.ledger());
    assertThat(restored.ledger()).isEqualTo(original.ledger());
    assertSameSpent(restored, original);
    for (int b = 0; b < afterwards.size(); b++) {
      List<BudgetRequest> requests = requests("after " + b, afterwards.get(b));
      List<LedgerEntry> fromOriginal = allocateIfItFits(original, requests);
      List<LedgerEntry> fromRestored = allocateIfItFits(restored, requests);
      if (fromOriginal == null) {
        assertThat(fromRestored).isNull();
      } else {
        assertThat(fromRestored)
            .extracting(LedgerEntry::sequence)
            .containsExactlyElementsOf(fromOriginal.stream().map(LedgerEntry::sequence).toList());
        assertThat(fromRestored)
            .extracting(LedgerEntry::cost)
            .containsExactlyElementsOf(fromOriginal.stream().map(LedgerEntry::cost).toList());
      }
      assertSameSpent(restored, original);
    }
  }

  /** Returns the granted entries, or null if the batch did not fit. */
  private static List<LedgerEntry> allocateIfItFits(
      PrivacyAccountant accountant, List<BudgetRequest> requests) {
    try {
      return accountant.allocateAll(requests);
    } catch (PrivacyBudgetExceededException e) {
      return null;
    }
  }

  private static List<BudgetRequest> requests(String prefix, List<PrivacyCost> costs) {
    List<BudgetRequest> requests = new ArrayList<>();
    for (int i = 0; i < costs.size(); i++) {
      requests.add(BudgetRequest.of(prefix + " release " + i, costs.get(i)));
    }
    return requests;
  }

  private static void assertSameSpent(PrivacyAccountant actual, PrivacyAccountant expected) {
    SpentBudget a = actual.spent();
    SpentBudget e = expected.spent();
    assertThat(Double.doubleToRawLongBits(a.epsilon()))
        .as("ε bits of %s vs %s", a, e)
        .isEqualTo(Double.doubleToRawLongBits(e.epsilon()));
    assertThat(Double.doubleToRawLongBits(a.delta()))
        .as("δ bits of %s vs %s", a, e)
        .isEqualTo(Double.doubleToRawLongBits(e.delta()));
    assertThat(a.method()).isEqualTo(e.method());
  }

  private static LedgerEntry entry(long sequence, PrivacyCost cost) {
    return new LedgerEntry(sequence, "release " + sequence, CLOCK.instant(), cost);
  }

  private static PrivacyAccountant restore(PrivacyBudget total, List<LedgerEntry> entries) {
    return PrivacyAccountant.restore(total, CLOCK, entries, e -> {});
  }
}
