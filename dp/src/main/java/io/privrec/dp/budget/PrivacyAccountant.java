package io.privrec.dp.budget;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.internal.JsonWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A privacy accountant: holds a total (ε, δ) budget and a ledger of spends, and grants a release
 * only if the whole ledger, including it, stays within the total. Every DP release must be charged
 * here <em>before</em> its result is computed or shown.
 *
 * <p><b>All or nothing.</b> {@link #allocate} and {@link #allocateAll} either record every
 * requested spend or throw {@link PrivacyBudgetExceededException} and record nothing.
 *
 * <p><b>How spent (ε, δ) is computed.</b> The ledger's spends fall into three groups: approximate
 * (ε, δ) spends A, pure ε spends P (including bounded-range selections, k of them counting as k
 * ε-DP mechanisms), and spends with a Rényi curve but no pure bound R (zCDP,
 * Gaussian, subsampled Gaussian). A is always composed by basic composition, giving (ε<sub>A</sub>,
 * δ<sub>A</sub>); the rest of the total δ, s = δ<sub>total</sub> − δ<sub>A</sub>, is available for
 * P ∪ R, which gets the smallest ε among the applicable candidates:
 *
 * <ul>
 *   <li>{@link CompositionMethod#BASIC} (only if R is empty): (Σε<sub>P</sub>, 0);
 *   <li>{@link CompositionMethod#ADVANCED} (only if R is empty and s &gt; 0): Dwork, Rothblum &amp;
 *       Vadhan 2010 with |P| mechanisms of max<sub>P</sub> ε and δ′ = s;
 *   <li>{@link CompositionMethod#RENYI} (if s &gt; 0): the RDP curves of P ∪ R added order by
 *       order (Mironov 2017, Prop. 1), pure ε taken as min(ε, αε²/2) and bounded-range ε as
 *       min(ε, αε²/8), then converted at δ = s by
 *       {@link RenyiDp#epsilon} (Balle et al. 2020, Thm. 21). Gaussian and zCDP spends are linear
 *       in α, so k Gaussian releases with noise multiplier σ cost exactly one with σ/√k.
 * </ul>
 *
 * The spent budget is (ε<sub>A</sub> + ε<sub>P∪R</sub>, δ<sub>A</sub> + the δ used by the chosen
 * candidate). Every candidate is a valid guarantee for the same sequence of mechanisms, so taking
 * the minimum is sound; the two groups combine by basic composition, which also holds when their
 * mechanisms interleave (Vadhan &amp; Wang 2021, concurrent composition). With δ<sub>total</sub> =
 * 0 only pure spends fit. An allocation is granted when spent ε ≤ ε<sub>total</sub>·(1 + {@value
 * #RELATIVE_TOLERANCE}) and likewise δ; the tolerance absorbs rounding when a budget is split into
 * equal shares (ten spends of 0.1 fill a budget of 1) and is far below any meaningful spend.
 *
 * <p><b>Adaptivity.</b> The guarantees assume that each mechanism's privacy parameters do not
 * depend on earlier outputs (the outputs themselves may be used adaptively). Choosing parameters
 * adaptively calls for privacy filters (Rogers, Roth, Ullman &amp; Vadhan 2016; Feldman &amp;
 * Zrnic 2021); basic composition remains valid as a filter.
 *
 * <p><b>Durability.</b> An accountant created with a {@link LedgerJournal} ({@link
 * #create(PrivacyBudget, Clock, LedgerJournal)}) hands every granted allocation's entries to the
 * journal while holding its lock, after the budget check and before adding them to the ledger; the
 * journal must make them durable before returning. If the journal throws, nothing is recorded and
 * the exception propagates to the caller of {@link #allocate}, {@link #allocateAll} or {@link
 * #tryAllocate}, so no release is ever granted that is not in the durable ledger. {@link #restore}
 * rebuilds an accountant from such a ledger: it composes the entries in sequence order exactly as
 * the original accountant did, so {@link #spent()} is bit for bit the same and later allocations
 * are granted or refused as they would have been by the original. The accountant itself keeps
 * everything in memory; the other {@code create} methods use a journal that does nothing.
 *
 * <p>Thread-safe: all methods are atomic with respect to each other (a single lock), so concurrent
 * callers can never overspend the total. Each allocation with Rényi spends in the ledger costs a
 * search over about 300 orders.
 */
public final class PrivacyAccountant {

  /** Relative slack allowed when comparing spent with total; see the class documentation. */
  public static final double RELATIVE_TOLERANCE = 1e-12;

  private static final LedgerJournal NO_JOURNAL = entries -> {};

  private final PrivacyBudget total;
  private final Clock clock;
  private final LedgerJournal journal;
  private final List<LedgerEntry> ledger = new ArrayList<>();
  private LedgerComposition composition = new LedgerComposition();
  /** True while {@link #journal} runs, to refuse allocations made from inside it. */
  private boolean journaling;

  private PrivacyAccountant(PrivacyBudget total, Clock clock, LedgerJournal journal) {
    this.total = DpPreconditions.checkNotNull(total, "total");
    this.clock = DpPreconditions.checkNotNull(clock, "clock");
    this.journal = DpPreconditions.checkNotNull(journal, "journal");
  }

  /**
   * Returns an accountant with an empty ledger and total budget {@code total}, stamping ledger
   * entries with the UTC system clock.
   *
   * @throws NullPointerException if {@code total} is null
   */
  public static PrivacyAccountant create(PrivacyBudget total) {
    return create(total, Clock.systemUTC());
  }

  /**
   * Returns an accountant with an empty ledger and total budget {@code total}, stamping ledger
   * entries with {@code clock}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static PrivacyAccountant create(PrivacyBudget total, Clock clock) {
    return new PrivacyAccountant(total, clock, NO_JOURNAL);
  }

  /**
   * Returns an accountant with an empty ledger and total budget {@code total}, stamping ledger
   * entries with {@code clock} and handing every granted allocation's entries to {@code journal}
   * before recording them (see {@link LedgerJournal} for the contract).
   *
   * @throws NullPointerException if an argument is null
   */
  public static PrivacyAccountant create(PrivacyBudget total, Clock clock, LedgerJournal journal) {
    return new PrivacyAccountant(total, clock, journal);
  }

  /**
   * Returns an accountant whose ledger is {@code entries}, as read back from the durable ledger
   * that a {@link LedgerJournal} wrote. The entries are composed in order exactly as if they had
   * been allocated one after another, which gives the same {@link #spent()}, bit for bit, as the
   * accountant that granted them (however they were batched), and they are kept as given: sequence
   * numbers, labels, timestamps and costs. {@code journal} is not called for them; it receives the
   * entries of later allocations, which continue the sequence at {@code entries.size()}.
   *
   * <p>{@code total} should be the total the ledger was granted under: a ledger is accepted under
   * any total it fits in, but one that spends more than {@code total} (beyond {@link
   * #RELATIVE_TOLERANCE}, as for an allocation) is refused.
   *
   * @param total the total budget, usually the one the ledger was granted under
   * @param clock the clock stamping later entries
   * @param entries the ledger, with sequence numbers 0, 1, …, n − 1 in this order; copied
   * @param journal receives the entries of later allocations
   * @return an accountant holding {@code entries}
   * @throws NullPointerException if an argument or an element of {@code entries} is null
   * @throws IllegalArgumentException if {@code entries.get(i).sequence() != i} for some i, or the
   *     entries together spend more than {@code total}
   */
  public static PrivacyAccountant restore(
      PrivacyBudget total, Clock clock, List<LedgerEntry> entries, LedgerJournal journal) {
    PrivacyAccountant accountant = new PrivacyAccountant(total, clock, journal);
    DpPreconditions.checkNotNull(entries, "entries");
    for (int i = 0; i < entries.size(); i++) {
      LedgerEntry entry = entries.get(i);
      if (entry == null) {
        throw new NullPointerException("entries[" + i + "] must not be null");
      }
      if (entry.sequence() != i) {
        throw new IllegalArgumentException(
            "entries[" + i + "] has sequence " + entry.sequence() + ", expected " + i
                + ": a ledger's sequences must be 0, 1, ..., n - 1 in order (no gap, repeat or"
                + " reordering)");
      }
      accountant.composition.add(entry.cost());
      accountant.ledger.add(entry);
    }
    LedgerComposition.Loss loss = accountant.composition.spent(total.delta());
    if (!accountant.fits(loss)) {
      throw new IllegalArgumentException(
          "the ledger spends more than the total: its " + entries.size() + " entries spend ε = "
              + loss.epsilon() + ", δ = " + loss.delta() + " (" + loss.method()
              + "), the total is ε = " + total.epsilon() + ", δ = " + total.delta());
    }
    return accountant;
  }

  /** Returns the total budget. */
  public PrivacyBudget total() {
    return total;
  }

  /**
   * Charges {@code cost} for the release described by {@code label}, or throws and records
   * nothing. The label is kept in the ledger, written by {@link #writeJson} and quoted in the
   * refusal message: build it from configuration only (mechanism, parameters, fixed names), never
   * from the data (no customer or item ids taken from data, no values, no counts).
   *
   * @return the ledger entry recorded
   * @throws PrivacyBudgetExceededException if the ledger with this spend would exceed the total
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code label} is blank
   * @throws IllegalStateException if called from this accountant's {@link LedgerJournal}
   * @throws RuntimeException whatever the journal throws; nothing is recorded
   */
  public synchronized LedgerEntry allocate(String label, PrivacyCost cost) {
    return allocateAll(List.of(BudgetRequest.of(label, cost))).get(0);
  }

  /**
   * Charges {@code cost} if it fits; returns the entry, or empty (recording nothing, not calling
   * the journal) if it does not.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code label} is blank
   * @throws IllegalStateException if called from this accountant's {@link LedgerJournal}
   * @throws RuntimeException whatever the journal throws; nothing is recorded
   */
  public synchronized Optional<LedgerEntry> tryAllocate(String label, PrivacyCost cost) {
    checkNotJournaling();
    BudgetRequest request = BudgetRequest.of(label, cost);
    LedgerComposition candidate = composition.copy();
    candidate.add(request.cost());
    if (!fits(candidate.spent(total.delta()))) {
      return Optional.empty();
    }
    return Optional.of(commit(List.of(request), candidate).get(0));
  }

  /**
   * Charges every request in {@code requests} or none of them: if the ledger with all of them would
   * exceed the total, throws and records nothing. Entries share one timestamp and get consecutive
   * sequence numbers in list order; the journal receives them in one call. An empty list records
   * nothing, does not call the journal and returns an empty list.
   *
   * @return the recorded entries, in request order
   * @throws PrivacyBudgetExceededException if the requests together do not fit
   * @throws NullPointerException if {@code requests} or an element is null
   * @throws IllegalStateException if called from this accountant's {@link LedgerJournal}
   * @throws RuntimeException whatever the journal throws; nothing is recorded
   */
  public synchronized List<LedgerEntry> allocateAll(List<BudgetRequest> requests) {
    checkNotJournaling();
    DpPreconditions.checkNotNull(requests, "requests");
    LedgerComposition candidate = composition.copy();
    for (int i = 0; i < requests.size(); i++) {
      BudgetRequest request = requests.get(i);
      if (request == null) {
        throw new NullPointerException("requests[" + i + "] must not be null");
      }
      candidate.add(request.cost());
    }
    LedgerComposition.Loss loss = candidate.spent(total.delta());
    if (!fits(loss)) {
      LedgerComposition alone = new LedgerComposition();
      for (BudgetRequest request : requests) {
        alone.add(request.cost());
      }
      throw PrivacyBudgetExceededException.refusal(
          requests, alone.spent(total.delta()), loss, total, spent(), ledger.size());
    }
    return commit(requests, candidate);
  }

  /** Returns whether {@code cost} would be granted now (no guarantee for a later call). */
  public synchronized boolean canAllocate(PrivacyCost cost) {
    DpPreconditions.checkNotNull(cost, "cost");
    LedgerComposition candidate = composition.copy();
    candidate.add(cost);
    return fits(candidate.spent(total.delta()));
  }

  /** Returns the (ε, δ) spent by the ledger, by the rule in the class documentation. */
  public synchronized SpentBudget spent() {
    LedgerComposition.Loss loss = composition.spent(total.delta());
    return new SpentBudget(loss.epsilon(), loss.delta(), loss.method());
  }

  /** Returns a snapshot of the ledger, in allocation order. */
  public synchronized List<LedgerEntry> ledger() {
    return List.copyOf(ledger);
  }

  /**
   * Writes the total, the spent budget and the ledger as one JSON object:
   *
   * <pre>{@code
   * {"total":{"epsilon":1.0,"delta":1.0E-6},
   *  "spent":{"epsilon":0.5,"delta":1.0E-6,"method":"RENYI"},
   *  "entries":[{"sequence":0,"label":"top-k items","timestamp":"2026-01-01T00:00:00Z",
   *              "mechanism":"gaussian","kind":"GAUSSIAN","parameters":{"noiseMultiplier":4.5}}]}
   * }</pre>
   *
   * @throws java.io.UncheckedIOException if {@code out} throws an {@link java.io.IOException}
   */
  public synchronized void writeJson(Appendable out) {
    JsonWriter w = JsonWriter.to(DpPreconditions.checkNotNull(out, "out"));
    SpentBudget spent = spent();
    w.beginObject();
    w.name("total").beginObject();
    w.name("epsilon").value(total.epsilon()).name("delta").value(total.delta());
    w.endObject();
    w.name("spent").beginObject();
    w.name("epsilon").value(spent.epsilon()).name("delta").value(spent.delta());
    w.name("method").value(spent.method().name());
    w.endObject();
    w.name("entries").beginArray();
    for (LedgerEntry e : ledger) {
      w.beginObject();
      w.name("sequence").value(e.sequence());
      w.name("label").value(e.label());
      w.name("timestamp").value(e.timestamp().toString());
      w.name("mechanism").value(e.cost().mechanism());
      w.name("kind").value(e.cost().kind().name());
      w.name("parameters").beginObject();
      for (Map.Entry<String, Number> p : e.cost().parameters().entrySet()) {
        w.name(p.getKey());
        if (p.getValue() instanceof Integer i) {
          w.value(i.longValue());
        } else {
          w.value(p.getValue().doubleValue());
        }
      }
      w.endObject();
      w.endObject();
    }
    w.endArray();
    w.endObject();
    w.finish();
  }

  /** Returns {@link #writeJson(Appendable)}'s output as a string. */
  public String toJson() {
    StringBuilder sb = new StringBuilder();
    writeJson(sb);
    return sb.toString();
  }

  @Override
  public synchronized String toString() {
    return "PrivacyAccountant[total=" + total + ", spent=" + spent() + ", entries="
        + ledger.size() + "]";
  }

  private boolean fits(LedgerComposition.Loss loss) {
    return loss.epsilon() <= total.epsilon() * (1 + RELATIVE_TOLERANCE)
        && loss.delta() <= total.delta() * (1 + RELATIVE_TOLERANCE);
  }

  private void checkNotJournaling() {
    if (journaling) {
      throw new IllegalStateException(
          "allocation from inside this accountant's LedgerJournal.record is not allowed: the"
              + " entries being journaled are not committed yet");
    }
  }

  /** Journals, then records, the entries of {@code requests}; nothing if the journal throws. */
  private List<LedgerEntry> commit(List<BudgetRequest> requests, LedgerComposition candidate) {
    if (requests.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    List<LedgerEntry> built = new ArrayList<>(requests.size());
    for (BudgetRequest r : requests) {
      built.add(new LedgerEntry(ledger.size() + built.size(), r.label(), now, r.cost()));
    }
    List<LedgerEntry> entries = List.copyOf(built);
    journaling = true;
    try {
      journal.record(entries);
    } finally {
      journaling = false;
    }
    ledger.addAll(entries);
    composition = candidate;
    return entries;
  }
}
