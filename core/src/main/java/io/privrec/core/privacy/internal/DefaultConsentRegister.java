package io.privrec.core.privacy.internal;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.internal.storage.DirectoryLock;
import io.privrec.core.internal.storage.DurableFiles;
import io.privrec.core.internal.storage.FramedLog;
import io.privrec.core.privacy.ConsentCounts;
import io.privrec.core.privacy.ConsentEvent;
import io.privrec.core.privacy.ConsentRegister;
import io.privrec.core.privacy.ConsentStatus;
import io.privrec.core.privacy.ErasureProof;
import io.privrec.core.privacy.Pseudonymizer;
import io.privrec.core.privacy.Purpose;
import io.privrec.core.privacy.Regime;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * The {@link ConsentRegister} implementation: a {@link ConsentState} guarded by a write lock, with
 * optional durable storage in a directory: a snapshot ({@link SnapshotFile}), a change log
 * ({@link FramedLog}) whose base sequence records the snapshot it continues from, and a {@link
 * DirectoryLock}. See {@link ConsentRegister} for the contract.
 *
 * <p>Batches ({@link #grantAll}, {@link #withdrawAll}, {@link #eraseAll}) are appended to the log
 * as one {@link FramedLog#appendAll} batch: one write and one force, replayed entirely or not at
 * all after a crash; an erasure batch is followed by one compaction.
 */
public final class DefaultConsentRegister implements ConsentRegister {
  private final java.util.List<java.util.function.Consumer<ConsentEvent>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  static final String SNAPSHOT = "consent.snapshot";
  static final String LOG = "consent.log";
  /** Identifies a consent change log in its file header ({@code "PRCL"}). */
  static final int LOG_MAGIC = 0x5052434c;
  static final String LOG_DESCRIPTION = "consent change log";

  private static final System.Logger LOGGER = System.getLogger(DefaultConsentRegister.class.getName());

  private final Regime regime;
  private final Pseudonymizer pseudonymizer;
  private final Clock clock;
  private final int compactAfter;
  private final ConsentState state;
  private final Storage storage; // null in memory
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile boolean closed;
  private long compactions; // guarded by writeLock

  private DefaultConsentRegister(Regime regime, Pseudonymizer pseudonymizer, Clock clock, int compactAfter,
      ConsentState state, Storage storage) {
    this.regime = regime;
    this.pseudonymizer = pseudonymizer;
    this.clock = clock;
    this.compactAfter = compactAfter;
    this.state = state;
    this.storage = storage;
  }

  /**
   * Opens a register; {@code directory} null means in memory.
   *
   * @throws IllegalStateException if the directory is locked or its files are corrupt
   * @throws UncheckedIOException on I/O failure
   */
  public static ConsentRegister open(Regime regime, Pseudonymizer pseudonymizer, Clock clock, Path directory,
      int compactAfter) {
    ConsentState state = new ConsentState(regime, pseudonymizer);
    if (directory == null) {
      return new DefaultConsentRegister(regime, pseudonymizer, clock, compactAfter, state, null);
    }
    Storage storage;
    try {
      storage = Storage.open(directory, state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open consent register in " + directory + ": " + e.getMessage(), e);
    }
    DefaultConsentRegister register = new DefaultConsentRegister(regime, pseudonymizer, clock, compactAfter, state, storage);
    if (storage.needsCompaction) {
      // Replayed an erasure, or records the snapshot already covers: rewrite so no erased history
      // or stale record stays on disk.
      try {
        register.compact();
        if (storage.replayedErasure) {
          // The replayed erasure never got its scrub; a tail cut by this open came after it.
          storage.scrubTornTails(storage.log.tornTail());
        }
      } catch (RuntimeException e) {
        register.close();
        throw e;
      }
    }
    return register;
  }

  @Override
  public Regime regime() {
    return regime;
  }

  @Override
  public ConsentEvent grant(String customerId, Purpose purpose, String source) {
    return record(customerId, purpose, ConsentStatus.GRANTED, clock.instant(), source);
  }

  @Override
  public ConsentEvent withdraw(String customerId, Purpose purpose, String source) {
    return record(customerId, purpose, ConsentStatus.WITHDRAWN, clock.instant(), source);
  }

  @Override
  public ConsentEvent record(String customerId, Purpose purpose, ConsentStatus status, Instant at, String source) {
    CorePreconditions.checkText("customerId", customerId);
    requireNonNull(purpose, "purpose");
    requireNonNull(status, "status");
    requireNonNull(at, "at");
    CorePreconditions.checkText("source", source);
    ConsentEvent committed = null;
    writeLock.lock();
    try {
      checkOpen();
      ConsentEvent event = new ConsentEvent(state.lastSequence() + 1, customerId, purpose, status, at, source);
      if (storage != null) {
        storage.append(RecordCodec.encode(event));
      }
      state.apply(event);
      autoCompactLocked();
      committed = event;
      return event;
    } finally {
      writeLock.unlock();
      if (committed != null) {
        notifyListeners(committed);
      }
    }
  }

  @Override
  public List<ConsentEvent> grantAll(Collection<String> customerIds, Purpose purpose, String source) {
    return recordAll(customerIds, purpose, ConsentStatus.GRANTED, source);
  }

  @Override
  public List<ConsentEvent> withdrawAll(Collection<String> customerIds, Purpose purpose, String source) {
    return recordAll(customerIds, purpose, ConsentStatus.WITHDRAWN, source);
  }

  private List<ConsentEvent> recordAll(Collection<String> customerIds, Purpose purpose, ConsentStatus status,
      String source) {
    List<String> ids = CorePreconditions.checkTexts("customerIds", customerIds);
    requireNonNull(purpose, "purpose");
    CorePreconditions.checkText("source", source);
    List<ConsentEvent> committed = null;
    writeLock.lock();
    try {
      checkOpen();
      if (ids.isEmpty()) {
        return List.of();
      }
      Instant at = clock.instant();
      long sequence = state.lastSequence();
      List<ConsentEvent> events = new ArrayList<>(ids.size());
      for (String id : ids) {
        events.add(new ConsentEvent(++sequence, id, purpose, status, at, source));
      }
      if (storage != null) {
        List<byte[]> payloads = new ArrayList<>(events.size());
        for (ConsentEvent e : events) {
          payloads.add(RecordCodec.encode(e));
        }
        storage.appendAll(payloads);
      }
      for (ConsentEvent e : events) {
        state.apply(e);
      }
      autoCompactLocked();
      committed = List.copyOf(events);
      return committed;
    } finally {
      writeLock.unlock();
      if (committed != null) {
        for (ConsentEvent e : committed) {
          notifyListeners(e);
        }
      }
    }
  }

  /** Compacts if the log reached the threshold; a failure is logged, not thrown. */
  private void autoCompactLocked() {
    if (storage != null && storage.log.records() >= compactAfter) {
      try {
        compactLocked();
      } catch (UncheckedIOException e) {
        // The changes are durable and applied: report them as done. The log just keeps growing
        // until a later compaction succeeds.
        LOGGER.log(System.Logger.Level.WARNING, "automatic compaction failed; will retry", e);
      }
    }
  }

  @Override
  public void addListener(java.util.function.Consumer<ConsentEvent> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(java.util.function.Consumer<ConsentEvent> listener) {
    listeners.remove(requireNonNull(listener, "listener"));
  }

  private void notifyListeners(ConsentEvent event) {
    for (java.util.function.Consumer<ConsentEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOGGER.log(System.Logger.Level.WARNING, "consent listener failed; ignored", e);
      }
    }
  }

  @Override
  public ErasureProof erase(String customerId, String reason) {
    CorePreconditions.checkText("customerId", customerId);
    CorePreconditions.checkText("reason", reason);
    return eraseChecked(List.of(customerId), reason, i -> "customerId").get(0);
  }

  @Override
  public List<ErasureProof> eraseAll(Collection<String> customerIds, String reason) {
    List<String> ids = CorePreconditions.checkTexts("customerIds", customerIds);
    CorePreconditions.checkText("reason", reason);
    CorePreconditions.checkDistinctUnquoted("customerIds", ids);
    return eraseChecked(ids, reason, i -> "customerIds[" + i + "]");
  }

  /**
   * Erases {@code ids} (already checked and distinct) as one batch: one log append, one
   * compaction. Nothing is written unless every customer can be erased.
   */
  private List<ErasureProof> eraseChecked(List<String> ids, String reason, IntFunction<String> name) {
    writeLock.lock();
    try {
      checkOpen();
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        if (!state.isKnown(id)) {
          if (state.isErased(id)) {
            throw new IllegalStateException(name.apply(i) + " names a customer who is already erased and has no "
                + "history since (the id is not repeated here)");
          }
          throw CorePreconditions.unknownCustomer(name.apply(i), "the register holds no history for this customer");
        }
      }
      if (ids.isEmpty()) {
        return List.of();
      }
      Instant at = clock.instant();
      long sequence = state.lastSequence();
      List<ErasureProof> proofs = new ArrayList<>(ids.size());
      for (String id : ids) {
        proofs.add(new ErasureProof(++sequence, pseudonymizer.pseudonymize(id), pseudonymizer.currentKeyId(), at,
            reason));
      }
      if (storage != null) {
        List<byte[]> payloads = new ArrayList<>(proofs.size());
        for (ErasureProof p : proofs) {
          payloads.add(RecordCodec.encode(p));
        }
        storage.appendAll(payloads);
      }
      for (int i = 0; i < ids.size(); i++) {
        state.erase(ids.get(i), proofs.get(i));
      }
      if (storage != null) {
        try {
          compactLocked();
          storage.scrubTornTails(Optional.empty());
        } catch (UncheckedIOException e) {
          long first = proofs.get(0).sequence();
          String which = proofs.size() == 1 ? "erasure of sequence " + first
              : "erasures of sequences " + first + " to " + proofs.get(proofs.size() - 1).sequence();
          throw new UncheckedIOException(which + " recorded, but the erased history remains on disk until "
              + "compact() succeeds: " + e.getMessage(), e.getCause());
        }
      }
      return List.copyOf(proofs);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public boolean isAllowed(String customerId, Purpose purpose) {
    CorePreconditions.checkNotBlank("customerId", customerId);
    requireNonNull(purpose, "purpose");
    checkOpen();
    return state.isAllowed(customerId, purpose);
  }

  @Override
  public boolean isKnown(String customerId) {
    CorePreconditions.checkNotBlank("customerId", customerId);
    checkOpen();
    return state.isKnown(customerId);
  }

  @Override
  public boolean isErased(String customerId) {
    CorePreconditions.checkNotBlank("customerId", customerId);
    checkOpen();
    return state.isErased(customerId);
  }

  @Override
  public List<ConsentEvent> history(String customerId) {
    CorePreconditions.checkNotBlank("customerId", customerId);
    checkOpen();
    return state.history(customerId);
  }

  @Override
  public List<ErasureProof> erasureProofs(String customerId) {
    CorePreconditions.checkNotBlank("customerId", customerId);
    checkOpen();
    return state.proofsOf(customerId);
  }

  @Override
  public List<ErasureProof> erasureProofs() {
    checkOpen();
    return state.proofs();
  }

  @Override
  public Set<String> excluded(Purpose purpose, Collection<String> customerIds) {
    requireNonNull(purpose, "purpose");
    requireNonNull(customerIds, "customerIds");
    checkOpen();
    Set<String> result = new LinkedHashSet<>();
    for (String id : customerIds) {
      CorePreconditions.checkNotBlank("customerId", id);
      if (!state.isAllowed(id, purpose)) {
        result.add(id);
      }
    }
    return Set.copyOf(result);
  }

  @Override
  public ConsentCounts counts() {
    writeLock.lock();
    try {
      checkOpen();
      return state.counts();
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public long lastSequence() {
    checkOpen();
    return state.lastSequence();
  }

  @Override
  public void compact() {
    writeLock.lock();
    try {
      checkOpen();
      compactLocked();
    } finally {
      writeLock.unlock();
    }
  }

  private void compactLocked() {
    if (storage == null) {
      return;
    }
    try {
      storage.compact(state);
      compactions++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compact consent register in " + storage.directory + ": " + e.getMessage(), e);
    }
  }

  /** Number of successful compactions since this register was opened (for tests and diagnostics). */
  long compactions() {
    writeLock.lock();
    try {
      return compactions;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (storage != null) {
        storage.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close consent register in " + storage.directory + ": " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("consent register is closed");
    }
  }

  @Override
  public String toString() {
    return "ConsentRegister{" + regime + ", " + (storage == null ? "in memory" : storage.directory)
        + ", lastSequence=" + state.lastSequence() + (closed ? ", closed" : "") + "}";
  }

  /** The files of a durable register. */
  private static final class Storage {
    final Path directory;
    final DirectoryLock lock;
    final FramedLog log;
    final boolean needsCompaction;
    final boolean replayedErasure;

    private Storage(Path directory, DirectoryLock lock, FramedLog log, Replayer replayer) {
      this.directory = directory;
      this.lock = lock;
      this.log = log;
      this.needsCompaction = replayer.needsCompaction;
      this.replayedErasure = replayer.replayedErasure;
    }

    static Storage open(Path directory, ConsentState state) throws IOException {
      DurableFiles.createPrivateDirectories(directory);
      DirectoryLock lock = DirectoryLock.acquire(directory, "consent register");
      try {
        // A compaction killed before its rename leaves a partial copy: never read, drop it.
        DurableFiles.cleanTemporaryFiles(directory);
        Path snapshot = directory.resolve(SNAPSHOT);
        long snapshotSequence = -1; // no snapshot
        if (Files.exists(snapshot)) {
          SnapshotFile.Contents contents = SnapshotFile.read(snapshot);
          for (List<ConsentEvent> history : contents.histories()) {
            for (ConsentEvent e : history) {
              state.restoreEvent(e);
            }
          }
          for (ErasureProof p : contents.proofs()) {
            state.restoreProof(p);
          }
          snapshotSequence = contents.lastSequence();
          state.restoreSequence(snapshotSequence);
        }
        Replayer replayer = new Replayer(state, snapshotSequence, directory, snapshot);
        FramedLog log = FramedLog.open(directory.resolve(LOG), LOG_MAGIC, LOG_DESCRIPTION, replayer);
        return new Storage(directory, lock, log, replayer);
      } catch (IOException | RuntimeException e) {
        try {
          lock.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }

    void append(byte[] payload) {
      try {
        log.append(payload);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to consent change log " + log.path() + ": " + e.getMessage(), e);
      }
    }

    void appendAll(List<byte[]> payloads) {
      long total = 0;
      for (byte[] p : payloads) {
        total += FramedLog.RECORD_HEADER + p.length;
      }
      CorePreconditions.checkArgument(total <= FramedLog.MAX_BATCH_BYTES, "customerIds: the batch of %s changes takes"
          + " %s bytes in the change log, more than the %s one batch may hold; split it", payloads.size(), total,
          FramedLog.MAX_BATCH_BYTES);
      try {
        log.appendAll(payloads);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to consent change log " + log.path() + ": " + e.getMessage(), e);
      }
    }

    void compact(ConsentState state) throws IOException {
      long sequence = state.lastSequence();
      SnapshotFile.write(directory.resolve(SNAPSHOT), sequence, state.histories(), state.proofs());
      // The new snapshot is durable: every log record is now redundant. A crash before the log is
      // emptied leaves records with sequence <= the snapshot's, which replay skips.
      log.clear(sequence);
    }

    /**
     * Deletes torn tails the log kept aside (except {@code keep}): unacknowledged records that may
     * hold an erased customer's id.
     */
    void scrubTornTails(Optional<Path> keep) {
      try {
        List<Path> tails = FramedLog.tornTailFiles(log.path());
        keep.ifPresent(k -> tails.removeIf(t -> t.getFileName().equals(k.getFileName())));
        for (Path tail : tails) {
          Files.deleteIfExists(tail);
          LOGGER.log(System.Logger.Level.WARNING, "deleted " + tail + ", a torn tail of the consent change log kept "
              + "from an earlier crash: after an erasure it may hold the erased customer's data");
        }
        if (!tails.isEmpty()) {
          DurableFiles.forceDirectory(directory);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete torn tails of consent change log " + log.path() + ": "
            + e.getMessage(), e);
      }
    }

    void close() throws IOException {
      try {
        log.close();
      } finally {
        lock.close();
      }
    }
  }

  /** Applies log records after the snapshot to the state. */
  private static final class Replayer implements FramedLog.Replay {
    private final ConsentState state;
    private final long snapshotSequence; // -1: no snapshot
    private final Path directory;
    private final Path snapshot;
    boolean needsCompaction;
    boolean replayedErasure;

    Replayer(ConsentState state, long snapshotSequence, Path directory, Path snapshot) {
      this.state = state;
      this.snapshotSequence = snapshotSequence;
      this.directory = directory;
      this.snapshot = snapshot;
    }

    @Override
    public void start(long baseSequence) {
      if (baseSequence == 0) {
        return; // never compacted
      }
      if (snapshotSequence < 0) {
        throw new IllegalStateException("consent register in " + directory + ": consent log was compacted at sequence "
            + baseSequence + " but the snapshot " + snapshot + " is missing; refusing to open an empty register");
      }
      if (baseSequence > snapshotSequence) {
        throw new IllegalStateException("consent register in " + directory + ": consent log was compacted at sequence "
            + baseSequence + " but the snapshot " + snapshot + " only reaches sequence " + snapshotSequence
            + " (an older copy?); refusing to open a register that lost changes");
      }
    }

    @Override
    public void record(byte[] payload, long offset) throws IOException {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
      Object change = RecordCodec.read(in);
      if (in.available() != 0) {
        throw new IOException(in.available() + " unexpected bytes after the record");
      }
      long sequence = change instanceof ConsentEvent e ? e.sequence() : ((ErasureProof) change).sequence();
      if (sequence <= snapshotSequence) {
        needsCompaction = true; // a crash hit between snapshot and log truncation
        return;
      }
      if (sequence != state.lastSequence() + 1) {
        throw new IOException("sequence " + sequence + " does not follow " + state.lastSequence() + " (records are missing)");
      }
      if (change instanceof ConsentEvent e) {
        state.apply(e);
      } else {
        ErasureProof proof = (ErasureProof) change;
        if (!state.pseudonymizerHolds(proof.keyId())) {
          throw new IOException("erasure record made with pseudonymisation key '" + proof.keyId()
              + "', which the pseudonymizer does not hold; it is needed to find the erased customer");
        }
        String customer = state.findByPseudonym(proof.pseudonym(), proof.keyId());
        if (customer == null) {
          throw new IOException("erasure record matches no customer with history");
        }
        state.erase(customer, proof);
        needsCompaction = true;
        replayedErasure = true;
      }
    }
  }
}
