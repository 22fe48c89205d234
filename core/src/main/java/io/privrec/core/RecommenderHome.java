package io.privrec.core;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.AttributeHierarchy;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.CustomerAttributes;
import io.privrec.core.data.EventKind;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.internal.cohort.CohortModel;
import io.privrec.core.internal.home.AttributeStore;
import io.privrec.core.internal.home.EventStore;
import io.privrec.core.internal.home.Ledger;
import io.privrec.core.internal.home.Tombstones;
import io.privrec.core.internal.home.Versions;
import io.privrec.core.internal.storage.DirectoryLock;
import io.privrec.core.internal.storage.DurableFiles;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.model.SavableModel;
import io.privrec.core.privacy.ConsentRegister;
import io.privrec.core.privacy.CustomerExport;
import io.privrec.core.privacy.Purpose;
import io.privrec.core.privacy.Regime;
import io.privrec.dp.budget.CumulativeSpend;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.SpentBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The durable home of a shop's recommender: one directory that holds everything the recommender
 * knows, opened at start-up and closed at shutdown.
 *
 * <pre>{@code
 * try (RecommenderHome home = RecommenderHome.open(Path.of("shop"), HomeOptions.defaults())) {
 *   home.record("c42", "sku-7", EventKind.PURCHASE, Instant.now());   // durable on return
 *   List<ScoredItem> top10 = home.recommend("c42", 10);               // already uses the purchase
 *   home.refit();                                                     // new model version, swapped in atomically
 *   home.forget(List.of("c17"));                                      // everywhere, files included
 * }
 * }</pre>
 *
 * <h2>What the directory holds</h2>
 * <ul>
 *   <li>{@code catalogue.txt}: the shop's public catalogue (fixed by {@link #create});
 *   <li>{@code events.snapshot}, {@code events.log}: the interaction events (customer, item,
 *       weight, time), a checksummed snapshot plus an append-only log of framed, checksummed
 *       records;
 *   <li>{@code attributes.snapshot}, {@code attributes.log}: customer attributes (e.g. region, age
 *       band), stored, exported and erased with the customer;
 *   <li>{@code consent/}: the durable {@link ConsentRegister};
 *   <li>{@code ledger.log}: the privacy budget and every charge, each forced to disk before it is
 *       granted;
 *   <li>{@code erased.log}, {@code home.key}: erasure tombstones, keyed digests (HMAC-SHA256 under
 *       the home's secret key), never raw ids;
 *   <li>{@code models/}: published model versions, each with the keyed digests of the customers it
 *       was trained on (and, for a private version with cohorts, its cohort release: {@code
 *       vNNNNNN.cohorts} and {@code vNNNNNN.cohort-counts}), and the pointer naming the live one;
 *   <li>{@code home.properties}: the format version and the consent regime; {@code lock}: held
 *       while the home is open.
 * </ul>
 * The directory is created 0700 and its files 0600 (POSIX). A second process (or a second open in
 * this one) fails with a clear message. Temporary files of a killed write are removed on open.
 *
 * <h2>Crash safety</h2>
 * Every acknowledged operation (a {@code record} that returned, a refit that returned its version,
 * a granted charge, an erasure that returned its receipt) survives a kill at any moment: logs are
 * appended with framed, CRC32C-checked records and forced before the call returns; snapshots and
 * model versions are written to temporary files, forced and renamed atomically, and the directory
 * is forced. A torn final log record (a write cut by the crash, never acknowledged) is moved aside
 * into a {@code .torn-OFFSET} file and reported in the log; any other damage fails the open with
 * the file and offset named. An erasure a crash interrupted is completed on the next open.
 *
 * <h2>Recording</h2>
 * {@link #record} appends events if the customer's consent allows storing them: she allows model
 * training or personalisation (under the home's {@link Regime}). Events of a customer with no
 * consent for any purpose are not stored and counted as refused; events of an erased customer are
 * refused and counted, until she is {@linkplain #registerAgain registered again}. There are no
 * anonymous events: a visitor without an id is served by {@link #recommendForSession}, which
 * stores nothing. Concurrent {@code record} calls share one forced write (group commit). A
 * customer's next recommendation already uses her new events (her profile is folded in against
 * the live model), before any refit.
 *
 * <h2>Refits and the privacy budget</h2>
 * {@link #refit()} fits a new model version on the current consented, retained data (retention is
 * applied first), publishes it durably and swaps it in atomically: readers see the old version
 * until the new one is live, never a half-built one. A private refit charges the home's durable
 * ledger before anything is computed; reopening restores the spent budget exactly, so a refit the
 * remaining budget cannot pay for is refused after a restart too ({@link
 * io.privrec.dp.budget.PrivacyBudgetExceededException}, nothing computed or released).
 *
 * <h2>Cohorts</h2>
 * With {@link HomeOptions#cohorts()} every refit forms k-anonymous customer cohorts (see {@link
 * PrivateRecommender.Builder#cohorts}) from the stored attributes ({@link #setAttributes}), split
 * along the options' {@linkplain HomeOptions#attributeHierarchies() hierarchies}. The cohort table
 * holds the customers who have a value for every cohort attribute (those values, in the cohort
 * attributes' order; other stored attributes are ignored); a customer missing one is in no cohort.
 * The consent register leaves out customers who do not allow {@link
 * Purpose#LOCATION_PERSONALISATION}. Cohorts serve {@link #recommendForAttributes} and {@link
 * #explainForAttributes} for visitors, and a blend of history and cohort popularity in {@link
 * #recommend}: a customer with attributes and no events gets her cohort's ranking.
 *
 * <p>The cohort definitions and counts change at the next refit; a customer's own lookup follows
 * her attributes at once (after {@link #setAttributes} her next recommendation uses the cohorts her
 * new values fall in, counted as they were at the refit). A private refit pays for the model and
 * the cohort counts ({@link CohortOptions#budget()}, by default the model's) in the durable ledger,
 * as separate entries; a refit the remaining budget cannot pay for both is refused before anything
 * is computed or charged. A private version's cohort release is saved with it and served as
 * released after every open (nothing charged again); a non-private version saves none, and its
 * cohorts are formed again from the stored attributes on open (exactly, deterministically: so
 * attributes changed or erased since the last refit shape them after a restart). An erasure
 * removes the customer from the cohorts: exact counts lose her items at once, a private release is
 * kept as released.
 *
 * <h2>Restarts</h2>
 * Reopening rebuilds the recommender from the live version and the events: recommendations are
 * bit for bit those before the restart. (Training-consent withdrawals recorded after the last
 * publication are re-applied on open; for EASE and iALS that can round differently from applying
 * them one by one. A non-private home's cohorts are formed again from the stored attributes; see
 * "Cohorts".)
 *
 * <p>Thread-safe: reads run concurrently against an immutable snapshot; writers are serialised.
 * No exception message repeats a customer id.
 */
public final class RecommenderHome implements AutoCloseable {
  /** The on-disk format version this library writes and reads. */
  public static final int FORMAT_VERSION = 1;
  private static final String PROPERTIES = "home.properties";
  private static final String CATALOGUE = "catalogue.txt";
  private static final long MAX_EPOCH_SECOND = (1L << 31) - 1;

  private final Path dir;
  private final HomeOptions options;
  private final DirectoryLock lock;
  private final Catalogue catalogue;
  private final ConsentRegister consent;
  private final EventStore store;
  private final AttributeStore attributes;
  private final Tombstones tombstones;
  private final Ledger ledger;
  private final Versions versions;
  /** Guards the store, tombstones and publication; record() group commits under it. */
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock refitLock = new ReentrantLock();
  /** Read: a recording between its tombstone check and its queueing; write: an erasure tombstoning and purging the queue. */
  private final java.util.concurrent.locks.ReentrantReadWriteLock acceptGate =
      new java.util.concurrent.locks.ReentrantReadWriteLock();
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong refusedNoConsent = new AtomicLong();
  private final AtomicLong refusedErased = new AtomicLong();
  private volatile Live live; // null until the first refit
  /** Ids erased while a refit was fitting (kept only until that refit is published). */
  private Set<String> erasedDuringRefit;
  private volatile boolean closed;
  private volatile boolean stopping;
  /** An erasure removed events that the interaction files still hold; guarded by writeLock. */
  private boolean rewritePending;
  /** Counts erasures, so a background rewrite knows whether one came in during its write; guarded by writeLock. */
  private long erasureEpoch;
  /** Counts attribute changes of cohort attributes, so a refit knows whether its table went stale; guarded by writeLock. */
  private long attributesEpoch;
  /** Stored cohort attributes changed since the live recommender's table was built. */
  private volatile boolean attributesStale;
  /** The live model changed (an erasure) since it was last published; guarded by writeLock. */
  private boolean modelChanged;
  private java.util.concurrent.ScheduledExecutorService rewriter; // guarded by queue
  private boolean rewriteScheduled; // guarded by queue
  /** How long after an erasure the interaction files are rewritten (erasures meanwhile share it). */
  private static final long REWRITE_DELAY_MILLIS = 1_000;
  private Thread committer; // started by the first record; guarded by queue
  private boolean committerDone; // guarded by queue

  /** The live recommender and what its version is made of. */
  private record Live(PrivateRecommender recommender, String version, long watermark, Set<String> trainDigests) {}

  /**
   * One shop event.
   *
   * @param customerId the customer (non-empty, no NUL, CR or LF, at most 1024 characters)
   * @param itemId the item
   * @param kind what happened; its weight comes from {@link HomeOptions#eventWeights()}
   * @param rating the rating (read only for {@link EventKind#RATING})
   * @param time when it happened, between 1970-01-01 and 2038-01-19 (UTC)
   */
  public record Event(String customerId, String itemId, EventKind kind, float rating, Instant time) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException for a bad id or time (the ids are not repeated)
     */
    public Event {
      CorePreconditions.checkLineText("customerId", customerId);
      CorePreconditions.checkLineText("itemId", itemId);
      requireNonNull(kind, "kind");
      requireNonNull(time, "time");
      if (time.getEpochSecond() < 0 || time.getEpochSecond() > MAX_EPOCH_SECOND) {
        throw CorePreconditions.fail("time", "must be between 1970-01-01T00:00:00Z and 2038-01-19T03:14:07Z", time);
      }
      if (kind == EventKind.RATING) {
        CorePreconditions.checkFinite("rating", rating);
      }
    }

    /** An event that is not a rating. */
    public static Event of(String customerId, String itemId, EventKind kind, Instant time) {
      return new Event(customerId, itemId, kind, 0f, time);
    }
  }

  /**
   * What a {@link #record} call did.
   *
   * @param stored events stored (durable on return)
   * @param refusedNoConsent events not stored: the customer allows no purpose
   * @param refusedErased events not stored: the customer was erased, before the call or while
   *     her events waited for the group commit
   */
  public record Recorded(int stored, int refusedNoConsent, int refusedErased) {}

  /**
   * A published model version.
   *
   * @param id the version id ({@code v000001}, …)
   * @param algorithm the fitted algorithm's name
   * @param parameters its parameters
   * @param differentiallyPrivate whether the model is a differentially private release
   */
  public record ModelVersion(String id, String algorithm, Map<String, String> parameters,
      boolean differentiallyPrivate) {}

  /**
   * Internal counts for the data-protection officer (private: do not publish).
   *
   * @param events events held
   * @param customers customers with events
   * @param refusedNoConsent events refused since open because the customer allows no purpose
   * @param refusedErased events refused since open because the customer was erased
   * @param erased erasure tombstones held
   * @param model the live version, if any
   */
  public record Status(long events, int customers, long refusedNoConsent, long refusedErased, int erased,
      Optional<ModelVersion> model) {}

  private static final class Pending {
    /** The accepted events, less those of customers erased before they were written; guarded by writeLock once queued. */
    List<EventStore.Event> events;
    /** What the caller is told: an erasure that overtook some events counts them as refused. */
    Recorded recorded;
    /** Completed (normally or with the write's failure) once the events are durable or refused. */
    final CompletableFuture<Recorded> done = new CompletableFuture<>();

    Pending(List<EventStore.Event> events, Recorded recorded) {
      this.events = events;
      this.recorded = recorded;
    }
  }

  private RecommenderHome(Path dir, HomeOptions options, DirectoryLock lock, Catalogue catalogue,
      ConsentRegister consent, EventStore store, AttributeStore attributes, Tombstones tombstones, Ledger ledger,
      Versions versions) {
    this.dir = dir;
    this.options = options;
    this.lock = lock;
    this.catalogue = catalogue;
    this.consent = consent;
    this.store = store;
    this.attributes = attributes;
    this.tombstones = tombstones;
    this.ledger = ledger;
    this.versions = versions;
  }

  /**
   * Creates a new home in {@code dir} (which must not exist or be empty) for a shop with this
   * public catalogue, and opens it.
   *
   * @throws IllegalStateException if {@code dir} already holds files
   * @throws UncheckedIOException if the directory cannot be created or written
   */
  public static RecommenderHome create(Path dir, Catalogue catalogue, HomeOptions options) {
    requireNonNull(dir, "dir");
    requireNonNull(catalogue, "catalogue");
    requireNonNull(options, "options");
    try {
      if (Files.exists(dir)) {
        if (!Files.isDirectory(dir)) {
          throw new IllegalStateException("home " + dir + " exists and is not a directory");
        }
        try (var entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalStateException("home " + dir + " is not empty; open it with RecommenderHome.open"
                + " or choose a new directory");
          }
        }
      }
      DurableFiles.createPrivateDirectories(dir);
      String catalogueText = String.join("\n", catalogue.items().ids()) + "\n";
      DurableFiles.writeAtomically(dir.resolve(CATALOGUE), out -> out.write(catalogueText.getBytes(StandardCharsets.UTF_8)));
      String props = "format=" + FORMAT_VERSION + "\nregime=" + options.regime().name() + "\n";
      DurableFiles.writeAtomically(dir.resolve(PROPERTIES), out -> out.write(props.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create home " + dir + ": " + e.getMessage(), e);
    }
    return open(dir, options);
  }

  /**
   * Opens an existing home, restoring events, consent, tombstones, the budget spent and the live
   * model version, and completing any erasure a crash interrupted.
   *
   * @throws IllegalStateException if {@code dir} is not a home, is in use by another process, was
   *     created under a different consent regime, or a file is corrupt (naming it)
   * @throws UncheckedIOException on I/O failure
   */
  public static RecommenderHome open(Path dir, HomeOptions options) {
    requireNonNull(dir, "dir");
    requireNonNull(options, "options");
    if (!Files.isRegularFile(dir.resolve(PROPERTIES))) {
      throw new IllegalStateException("no recommender home in " + dir + " (no " + PROPERTIES
          + "); create one with RecommenderHome.create or `home init`");
    }
    DirectoryLock lock = DirectoryLock.acquire(dir, "recommender home");
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      Map<String, String> props = readProperties(dir.resolve(PROPERTIES));
      if (!String.valueOf(FORMAT_VERSION).equals(props.get("format"))) {
        throw new IllegalStateException("home " + dir + " has format " + props.get("format") + "; this library reads "
            + FORMAT_VERSION);
      }
      Regime regime = Regime.valueOf(props.get("regime"));
      if (regime != options.regime()) {
        throw new IllegalStateException("home " + dir + " was created under consent regime " + regime
            + "; refusing to open it under " + options.regime());
      }
      DurableFiles.cleanTemporaryFiles(dir);
      Catalogue catalogue = Catalogue.read(dir.resolve(CATALOGUE));
      Tombstones tombstones = Tombstones.open(dir);
      opened.add(tombstones);
      ConsentRegister consent = ConsentRegister.builder().regime(regime).clock(options.clock())
          .pseudonymizer(io.privrec.core.privacy.Pseudonymizer.of(
              io.privrec.core.privacy.PseudonymKey.of("home", tombstones.proofSecret())))
          .storage(dir.resolve("consent")).build();
      opened.add(consent);
      EventStore store = EventStore.open(dir);
      opened.add(store);
      AttributeStore attributes = AttributeStore.open(dir);
      opened.add(attributes);
      Ledger ledger = Ledger.open(dir, options.clock());
      opened.add(ledger);
      Versions versions = Versions.open(dir.resolve("models"));
      RecommenderHome home = new RecommenderHome(dir, options, lock, catalogue, consent, store, attributes, tombstones,
          ledger, versions);
      home.restore();
      return home;
    } catch (IOException e) {
      closeAll(opened, lock);
      throw new UncheckedIOException("cannot open home " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(opened, lock);
      throw e;
    }
  }

  private static void closeAll(List<AutoCloseable> opened, DirectoryLock lock) {
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already failing
      }
    }
    try {
      lock.close();
    } catch (IOException ignored) {
      // already failing
    }
  }

  private static Map<String, String> readProperties(Path file) throws IOException {
    Map<String, String> m = new java.util.HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return m;
  }

  /** Rebuilds the live recommender and completes interrupted erasures. */
  private void restore() throws IOException {
    // Erasures a crash interrupted: tombstoned (or erased in the register) but events still held.
    List<String> unfinished = new ArrayList<>();
    Set<String> holders = new LinkedHashSet<>(store.customerIds());
    holders.addAll(attributes.all().keySet());
    for (String id : holders) {
      if (tombstones.isErased(id) || consent.isErased(id)) {
        unfinished.add(id);
      }
    }
    Optional<Versions.Published> published = versions.load();
    if (published.isPresent()) {
      Versions.Published p = published.get();
      EventStore.View view = store.view();
      InteractionMatrix data = EventStore.matrix(view, Long.MAX_VALUE, c -> true, null, null);
      // Training membership once per customer (not per event).
      boolean[] trained = new boolean[view.customers().length];
      boolean allTrained = true;
      for (int c = 0; c < trained.length; c++) {
        if (view.customers()[c] != null) {
          trained[c] = p.trainDigests().contains(tombstones.digest(view.customers()[c]));
          allTrained &= trained[c];
        }
      }
      // Nothing recorded since the version and every customer held trained it: the training data
      // are all the data (the common case after a refit); otherwise select them.
      InteractionMatrix train = allTrained && view.nextSequence() <= p.watermark() ? data
          : EventStore.matrix(view, p.watermark(), c -> trained[c], data.users(), data.items());
      PrivateRecommender.Builder b = recommenderBuilder(data, cohortTable(new HashSet<>(unfinished)))
          .algorithm(p.algorithm(), p.parameters()).published(p.model(), train);
      if (p.model() instanceof io.privrec.core.model.PrivateModel) {
        b.accountant(ledger.accountant());
        if (options.cohorts().isPresent() && p.cohorts() != null) {
          List<String> released = p.cohorts().cohorts().quasiIdentifiers();
          if (released.equals(options.cohorts().get().attributes())) {
            b.publishedCohorts(p.cohorts()); // served as released: nothing is charged again
          } else {
            System.getLogger(RecommenderHome.class.getName()).log(System.Logger.Level.WARNING, "model version "
                + p.id() + " of home " + dir + " released cohorts by " + released + " but the options name "
                + options.cohorts().get().attributes() + "; no cohorts are served until the next refit");
          }
        }
      }
      live = new Live(b.build(), p.id(), p.watermark(), new HashSet<>(p.trainDigests()));
    }
    if (!unfinished.isEmpty()) {
      writeLock.lock();
      try {
        eraseLocked(unfinished, false);
      } finally {
        writeLock.unlock();
      }
    } else if (store.staleLog()) {
      store.compact(); // log records a crash left behind the snapshot may hold erased customers' events
    }
  }

  /** A recommender builder on {@code data}, with the cohort attribute table if cohorts are configured. */
  private PrivateRecommender.Builder recommenderBuilder(InteractionMatrix data, CustomerAttributes cohortTable) {
    PrivateRecommender.Builder b = PrivateRecommender.builder().data(data).catalogue(catalogue).consent(consent)
        .coldStart(options.coldStart()).fallbackMinCustomers(options.fallbackMinCustomers()).clock(options.clock());
    if (cohortTable != null) {
      b.attributes(cohortTable).cohorts(options.cohorts().orElseThrow());
    }
    return b;
  }

  /**
   * The cohort attribute table (null without cohorts): one row per customer who has a stored value
   * for every cohort attribute (the cohort attributes' values, in their order; other attributes are
   * left out), in id order, with the options' hierarchies; customers in {@code excluded} are left
   * out. Under the write lock (or during open).
   */
  private CustomerAttributes cohortTable(Set<String> excluded) {
    if (options.cohorts().isEmpty()) {
      return null;
    }
    List<String> names = options.cohorts().get().attributes();
    Map<String, List<String>> rows = new java.util.TreeMap<>();
    attributes.all().forEach((id, values) -> {
      List<String> row = cohortValues(values);
      if (row != null && !excluded.contains(id)) {
        rows.put(id, row);
      }
    });
    CustomerAttributes table = CustomerAttributes.of(names, rows);
    for (Map.Entry<String, AttributeHierarchy> h : options.attributeHierarchies().entrySet()) {
      table = table.withHierarchy(h.getKey(), h.getValue());
    }
    return table;
  }

  /** Her values of the cohort attributes in their order, or null if one is missing. */
  private List<String> cohortValues(Map<String, String> values) {
    List<String> names = options.cohorts().orElseThrow().attributes();
    List<String> row = new ArrayList<>(names.size());
    for (String name : names) {
      String v = values.get(name);
      if (v == null) {
        return null;
      }
      row.add(v);
    }
    return row;
  }

  /** The home's public catalogue. */
  public Catalogue catalogue() {
    return catalogue;
  }

  /** The home's durable consent register (grant and withdraw consent here). */
  public ConsentRegister consent() {
    return consent;
  }

  /** The home's directory. */
  public Path directory() {
    return dir;
  }

  /** The live model version, if a model was fitted. */
  public Optional<ModelVersion> model() {
    Live l = live;
    return l == null ? Optional.empty() : Optional.of(version(l));
  }

  private static ModelVersion version(Live l) {
    PrivateRecommender r = l.recommender();
    return new ModelVersion(l.version(), r.algorithm().name(), r.algorithm().parameters(), r.accountant().isPresent());
  }

  /** The live recommender (for evaluation and advanced use), if a model was fitted. */
  public Optional<PrivateRecommender> recommender() {
    Live l = attributesStale ? refreshAttributes() : live;
    return l == null ? Optional.empty() : Optional.of(l.recommender());
  }

  /**
   * Records one event; see {@link #recordAll}.
   *
   * @throws IllegalArgumentException for a bad id or time
   */
  public Recorded record(String customerId, String itemId, EventKind kind, Instant time) {
    return recordAll(List.of(Event.of(customerId, itemId, kind, time)));
  }

  /**
   * Records events: those consent allows are durable when this returns (one forced write shared
   * with concurrent callers); the others are counted as refused. All or nothing on an I/O failure:
   * nothing of this call is stored and the home is as before.
   *
   * @throws UncheckedIOException if the events cannot be written (disk full, read-only); nothing of
   *     this call was stored
   * @throws IllegalStateException if the home is closed
   */
  public Recorded recordAll(Collection<Event> events) {
    Prepared p = prepare(events);
    if (p.pending == null) {
      return p.recorded;
    }
    try {
      return p.pending.done.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * Like {@link #recordAll} without waiting: the events are queued for the next group commit and
   * the future completes once they are durable (or with the {@link UncheckedIOException} or
   * {@link IllegalStateException} that refused them; nothing of this call is stored then). For
   * pipelines that acknowledge upstream in bulk (e.g. a message-queue consumer committing its
   * offset once the futures of a poll completed): one thread can then fill every group commit.
   * Futures complete in submission order, on the home's committer thread: attach heavy work with
   * the {@code *Async} methods of {@link CompletableFuture}.
   *
   * @throws IllegalArgumentException for a bad event; nothing of this call is queued
   * @throws IllegalStateException if the home is closed
   */
  public CompletableFuture<Recorded> recordAsync(Collection<Event> events) {
    Prepared p = prepare(events);
    return p.pending == null ? CompletableFuture.completedFuture(p.recorded) : p.pending.done;
  }

  private record Prepared(Recorded recorded, Pending pending) {}

  /** Decides consent per customer, counts refusals and queues the accepted events. */
  private Prepared prepare(Collection<Event> events) {
    requireNonNull(events, "events");
    checkOpen();
    // Shared with other recordings, exclusive with an erasure's purge: an event is either refused
    // by her tombstone or queued before the erasure purges the queue of her events.
    acceptGate.readLock().lock();
    try {
      return prepareLocked(events);
    } finally {
      acceptGate.readLock().unlock();
    }
  }

  private Prepared prepareLocked(Collection<Event> events) {
    List<EventStore.Event> accepted = new ArrayList<>(events.size());
    // Decided once per customer of the call (consent lookups and tombstone digests are not free).
    Map<String, Integer> verdicts = new java.util.HashMap<>();
    int noConsent = 0;
    int erased = 0;
    for (Event e : events) {
      requireNonNull(e, "event");
      int verdict = verdicts.computeIfAbsent(e.customerId(), c -> tombstones.isErased(c) ? 2
          : consent.isAllowed(c, Purpose.MODEL_TRAINING) || consent.isAllowed(c, Purpose.PERSONALISATION) ? 0 : 1);
      if (verdict == 2) {
        erased++;
      } else if (verdict == 1) {
        noConsent++;
      } else {
        accepted.add(new EventStore.Event(e.customerId(), e.itemId(),
            options.eventWeights().weightOf(e.kind(), e.rating()), e.time().getEpochSecond()));
      }
    }
    refusedNoConsent.addAndGet(noConsent);
    refusedErased.addAndGet(erased);
    Recorded recorded = new Recorded(accepted.size(), noConsent, erased);
    Pending pending = null;
    if (!accepted.isEmpty()) {
      pending = new Pending(accepted, recorded);
      enqueue(pending);
    }
    return new Prepared(recorded, pending);
  }

  /**
   * Group commit: callers queue their batch; one committer thread writes everything queued in one
   * forced write, completes those batches, and starts the next write with whatever was queued
   * meanwhile. So a write carries every event that arrived during the previous one, and no caller
   * contends for the lock.
   */
  private void enqueue(Pending p) {
    synchronized (queue) {
      if (committerDone) {
        p.done.completeExceptionally(new IllegalStateException("home " + dir + " is closed"));
        return;
      }
      queue.add(p);
      if (committer == null) {
        committer = new Thread(this::commitLoop, "privrec-home-committer");
        committer.setDaemon(true);
        committer.start();
      }
    }
    LockSupport.unpark(committer);
  }

  private void commitLoop() {
    while (true) {
      if (queue.isEmpty()) {
        synchronized (queue) {
          if (queue.isEmpty() && stopping) {
            committerDone = true;
            return;
          }
        }
        LockSupport.park(this);
        continue;
      }
      writeLock.lock();
      try {
        writeBatch();
      } finally {
        writeLock.unlock();
      }
    }
  }

  /** Writes every queued batch in one forced write; under the write lock. */
  private void writeBatch() {
    List<Pending> batch = new ArrayList<>();
    for (Pending p; (p = queue.poll()) != null; ) {
      batch.add(p);
    }
    List<List<EventStore.Event>> groups = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      if (!p.events.isEmpty()) {
        groups.add(p.events);
      }
    }
    RuntimeException failure = null;
    try {
      checkOpen();
      store.appendGroups(groups);
    } catch (IOException e) {
      failure = new UncheckedIOException("cannot record events in home " + dir + " (nothing of them was stored): "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      if (failure == null) {
        refreshLiveRows(batch);
      }
    } finally {
      for (Pending p : batch) {
        if (failure == null) {
          p.done.complete(p.recorded);
        } else {
          p.done.completeExceptionally(failure);
        }
      }
    }
  }

  /**
   * Tombstones {@code ids}, then drops their events still queued for the group commit (accepted
   * before the tombstone, not yet written: the caller holds the write lock the committer needs),
   * counting them as refused to whoever recorded them. A recording that passed the tombstone check
   * before it was written holds the gate until its events are queued, so the purge sees them;
   * every later one is refused by the tombstone.
   */
  private void erasePurgingQueue(Collection<String> toTombstone, Collection<String> ids) throws IOException {
    if (!toTombstone.isEmpty()) {
      tombstones.erase(toTombstone);
    }
    acceptGate.writeLock().lock();
    try {
      Set<String> gone = new HashSet<>(ids);
      for (Pending p : queue) {
        List<EventStore.Event> kept = new ArrayList<>(p.events.size());
        for (EventStore.Event e : p.events) {
          if (!gone.contains(e.customerId())) {
            kept.add(e);
          }
        }
        int dropped = p.events.size() - kept.size();
        if (dropped > 0) {
          p.events = kept;
          p.recorded = new Recorded(kept.size(), p.recorded.refusedNoConsent(), p.recorded.refusedErased() + dropped);
          refusedErased.addAndGet(dropped);
        }
      }
    } finally {
      acceptGate.writeLock().unlock();
    }
  }

  private void refreshLiveRows(List<Pending> batch) {
    Live l = live;
    if (l == null) {
      return;
    }
    Map<String, List<EventStore.Event>> byCustomer = new java.util.LinkedHashMap<>();
    for (Pending p : batch) {
      for (EventStore.Event e : p.events) {
        byCustomer.computeIfAbsent(e.customerId(), k -> new ArrayList<>(2)).add(e);
      }
    }
    PrivateRecommender r = l.recommender();
    byCustomer.forEach((c, events) -> r.setLive(c, store.extend(c, r.liveProfile(c), events)));
  }

  private EventStore.Profile liveRow(String customerId) {
    return store.profile(customerId);
  }

  /**
   * Stores a customer's attributes (e.g. {@code region}, {@code age-band}), replacing those held;
   * an empty map deletes them. Under the same rules as events: refused (returns false) for a
   * customer who allows no purpose or was erased. Attributes are exported and erased with her.
   * With cohorts, her own cohort lookup uses the new values at once; the cohort definitions and
   * counts follow at the next refit (see the class documentation, "Cohorts").
   *
   * @throws IllegalArgumentException for a bad id, or a blank name or a value holding NUL, CR or LF
   * @throws UncheckedIOException if they cannot be written (nothing changed)
   */
  public boolean setAttributes(String customerId, Map<String, String> values) {
    CorePreconditions.checkLineText("customerId", customerId);
    requireNonNull(values, "values");
    values.forEach((k, v) -> {
      CorePreconditions.checkLineText("attribute name", k);
      CorePreconditions.checkMaxLength("attribute value", v, CorePreconditions.MAX_TEXT_LENGTH);
      CorePreconditions.checkNoNulCrLf("attribute value", v);
    });
    checkOpen();
    writeLock.lock();
    try {
      if (tombstones.isErased(customerId)) {
        refusedErased.incrementAndGet();
        return false;
      }
      if (!consent.isAllowed(customerId, Purpose.MODEL_TRAINING) && !consent.isAllowed(customerId, Purpose.PERSONALISATION)) {
        refusedNoConsent.incrementAndGet();
        return false;
      }
      List<String> before = options.cohorts().isEmpty() ? null : cohortValues(attributes.get(customerId));
      attributes.set(customerId, values);
      if (options.cohorts().isPresent() && !java.util.Objects.equals(before, cohortValues(attributes.get(customerId)))) {
        attributesEpoch++;
        // Her own lookup follows her new attributes from the next call on (definitions and counts
        // at the next refit): the table is rebuilt once before the next call that serves, not once
        // per change, so importing many customers' attributes stays linear.
        attributesStale = true;
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store attributes in home " + dir + " (nothing changed): " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  /** A customer's stored attributes (empty if none). */
  public Map<String, String> attributes(String customerId) {
    requireNonNull(customerId, "customerId");
    writeLock.lock();
    try {
      return attributes.get(customerId);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Imports a data set (e.g. read by {@link io.privrec.core.data.InteractionReaders}): each
   * interaction becomes one event with its weight (as a {@link EventKind#RATING}) and time (the
   * clock's now if the data has none), under the same consent and erasure rules as {@link
   * #recordAll}.
   */
  public Recorded ingest(InteractionMatrix data) {
    requireNonNull(data, "data");
    Instant now = options.clock().instant();
    List<Event> events = new ArrayList<>(Math.min(data.numInteractions(), 1 << 16));
    int stored = 0;
    int noConsent = 0;
    int erased = 0;
    for (int u = 0; u < data.numUsers(); u++) {
      if (data.users().isRedacted(u)) {
        continue;
      }
      for (int p = data.rowStart(u); p < data.rowEnd(u); p++) {
        Instant t = data.hasTimestamps() ? Instant.ofEpochSecond(data.timeAt(p)) : now;
        events.add(new Event(data.users().id(u), data.items().id(data.itemAt(p)), EventKind.RATING, data.weightAt(p), t));
        if (events.size() == 1 << 16) {
          Recorded r = recordAll(events);
          stored += r.stored();
          noConsent += r.refusedNoConsent();
          erased += r.refusedErased();
          events.clear();
        }
      }
    }
    Recorded r = recordAll(events);
    return new Recorded(stored + r.stored(), noConsent + r.refusedNoConsent(), erased + r.refusedErased());
  }

  /**
   * Fits the options' algorithm (privately if {@link HomeOptions#privacy()} is set) and swaps the
   * new version in; see {@link #refit(String, Map, PrivacyBudget)}.
   */
  public ModelVersion refit() {
    return refit(options.algorithm(), options.parameters(), options.privacy().orElse(null));
  }

  /**
   * Fits {@code algorithm} on the current consented, retained data, publishes it durably as a new
   * model version and swaps it in atomically. With {@code privacy} the model is its private
   * variant at that (ε, δ), charged to the home's durable ledger before anything is computed.
   *
   * @param privacy the refit's (ε, δ), or null for a non-private model
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if the remaining budget cannot pay
   *     for it (nothing computed, published or charged)
   * @throws IllegalStateException if {@code privacy} is set but the options give no budget, or
   *     the budget differs from the one the home's ledger fixed
   * @throws UncheckedIOException if the version cannot be written (the previous one stays live)
   */
  public ModelVersion refit(String algorithm, Map<String, String> parameters, PrivacyBudget privacy) {
    requireNonNull(algorithm, "algorithm");
    requireNonNull(parameters, "parameters");
    checkOpen();
    refitLock.lock();
    try {
      PrivacyAccountant accountant = null;
      if (privacy != null) {
        // Validate the private variant and its parameters before the budget is fixed in the ledger.
        String dpName = algorithm.startsWith("dp-") ? algorithm : "dp-" + algorithm;
        Map<String, String> dpParams = new java.util.LinkedHashMap<>(parameters);
        dpParams.put("epsilon", Double.toString(privacy.epsilon()));
        dpParams.put("delta", Double.toString(privacy.delta()));
        io.privrec.core.cf.Algorithms.create(dpName, dpParams);
        PrivacyBudget total = options.budget().orElseThrow(() -> new IllegalStateException(
            "a private refit needs HomeOptions.budget(...): the home's durable privacy budget"));
        try {
          ledger.requireBudget(total, options.budgetPeriod().orElse(null));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot record the privacy budget in home " + dir + ": " + e.getMessage(), e);
        }
        accountant = ledger.accountant();
      }
      EventStore.View view;
      CustomerAttributes table;
      long epoch;
      writeLock.lock();
      try {
        applyRetentionLocked();
        view = store.view();
        table = cohortTable(Set.of());
        epoch = attributesEpoch;
        erasedDuringRefit = new HashSet<>();
      } finally {
        writeLock.unlock();
      }
      long watermark = view.nextSequence();
      InteractionMatrix data = EventStore.matrix(view, watermark, c -> view.customers()[c] != null, null, null);
      PrivateRecommender.Builder b = recommenderBuilder(data, table).algorithm(algorithm, parameters);
      if (privacy != null) {
        b.privacy(privacy.epsilon(), privacy.delta()).accountant(accountant);
      }
      PrivateRecommender fitted;
      try {
        fitted = b.build();
      } catch (RuntimeException e) {
        writeLock.lock();
        try {
          erasedDuringRefit = null;
        } finally {
          writeLock.unlock();
        }
        throw e;
      }
      writeLock.lock();
      try {
        Set<String> late = erasedDuringRefit;
        erasedDuringRefit = null;
        List<String> inData = new ArrayList<>();
        for (String id : late) {
          if (fitted.data().users().indexOf(id) >= 0 || (table != null && table.contains(id))) {
            inData.add(id);
          }
        }
        if (!inData.isEmpty()) {
          fitted.forget(inData, false);
        }
        Live next = publishLocked(fitted, trainingDigests(fitted), watermark);
        for (String c : store.customersSince(watermark)) {
          fitted.setLive(c, liveRow(c));
        }
        if (table != null && attributesEpoch != epoch) {
          fitted.replaceAttributes(cohortTable(Set.of())); // attributes changed while it was fitting
        }
        live = next;
        return version(next);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot publish the new model version in home " + dir
            + " (the previous version stays live): " + e.getMessage(), e);
      } finally {
        writeLock.unlock();
      }
    } finally {
      refitLock.unlock();
    }
  }

  /** {@link #refit(String, Map, PrivacyBudget)} on a background thread; readers keep the old version meanwhile. */
  public CompletableFuture<ModelVersion> refitInBackground(String algorithm, Map<String, String> parameters,
      PrivacyBudget privacy) {
    return CompletableFuture.supplyAsync(() -> refit(algorithm, parameters, privacy));
  }

  private Set<String> trainingDigests(PrivateRecommender r) {
    InteractionMatrix train = r.trainingData();
    Set<String> digests = new HashSet<>();
    for (int u = 0; u < train.numUsers(); u++) {
      if (train.rowLength(u) > 0 && !train.users().isRedacted(u)) {
        digests.add(tombstones.digest(train.users().id(u)));
      }
    }
    return digests;
  }

  /**
   * Deletes events older than the retention limit now (also done at every refit), from memory and
   * disk. Without a limit, does nothing.
   *
   * @return events deleted
   */
  public long applyRetention() {
    checkOpen();
    writeLock.lock();
    try {
      return applyRetentionLocked();
    } finally {
      writeLock.unlock();
    }
  }

  private long applyRetentionLocked() {
    if (options.retention().isEmpty()) {
      return 0;
    }
    long cutoff = options.clock().instant().minus(options.retention().get().maxAge()).getEpochSecond();
    long removed = store.removeOlderThan(cutoff);
    if (removed > 0) {
      try {
        rewritePending = true;
        rewriteLocked();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot rewrite the interaction snapshot of home " + dir + ": " + e.getMessage(), e);
      }
      Live l = live;
      if (l != null) {
        // Customers' profiles now lack the expired events: serve them from the store.
        for (String c : store.customerIds()) {
          l.recommender().setLive(c, liveRow(c));
        }
      }
    }
    return removed;
  }

  /** Top-{@code k} items for a customer; see {@link PrivateRecommender#recommend(String, int)}. */
  public List<ScoredItem> recommend(String customerId, int k) {
    return recommend(customerId, k, Set.of());
  }

  /**
   * Top-{@code k} items for a customer excluding {@code excludedItemIds}; see {@link
   * PrivateRecommender#recommend(String, int, Set)}.
   *
   * @throws IllegalStateException if no model was fitted yet
   */
  public List<ScoredItem> recommend(String customerId, int k, Set<String> excludedItemIds) {
    return requireLive().recommender().recommend(customerId, k, excludedItemIds);
  }

  /** For an anonymous visitor; stores nothing. See {@link PrivateRecommender#recommendForSession(List, int)}. */
  public List<ScoredItem> recommendForSession(List<String> sessionItemIds, int k) {
    return requireLive().recommender().recommendForSession(sessionItemIds, k);
  }

  /** See {@link PrivateRecommender#explain(String, String, int)}. */
  public RecommendationExplanation explain(String customerId, String itemId, int maxReasons) {
    return requireLive().recommender().explain(customerId, itemId, maxReasons);
  }

  /**
   * Top-{@code k} items for an anonymous visitor who shares only some attributes (e.g. {@code
   * Map.of("region", "North")}): her cohorts' popularity; stores nothing. See {@link
   * PrivateRecommender#recommendForAttributes(Map, int)}.
   *
   * @throws IllegalStateException if the home has no {@link HomeOptions#cohorts()} or no model was
   *     fitted yet
   */
  public List<ScoredItem> recommendForAttributes(Map<String, String> attributes, int k) {
    return recommendForAttributes(attributes, k, Set.of());
  }

  /**
   * Like {@link #recommendForAttributes(Map, int)} with caller exclusions (e.g. out of stock).
   *
   * @throws IllegalStateException if the home has no {@link HomeOptions#cohorts()} or no model was
   *     fitted yet
   */
  public List<ScoredItem> recommendForAttributes(Map<String, String> attributes, int k, Set<String> excludedItemIds) {
    requireNonNull(attributes, "attributes");
    return requireCohorts().recommender().recommendForAttributes(attributes, k, excludedItemIds);
  }

  /**
   * Explains a recommendation for an anonymous visitor with these attributes: its score and the
   * cohort it comes from. See {@link PrivateRecommender#explainForAttributes(Map, String)}.
   *
   * @throws IllegalStateException if the home has no {@link HomeOptions#cohorts()} or no model was
   *     fitted yet
   */
  public RecommendationExplanation explainForAttributes(Map<String, String> attributes, String itemId) {
    requireNonNull(attributes, "attributes");
    return requireCohorts().recommender().explainForAttributes(attributes, itemId);
  }

  private Live requireCohorts() {
    checkOpen();
    if (options.cohorts().isEmpty()) {
      throw new IllegalStateException("home " + dir + " has no cohorts: open it with HomeOptions.cohorts(...)");
    }
    return requireLive();
  }

  private Live requireLive() {
    checkOpen();
    Live l = live;
    if (l == null) {
      throw new IllegalStateException("no model fitted yet in home " + dir + ": call refit() (CLI: fit --home)");
    }
    return attributesStale ? refreshAttributes() : l;
  }

  /** Gives the live recommender the current cohort attribute table (once after any changes). */
  private Live refreshAttributes() {
    writeLock.lock();
    try {
      Live l = live;
      if (attributesStale && l != null) {
        l.recommender().replaceAttributes(cohortTable(Set.of()));
        attributesStale = false;
      }
      return l;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Erases customers everywhere, in one batch: consent history (a pseudonymous proof kept), events
   * and attributes (gone from memory, export and recommendations before this returns; the
   * interaction files and the model version are rewritten without them about a second later by a
   * background rewrite that also covers the erasures of that second, at the latest on {@link
   * #close} or the next open; {@link #awaitErasures} does it now), the live model (through its erasure role; a non-private model is republished so no
   * model file keeps her contribution) and a tombstone so her events are refused from now on. Validation first: an
   * unknown or already erased customer fails the whole batch, named by position.
   *
   * @throws IllegalArgumentException if a customer is unknown or the collection is empty
   * @throws IllegalStateException if a customer was already erased
   */
  public ErasureReceipt forget(Collection<String> customerIds) {
    requireNonNull(customerIds, "customerIds");
    checkOpen();
    Set<String> ids = CorePreconditions.checkNotEmpty("customerIds", new LinkedHashSet<>(customerIds));
    writeLock.lock();
    try {
      int position = 0;
      for (String id : ids) {
        requireNonNull(id, "customer id");
        if (tombstones.isErased(id) || consent.isErased(id)) {
          throw new IllegalStateException("customerIds: the customer at position " + position + " was already erased");
        }
        if (!store.holds(id) && !consent.isKnown(id) && attributes.get(id).isEmpty()) {
          throw CorePreconditions.unknownCustomer("customerIds: the customer at position " + position,
              "nothing is held about her");
        }
        position++;
      }
      return eraseLocked(ids, true);
    } catch (IOException e) {
      throw new UncheckedIOException("erasure in home " + dir + " failed part-way; it is completed on the next open: "
          + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Erases {@code ids}; {@code fresh} false completes an erasure a crash interrupted. */
  private ErasureReceipt eraseLocked(Collection<String> ids, boolean fresh) throws IOException {
    Live l = live;
    List<String> inRegister = new ArrayList<>();
    for (String id : ids) {
      if (!consent.isErased(id)) {
        inRegister.add(id);
      }
    }
    ErasureReceipt receipt;
    ModelUpdate update = ModelUpdate.RELEASE_KEPT;
    String proofs;
    if (!inRegister.isEmpty()) {
      List<String> unknown = new ArrayList<>();
      for (String id : inRegister) {
        if (!consent.isKnown(id)) {
          unknown.add(id);
        }
      }
      if (!unknown.isEmpty()) {
        consent.withdrawAll(unknown, Purpose.MODEL_TRAINING, "erasure-request");
      }
      proofs = toJson(consent.eraseAll(inRegister, "erasure-request"));
    } else {
      proofs = "[]";
    }
    List<String> inModel = new ArrayList<>();
    if (l != null) {
      for (String id : ids) {
        if (l.recommender().data().users().indexOf(id) >= 0 || store.holds(id)
            || (options.cohorts().isPresent() && !attributes.get(id).isEmpty())) { // her row in the cohort table
          inModel.add(id);
        }
      }
      if (!inModel.isEmpty()) {
        update = l.recommender().forget(inModel, false).modelUpdate();
      }
    }
    List<String> toTombstone = new ArrayList<>();
    for (String id : ids) {
      if (!tombstones.isErased(id)) {
        toTombstone.add(id);
      }
    }
    erasePurgingQueue(toTombstone, ids);
    if (erasedDuringRefit != null) {
      erasedDuringRefit.addAll(ids);
    }
    long removed = store.remove(ids);
    if (attributes.remove(ids)) {
      attributes.compact();
    }
    if (l != null) {
      Set<String> digests = new HashSet<>(l.trainDigests());
      for (String id : ids) {
        digests.remove(tombstones.digest(id));
      }
      // The files follow in rewriteLocked(): the model version first, then the interaction files.
      live = new Live(l.recommender(), l.version(), l.watermark(), digests);
      modelChanged |= update != ModelUpdate.RELEASE_KEPT;
    }
    rewritePending = true;
    erasureEpoch++;
    if (fresh) {
      scheduleRewrite();
    } else {
      rewriteLocked();
    }
    receipt = new ErasureReceipt(ids.size(), removed, update, proofs);
    return receipt;
  }

  /**
   * Rewrites the interaction files without the events erasures removed from memory, and deletes
   * kept torn tails; under the write lock. The rewrite costs time proportional to all events held,
   * so an erasure schedules it ({@link #scheduleRewrite}, a second later) instead of making its
   * caller wait: one rewrite then covers every erasure that came in meanwhile.
   */
  private void rewriteLocked() throws IOException {
    if (!rewritePending) {
      return;
    }
    publishModelLocked();
    store.compact();
    deleteTornTails();
    rewritePending = false;
  }

  /**
   * Publishes the live model if an erasure changed it, else rewrites its training digests. Model
   * first: a crash after it but before the interaction rewrite leaves the erased events on disk
   * with her tombstone, and the next open completes the erasure from this version.
   */
  private void publishModelLocked() throws IOException {
    Live l = live;
    if (l != null) {
      if (modelChanged) {
        live = publishLocked(l.recommender(), l.trainDigests(), l.watermark());
      } else {
        versions.rewriteTraining(l.version(), l.trainDigests());
      }
    }
  }

  /**
   * The background rewrite: the model version under the lock, then the interaction snapshot
   * written without the lock (recording goes on), then the log emptied under it (see {@link
   * EventStore#beginCompaction()}). An erasure during the write leaves the rewrite pending, so
   * another follows.
   */
  private void rewriteInBackground() throws IOException {
    EventStore.Compaction c;
    long epoch;
    writeLock.lock();
    try {
      if (closed || !rewritePending) {
        return;
      }
      publishModelLocked();
      c = store.beginCompaction();
      epoch = erasureEpoch;
    } finally {
      writeLock.unlock();
    }
    Path written = store.writeCompaction(c);
    writeLock.lock();
    try {
      if (closed) {
        Files.deleteIfExists(written); // close() rewrote everything itself
        return;
      }
      store.finishCompaction(c, written);
      deleteTornTails();
      if (erasureEpoch == epoch) {
        rewritePending = false;
      } else {
        scheduleRewrite(); // an erasure during the write: its customers are in this snapshot
      }
    } finally {
      writeLock.unlock();
    }
  }

  private void scheduleRewrite() {
    synchronized (queue) {
      if (rewriter == null) {
        rewriter = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "privrec-home-rewriter");
          t.setDaemon(true);
          return t;
        });
      }
      if (rewriteScheduled || rewriter.isShutdown()) {
        return; // the scheduled rewrite covers this erasure too
      }
      rewriteScheduled = true;
      // A short delay lets a burst of erasures (e.g. one call per request) share one rewrite.
      rewriter.schedule(() -> {
        synchronized (queue) {
          rewriteScheduled = false;
        }
        try {
          rewriteInBackground();
        } catch (IOException | RuntimeException e) {
          // Still pending: retried by the next erasure, awaitErasures(), close() or the next open
          // (which completes every erasure whose events are still on disk).
          System.getLogger(RecommenderHome.class.getName()).log(System.Logger.Level.WARNING,
              "rewriting the interaction files of home " + dir + " after an erasure failed; will retry", e);
        }
      }, REWRITE_DELAY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Waits until every erasure so far has also left the files: the interaction snapshot and log are
   * rewritten without the erased customers' events (done in the background after {@link #forget},
   * and on {@link #close}).
   *
   * @throws UncheckedIOException if the rewrite fails (it is retried later; the erased customers'
   *     events are already gone from memory and refused)
   */
  public void awaitErasures() {
    checkOpen();
    writeLock.lock();
    try {
      rewriteLocked();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite the interaction files of home " + dir + ": " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Deletes the torn log tails kept aside by earlier opens: after an erasure they may hold the
   * erased customer's events or attributes, and nothing of hers may stay on disk.
   */
  private void deleteTornTails() throws IOException {
    for (String log : List.of("events.log", "attributes.log", "erased.log")) {
      for (Path tail : io.privrec.core.internal.storage.FramedLog.tornTailFiles(dir.resolve(log))) {
        Files.deleteIfExists(tail);
        System.getLogger(RecommenderHome.class.getName()).log(System.Logger.Level.WARNING, "deleted " + tail
            + ", a torn log tail kept from an earlier crash: after an erasure it may hold the erased customer's data");
      }
    }
  }

  private static String toJson(List<io.privrec.core.privacy.ErasureProof> proofs) {
    StringBuilder sb = new StringBuilder("[");
    for (io.privrec.core.privacy.ErasureProof p : proofs) {
      sb.append(sb.length() > 1 ? "," : "").append(CustomerExport.toJson(p));
    }
    return sb.append(']').toString();
  }

  /**
   * Lifts an erased customer's tombstone: she is registered again as a new customer (with no
   * history: her old events are gone) and her events are accepted from now on.
   *
   * @throws IllegalArgumentException if she was not erased (the id is not repeated)
   */
  public void registerAgain(String customerId) {
    CorePreconditions.checkLineText("customerId", customerId);
    checkOpen();
    writeLock.lock();
    try {
      CorePreconditions.checkArgument(tombstones.isErased(customerId),
          "customerId: the customer was not erased; nothing to register again");
      tombstones.registerAgain(customerId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the registration in home " + dir + ": " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Everything held about a customer (GDPR arts. 15 and 20) as JSON: consent standing, history and
   * erasure proofs, every event held, and which model version used her data. Never shows a
   * half-finished erasure (erasures hold the same lock).
   *
   * @throws IllegalArgumentException if nothing is held about her (the id is not repeated)
   */
  public String export(String customerId) {
    requireNonNull(customerId, "customerId");
    checkOpen();
    writeLock.lock();
    try {
      boolean held = store.holds(customerId) || !attributes.get(customerId).isEmpty();
      if (!held && !consent.isKnown(customerId) && !consent.isErased(customerId)) {
        throw CorePreconditions.unknownCustomer("customerId", "nothing is held about her");
      }
      List<Object[]> events = store.eventsOf(customerId);
      Live l = live;
      boolean trained = l != null && l.trainDigests().contains(tombstones.digest(customerId));
      CustomerExport.Builder export = CustomerExport.forCustomer(customerId).generatedAt(options.clock().instant())
          .consent(consent);
      List<Map<String, Object>> eventTree = new ArrayList<>(events.size());
      for (Object[] e : events) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("item", e[0]);
        event.put("weight", e[1]);
        event.put("time", Instant.ofEpochSecond((Long) e[2]).toString());
        eventTree.add(event);
      }
      export.section("events", eventTree);
      Map<String, String> attrs = attributes.get(customerId);
      if (!attrs.isEmpty()) {
        export.section("attributes", new java.util.TreeMap<>(attrs));
      }
      if (l != null) {
        ModelVersion v = version(l);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("version", v.id());
        model.put("model", v.algorithm());
        model.put("trainedOnHerData", trained);
        model.put("differentiallyPrivate", v.differentiallyPrivate());
        export.section("models", List.of(model));
      }
      return export.toJson();
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * The live model's {@link PrivacyReport} (publishable and internal parts), if a model was
   * fitted.
   */
  public Optional<PrivacyReport> privacyReport() {
    Live l = live;
    return l == null ? Optional.empty() : Optional.of(l.recommender().privacyReport());
  }

  /**
   * The home's budget statement (publishable: configuration and DP charges only): the total per
   * period, the spend of every period and the cumulative spend over all periods, per customer
   * (basic composition across periods).
   */
  public BudgetStatement budget() {
    return new BudgetStatement(ledger.total(), ledger.period(), List.copyOf(ledger.spentPerPeriod().values()),
        ledger.total().isPresent() ? Optional.of(ledger.cumulative()) : Optional.empty(), ledger.entries().size());
  }

  /**
   * What a home's privacy budget has paid for.
   *
   * @param total the total (ε, δ) per period (or for the home's life), once fixed
   * @param period the budget period, if budgets are per period
   * @param spentPerPeriod the spend of each period with charges, oldest first
   * @param cumulative the spend over all periods together, per customer
   * @param charges the number of ledger entries
   */
  public record BudgetStatement(Optional<PrivacyBudget> total, Optional<java.time.Period> period,
      List<SpentBudget> spentPerPeriod, Optional<CumulativeSpend> cumulative, int charges) {}

  /** Internal counts (private: do not publish). */
  public Status status() {
    Live l = live;
    writeLock.lock();
    try {
      return new Status(store.size(), store.numCustomers(), refusedNoConsent.get(), refusedErased.get(),
          tombstones.size(), l == null ? Optional.empty() : Optional.of(version(l)));
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Makes pending training-consent withdrawals take effect in the live model and republishes it
   * (also done by {@link #close}).
   */
  public void applyConsentChanges() {
    checkOpen();
    writeLock.lock();
    try {
      republishIfChanged();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot republish the model of home " + dir + ": " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  private void republishIfChanged() throws IOException {
    Live l = live;
    if (l == null) {
      return;
    }
    l.recommender().applyConsentChanges();
    Set<String> digests = trainingDigests(l.recommender());
    if (!digests.equals(l.trainDigests()) && l.recommender().accountant().isEmpty()) {
      live = publishLocked(l.recommender(), digests, l.watermark());
    }
  }

  /**
   * Publishes {@code r}'s model as the next version (the caller makes the returned one live);
   * under the write lock. The published model then stands for every erasure applied to it.
   */
  private Live publishLocked(PrivateRecommender r, Set<String> digests, long watermark) throws IOException {
    String id = versions.nextId();
    CohortModel cohorts = r.accountant().isPresent() ? r.cohortModel() : null; // a private release is saved
    versions.publish(id, (SavableModel) r.scorer(), digests, watermark, r.algorithm().name(),
        r.algorithm().parameters(), cohorts == null || cohorts.isExact() ? null : cohorts);
    modelChanged = false;
    return new Live(r, id, watermark, digests);
  }

  /**
   * Applies pending consent changes to the model files, closes every file and releases the lock.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      IOException failure = null;
      try {
        republishIfChanged();
        rewriteLocked();
      } catch (IOException | RuntimeException e) {
        failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      }
      closed = true;
      stopping = true;
      for (AutoCloseable c : List.<AutoCloseable>of(store, attributes, tombstones, ledger, consent, lock)) {
        try {
          c.close();
        } catch (Exception e) {
          if (failure == null) {
            failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
          }
        }
      }
      if (failure != null) {
        throw new UncheckedIOException("closing home " + dir + ": " + failure.getMessage(), failure);
      }
    } finally {
      writeLock.unlock();
      Thread t;
      synchronized (queue) {
        t = committer;
        if (t == null) {
          committerDone = true;
        }
        if (rewriter != null) {
          rewriter.shutdown();
        }
      }
      if (t != null) {
        LockSupport.unpark(t); // it fails what is still queued ("closed") and ends
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("home " + dir + " is closed");
    }
  }
}
