package io.privrec.core.privacy;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.privacy.internal.DefaultConsentRegister;
import io.privrec.core.internal.CorePreconditions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The record of what each customer allowed, per {@link Purpose}: every grant and withdrawal with
 * its time and source, the current standing, and proofs of erasure.
 *
 * <pre>{@code
 * ConsentRegister consent = ConsentRegister.builder()
 *     .regime(Regime.OPT_IN)
 *     .pseudonymizer(Pseudonymizer.of(key))
 *     .storage(Path.of("/var/lib/shop/consent"))   // omit for an in-memory register
 *     .build();
 * consent.grant("customer-42", Purpose.PERSONALISATION, "web-banner");
 * boolean ok = consent.isAllowed("customer-42", Purpose.MODEL_TRAINING);   // false under OPT_IN
 * InteractionMatrix trainable = consent.keepAllowed(interactions, Purpose.MODEL_TRAINING);
 * ErasureProof proof = consent.erase("customer-42", "art17-request-881");
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Every change gets the next sequence number ({@code 1, 2, …}); a customer's standing for a
 *       purpose is her latest decision by sequence (not by the {@code at} timestamp), or the
 *       {@link Regime}'s default if she never decided.
 *   <li>{@link #erase} removes the customer's history and keeps an {@link ErasureProof} holding
 *       her pseudonym, not her id. Until she makes a new decision, an erased customer is allowed
 *       <em>nothing</em>, whatever the regime (an erasure request implies objection to further
 *       processing of data that might still arrive). A later decision starts a new history.
 *   <li>Ids are compared exactly. Customer ids, sources and reasons are non-blank and at most
 *       1024 characters.
 * </ul>
 *
 * <h2>Durability</h2>
 * With {@link Builder#storage(Path)}, a change is <em>acknowledged</em> (the mutating method
 * returns) only after its record is appended to the change log and forced to the storage device;
 * a crash (process kill, power loss with honest disks) loses no acknowledged change. The directory
 * (created with permissions 0700 where the file system has POSIX permissions; its files are 0600)
 * holds a snapshot ({@code consent.snapshot}, replaced atomically, checksummed), the log ({@code
 * consent.log}, one length- and CRC32C-framed record per change) and a lock file ({@code lock}).
 * Opening loads the snapshot and replays later log records. A torn final write (crash mid-append)
 * is cut off: it was never acknowledged; its bytes are kept aside in {@code
 * consent.log.torn-<offset>} (and a warning logged) until the next erasure deletes them, as they
 * might hold the erased customer's data. Damage anywhere else fails with {@link
 * IllegalStateException} naming the file, and so does a log that was compacted while the snapshot
 * it relies on is missing or older (a directory restored incompletely would otherwise open as an
 * empty register). Temporary files left by a compaction that was killed are removed on open.
 * {@link #compact()} writes a new snapshot and empties the log; it also runs automatically every
 * {@link Builder#compactAfter(int)} changes and after every erasure (once per {@link #eraseAll}
 * batch), so an erased customer's history is gone from the files when {@code erase} returns.
 * (Blocks freed by the file system are not overwritten: use encrypted storage if that matters.)
 * One register per directory: a second open, in this or another process, fails.
 *
 * <h2>Batches</h2>
 * {@link #grantAll}, {@link #withdrawAll} and {@link #eraseAll} apply many changes for the cost of
 * about one: every argument is checked first (nothing is recorded if one is bad), then the
 * registers built by {@link #builder()} append the whole batch to the log with one write and one
 * force, and {@code eraseAll} compacts once for the whole batch. A batch is all or nothing, even
 * across a crash. Messages about a bad element name its position ({@code customerIds[3]}), never
 * the id.
 *
 * <h2>Thread-safety</h2>
 * Implementations are thread-safe. Queries are lock-free and see every change acknowledged
 * before they started; changes and compaction are serialised (one change is forced at a time).
 * I/O failures surface as {@link java.io.UncheckedIOException}; the change is then not applied.
 */
public interface ConsentRegister extends AutoCloseable {

  /** Starts configuring a register (defaults: {@link Regime#OPT_IN}, system UTC clock, in memory). */
  static Builder builder() {
    return new Builder();
  }

  /** The default for customers without a decision. */
  Regime regime();

  /**
   * Records that {@code customerId} grants {@code purpose}, now (by the register's clock).
   *
   * @param source where the decision came from, e.g. {@code "web-banner"}
   * @return the acknowledged event
   * @throws IllegalArgumentException if the id or source is blank or longer than 1024 chars
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the register is closed
   */
  ConsentEvent grant(String customerId, Purpose purpose, String source);

  /**
   * Records that {@code customerId} withdraws (or refuses) {@code purpose}, now.
   *
   * @return the acknowledged event
   * @throws IllegalArgumentException if the id or source is blank or longer than 1024 chars
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the register is closed
   */
  ConsentEvent withdraw(String customerId, Purpose purpose, String source);

  /**
   * Records a decision made at {@code at} (e.g. imported from a consent-management platform); it
   * still becomes the customer's latest decision for the purpose.
   *
   * @return the acknowledged event
   * @throws IllegalArgumentException if the id or source is blank or longer than 1024 chars
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the register is closed
   */
  ConsentEvent record(String customerId, Purpose purpose, ConsentStatus status, Instant at, String source);

  /**
   * Erases the customer's consent history, keeping only an {@link ErasureProof} (GDPR art. 17,
   * CCPA § 1798.105), then compacts durable storage so the history is gone from disk too. Each
   * call writes a whole snapshot: erase many customers with {@link #eraseAll}.
   *
   * @param reason why, e.g. {@code "art17-request-881"}; it is kept in the proof, so it must not
   *     contain her id or other personal data
   * @return the acknowledged proof
   * @throws IllegalArgumentException if the customer has no recorded history (unknown), or the id
   *     or reason is blank or longer than 1024 chars
   * @throws IllegalStateException if she was already erased and has decided nothing since ("already
   *     erased"), or the register is closed
   * @throws NullPointerException if an argument is null
   */
  ErasureProof erase(String customerId, String reason);

  /**
   * Records that each of {@code customerIds} grants {@code purpose}, now, as one batch: the
   * events get consecutive sequence numbers in iteration order, share one timestamp, and are
   * acknowledged together (one forced log write). Listeners are told of each event, in order,
   * after the whole batch is durable. A customer listed twice gets two events.
   *
   * <p>The default implementation checks every argument, then calls {@link #grant} per customer
   * (not all or nothing, one forced write each); the registers built by {@link #builder()} do it
   * as described above.
   *
   * @param customerIds the customers; an empty collection records nothing
   * @param source where the decisions came from, e.g. {@code "crm-import-2026-11"}
   * @return the acknowledged events, in order
   * @throws IllegalArgumentException if an id ({@code customerIds[i]}, by position) or the source
   *     is blank or longer than 1024 chars; nothing is recorded
   * @throws NullPointerException if an argument or id is null; nothing is recorded
   * @throws IllegalStateException if the register is closed
   */
  default List<ConsentEvent> grantAll(Collection<String> customerIds, Purpose purpose, String source) {
    return eachChecked(customerIds, purpose, source, id -> grant(id, purpose, source));
  }

  /** Checks a batch's arguments, then records {@code decision} per customer, in order. */
  private static List<ConsentEvent> eachChecked(Collection<String> customerIds, Purpose purpose, String source,
      java.util.function.Function<String, ConsentEvent> decision) {
    List<String> ids = CorePreconditions.checkTexts("customerIds", customerIds);
    requireNonNull(purpose, "purpose");
    CorePreconditions.checkText("source", source);
    List<ConsentEvent> events = new ArrayList<>(ids.size());
    for (String id : ids) {
      events.add(decision.apply(id));
    }
    return List.copyOf(events);
  }

  /**
   * Records that each of {@code customerIds} withdraws (or refuses) {@code purpose}, now, as one
   * batch; otherwise as {@link #grantAll}.
   *
   * @param customerIds the customers; an empty collection records nothing
   * @param source where the decisions came from
   * @return the acknowledged events, in order
   * @throws IllegalArgumentException if an id ({@code customerIds[i]}, by position) or the source
   *     is blank or longer than 1024 chars; nothing is recorded
   * @throws NullPointerException if an argument or id is null; nothing is recorded
   * @throws IllegalStateException if the register is closed
   */
  default List<ConsentEvent> withdrawAll(Collection<String> customerIds, Purpose purpose, String source) {
    return eachChecked(customerIds, purpose, source, id -> withdraw(id, purpose, source));
  }

  /**
   * Erases every customer in {@code customerIds} as {@link #erase} does, as one batch: all are
   * checked first, then one forced log write records every proof (consecutive sequence numbers in
   * iteration order, one timestamp) and one compaction removes all the erased histories from disk
   * before this returns. The cost is one write and one snapshot, not one of each per customer.
   *
   * <p>The default implementation checks every customer, then calls {@link #erase} per customer
   * (a compaction each, and not all or nothing if another thread changes the register meanwhile);
   * the registers built by {@link #builder()} do it as described above.
   *
   * @param customerIds distinct customers, each with a recorded history; an empty collection
   *     erases nothing
   * @param reason why, kept in every proof; it must not contain personal data
   * @return the acknowledged proofs, in the order of {@code customerIds}
   * @throws IllegalArgumentException if a customer is unknown, listed twice, or an id or the reason
   *     is blank or longer than 1024 chars (naming positions such as {@code customerIds[3]}, never
   *     ids); nothing is erased
   * @throws IllegalStateException if a customer is already erased and has decided nothing since,
   *     or the register is closed; nothing is erased
   * @throws NullPointerException if an argument or id is null; nothing is erased
   * @throws java.io.UncheckedIOException if the batch cannot be recorded (nothing is erased) or,
   *     once recorded, the compaction fails (the message says so; the histories stay on disk until
   *     {@link #compact()} succeeds)
   */
  default List<ErasureProof> eraseAll(Collection<String> customerIds, String reason) {
    List<String> ids = CorePreconditions.checkTexts("customerIds", customerIds);
    CorePreconditions.checkText("reason", reason);
    CorePreconditions.checkDistinctUnquoted("customerIds", ids);
    for (int i = 0; i < ids.size(); i++) {
      if (!isKnown(ids.get(i))) {
        if (isErased(ids.get(i))) {
          throw new IllegalStateException("customerIds[" + i + "] names a customer who is already erased and has no "
              + "history since (the id is not repeated here)");
        }
        throw CorePreconditions.unknownCustomer("customerIds[" + i + "]",
            "the register holds no history for this customer");
      }
    }
    List<ErasureProof> proofs = new ArrayList<>(ids.size());
    for (String id : ids) {
      proofs.add(erase(id, reason));
    }
    return List.copyOf(proofs);
  }

  /**
   * Whether {@code purpose} is allowed for {@code customerId}: her latest decision, else {@code
   * false} if she was erased, else the regime's default.
   *
   * @throws IllegalArgumentException if the id is blank
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the register is closed
   */
  boolean isAllowed(String customerId, Purpose purpose);

  /**
   * Whether the customer has a recorded history (at least one decision since any erasure).
   *
   * @throws IllegalArgumentException if the id is blank
   * @throws NullPointerException if the id is null
   * @throws IllegalStateException if the register is closed
   */
  boolean isKnown(String customerId);

  /**
   * Whether the customer was erased and has decided nothing since.
   *
   * @throws IllegalArgumentException if the id is blank
   * @throws NullPointerException if the id is null
   * @throws IllegalStateException if the register is closed
   */
  boolean isErased(String customerId);

  /**
   * The customer's decisions in sequence order (GDPR art. 15 access); empty if she has none.
   *
   * @throws IllegalArgumentException if the id is blank
   * @throws NullPointerException if the id is null
   * @throws IllegalStateException if the register is closed
   */
  List<ConsentEvent> history(String customerId);

  /**
   * The erasure proofs whose pseudonym matches {@code customerId} under a key the register's
   * pseudonymizer holds, oldest first.
   *
   * @throws IllegalArgumentException if the id is blank
   * @throws NullPointerException if the id is null
   * @throws IllegalStateException if the register is closed
   */
  List<ErasureProof> erasureProofs(String customerId);

  /**
   * Every erasure proof, oldest first.
   *
   * @throws IllegalStateException if the register is closed
   */
  List<ErasureProof> erasureProofs();

  /**
   * The customers among {@code customerIds} for whom {@code purpose} is not allowed.
   *
   * @throws IllegalArgumentException if an id is blank
   * @throws NullPointerException if an argument or id is null
   * @throws IllegalStateException if the register is closed
   */
  Set<String> excluded(Purpose purpose, Collection<String> customerIds);

  /**
   * The customers among {@code customerIds} whose data must not be used in model training and
   * aggregate statistics ({@link Purpose#MODEL_TRAINING} not allowed).
   *
   * @throws IllegalArgumentException if an id is blank
   * @throws NullPointerException if an argument or id is null
   * @throws IllegalStateException if the register is closed
   */
  default Set<String> excludedFromTraining(Collection<String> customerIds) {
    return excluded(Purpose.MODEL_TRAINING, customerIds);
  }

  /**
   * Returns {@code data} without the interactions of users for whom {@code purpose} is not
   * allowed (they stay in the id index with empty rows, so indices line up with {@code data}); the
   * same instance if every user is allowed. User ids of {@code data} are looked up as customer ids.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the register is closed
   */
  default InteractionMatrix keepAllowed(InteractionMatrix data, Purpose purpose) {
    requireNonNull(data, "data");
    requireNonNull(purpose, "purpose");
    IdIndex users = data.users();
    boolean[] allowed = new boolean[users.size()];
    boolean all = true;
    for (int u = 0; u < allowed.length; u++) {
      allowed[u] = isAllowed(users.id(u), purpose);
      all &= allowed[u];
    }
    return all ? data : data.filter((user, item, weight, time) -> allowed[user]);
  }

  /**
   * Registers {@code listener} to be told of every acknowledged consent change (grant, withdrawal,
   * recorded decision) after it is durable and applied, on the thread that made the change and
   * outside the register's lock. Listeners must be quick and must not throw; an exception is logged
   * and ignored. Erasures are not consent changes and are not reported. The facade uses this to take
   * a training withdrawal into account at once.
   *
   * @throws NullPointerException if {@code listener} is null
   */
  void addListener(java.util.function.Consumer<ConsentEvent> listener);

  /**
   * Removes a listener added with {@link #addListener} (no effect if it is not registered); may be
   * called from within a listener.
   *
   * @throws NullPointerException if {@code listener} is null
   */
  void removeListener(java.util.function.Consumer<ConsentEvent> listener);

  /**
   * Totals for reports, consistent as of one sequence number.
   *
   * @throws IllegalStateException if the register is closed
   */
  ConsentCounts counts();

  /**
   * Sequence number of the latest acknowledged change (0 for a new register).
   *
   * @throws IllegalStateException if the register is closed
   */
  long lastSequence();

  /**
   * Writes a snapshot atomically and empties the change log (no-op in memory). Changes wait
   * meanwhile.
   *
   * @throws java.io.UncheckedIOException if writing fails (the previous snapshot and log remain
   *     valid)
   * @throws IllegalStateException if the register is closed
   */
  void compact();

  /**
   * Releases the files and the directory lock; later calls (except {@code close}) throw {@link
   * IllegalStateException}. Idempotent. Does not compact: the log is already durable.
   */
  @Override
  void close();

  /** Configures a {@link ConsentRegister}. Not thread-safe. */
  final class Builder {
    private Regime regime = Regime.OPT_IN;
    private Pseudonymizer pseudonymizer;
    private Clock clock = Clock.systemUTC();
    private Path storage;
    private int compactAfter = 100_000;

    private Builder() {}

    /**
     * The default for customers without a decision (default {@link Regime#OPT_IN}). The regime is
     * configuration, not stored: reopening a directory under another regime changes the standing
     * of every customer without a decision.
     */
    public Builder regime(Regime regime) {
      this.regime = requireNonNull(regime, "regime");
      return this;
    }

    /** Makes erasure proofs (required). */
    public Builder pseudonymizer(Pseudonymizer pseudonymizer) {
      this.pseudonymizer = requireNonNull(pseudonymizer, "pseudonymizer");
      return this;
    }

    /** Timestamps {@link #grant}, {@link #withdraw} and {@link #erase} (default system UTC). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Keeps the register durably in {@code directory} (created if missing; loaded if it holds a
     * register). Default: in memory only.
     */
    public Builder storage(Path directory) {
      this.storage = requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Compacts automatically once the log holds this many changes (default 100 000).
     *
     * @throws IllegalArgumentException if {@code changes < 1}
     */
    public Builder compactAfter(int changes) {
      this.compactAfter = CorePreconditions.checkPositive("compactAfter", changes);
      return this;
    }

    /**
     * Opens the register, recovering durable state if any.
     *
     * @throws IllegalStateException if no pseudonymizer was set, the directory is locked by another
     *     register, or its files are corrupt (the message names the file)
     * @throws java.io.UncheckedIOException if the directory cannot be read or written
     */
    public ConsentRegister build() {
      if (pseudonymizer == null) {
        throw new IllegalStateException("pseudonymizer(...) must be set before build(): erasure proofs need it");
      }
      return DefaultConsentRegister.open(regime, pseudonymizer, clock, storage, compactAfter);
    }
  }
}
