package io.privrec.core.privacy.internal;

import static java.util.Objects.requireNonNull;

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
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link ConsentRegister} implementation: a {@link ConsentState} guarded by a write lock, with
 * optional durable storage (snapshot + change log) in a directory. See {@link ConsentRegister}
 * for the contract.
 */
public final class DefaultConsentRegister implements ConsentRegister {
  private final java.util.List<java.util.function.Consumer<ConsentEvent>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  static final String SNAPSHOT = "consent.snapshot";
  static final String LOG = "consent.log";
  static final String LOCK = "consent.lock";

  private static final System.Logger LOGGER = System.getLogger(DefaultConsentRegister.class.getName());

  private final Regime regime;
  private final Pseudonymizer pseudonymizer;
  private final Clock clock;
  private final int compactAfter;
  private final ConsentState state;
  private final Storage storage; // null in memory
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile boolean closed;

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
    PrivacyChecks.checkText(customerId, "customerId");
    requireNonNull(purpose, "purpose");
    requireNonNull(status, "status");
    requireNonNull(at, "at");
    PrivacyChecks.checkText(source, "source");
    ConsentEvent committed = null;
    writeLock.lock();
    try {
      checkOpen();
      ConsentEvent event = new ConsentEvent(state.lastSequence() + 1, customerId, purpose, status, at, source);
      if (storage != null) {
        storage.append(RecordCodec.encode(event));
      }
      state.apply(event);
      if (storage != null && storage.log.records() >= compactAfter) {
        try {
          compactLocked();
        } catch (UncheckedIOException e) {
          // The change is durable and applied: report it as done. The log just keeps growing
          // until a later compaction succeeds.
          LOGGER.log(System.Logger.Level.WARNING, "automatic compaction failed; will retry", e);
        }
      }
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
    PrivacyChecks.checkText(customerId, "customerId");
    PrivacyChecks.checkText(reason, "reason");
    writeLock.lock();
    try {
      checkOpen();
      if (!state.isKnown(customerId)) {
        if (state.isErased(customerId)) {
          throw new IllegalStateException("customerId names a customer who is already erased and has no history since "
              + "(the id is not repeated here)");
        }
        throw new IllegalArgumentException("customerId is unknown: the register holds no history for this customer "
            + "(the id is not repeated here)");
      }
      ErasureProof proof = new ErasureProof(state.lastSequence() + 1, pseudonymizer.pseudonymize(customerId),
          pseudonymizer.currentKeyId(), clock.instant(), reason);
      if (storage != null) {
        storage.append(RecordCodec.encode(proof));
      }
      state.erase(customerId, proof);
      if (storage != null) {
        try {
          compactLocked();
        } catch (UncheckedIOException e) {
          throw new UncheckedIOException("erasure of sequence " + proof.sequence() + " is recorded, but her history "
              + "remains on disk until compact() succeeds: " + e.getMessage(), e.getCause());
        }
      }
      return proof;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public boolean isAllowed(String customerId, Purpose purpose) {
    checkId(customerId);
    requireNonNull(purpose, "purpose");
    checkOpen();
    return state.isAllowed(customerId, purpose);
  }

  @Override
  public boolean isKnown(String customerId) {
    checkId(customerId);
    checkOpen();
    return state.isKnown(customerId);
  }

  @Override
  public boolean isErased(String customerId) {
    checkId(customerId);
    checkOpen();
    return state.isErased(customerId);
  }

  @Override
  public List<ConsentEvent> history(String customerId) {
    checkId(customerId);
    checkOpen();
    return state.history(customerId);
  }

  @Override
  public List<ErasureProof> erasureProofs(String customerId) {
    checkId(customerId);
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
      checkId(id);
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
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compact consent register in " + storage.directory + ": " + e.getMessage(), e);
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

  private static void checkId(String customerId) {
    requireNonNull(customerId, "customerId");
    if (customerId.isBlank()) {
      throw new IllegalArgumentException("customerId must not be empty or blank. Provided length: " + customerId.length());
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
    final FileChannel lockChannel;
    final FileLock lock;
    final ChangeLog log;
    final boolean needsCompaction;

    private Storage(Path directory, FileChannel lockChannel, FileLock lock, ChangeLog log, boolean needsCompaction) {
      this.directory = directory;
      this.lockChannel = lockChannel;
      this.lock = lock;
      this.log = log;
      this.needsCompaction = needsCompaction;
    }

    static Storage open(Path directory, ConsentState state) throws IOException {
      Files.createDirectories(directory);
      FileChannel lockChannel = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        FileLock lock;
        try {
          lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          throw new IllegalStateException("consent register in " + directory + " is already open (lock file " + LOCK + " is held)");
        }
        Path snapshot = directory.resolve(SNAPSHOT);
        // A compaction that crashed before its rename leaves a partial copy: never read, drop it.
        Files.deleteIfExists(SnapshotFile.temporaryFor(snapshot));
        long snapshotSequence = 0;
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
        Replayer replayer = new Replayer(state, snapshotSequence);
        ChangeLog log = ChangeLog.open(directory.resolve(LOG), replayer);
        return new Storage(directory, lockChannel, lock, log, replayer.needsCompaction);
      } catch (IOException | RuntimeException e) {
        lockChannel.close(); // releases the lock too
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

    void compact(ConsentState state) throws IOException {
      SnapshotFile.write(directory.resolve(SNAPSHOT), state.lastSequence(), state.histories(), state.proofs());
      // The new snapshot is durable: every log record is now redundant. A crash before the
      // truncation leaves records with sequence <= the snapshot's, which replay skips.
      log.clear();
    }

    void close() throws IOException {
      try {
        log.close();
      } finally {
        lock.release();
        lockChannel.close();
      }
    }
  }

  /** Applies log records after the snapshot to the state. */
  private static final class Replayer implements ChangeLog.Replay {
    private final ConsentState state;
    private final long snapshotSequence;
    boolean needsCompaction;

    Replayer(ConsentState state, long snapshotSequence) {
      this.state = state;
      this.snapshotSequence = snapshotSequence;
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
      }
    }
  }
}
