package io.privrec.benchmarks.home;

import io.privrec.core.HomeOptions;
import io.privrec.core.RecommenderHome;
import io.privrec.core.RecommenderHome.Event;
import io.privrec.core.ScoredItem;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.EventKind;
import io.privrec.core.privacy.Regime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The durable {@link RecommenderHome}: recording throughput (every event forced to disk before the
 * call returns) and the time from a cold open to the first recommendation.
 *
 * <p>Every home is an OPT_OUT home (events of customers who decided nothing are accepted) for a
 * catalogue of 1,000 items ({@code sku-0000} … {@code sku-0999}), with customers drawn uniformly
 * from 100,000 ids ({@code c000000} … {@code c099999}) and event kinds VIEW, CART and PURCHASE.
 * Homes live in a fresh directory under {@code -Dprivrec.home.dir} (default {@code
 * java.io.tmpdir}), which must be on the real disk (not tmpfs such as {@code /dev/shm}): the
 * point is the cost of forcing writes to the device. The directory is deleted at tear-down.
 *
 * <ul>
 *   <li>{@link #recordOneEventPerCall} (64 threads), {@link #recordOneEventPerCall16Threads} (16
 *       threads) and {@link #recordOneEventPerCall256Threads} (256 threads): throughput of single-event {@link RecommenderHome#record} calls, each durable on
 *       return; concurrent callers share one forced write (group commit). One operation is one
 *       event, so ops/s is events/s. The home is prefilled with {@code prefill} events and a
 *       popularity model is live, so each commit also refreshes the live profiles of its customers,
 *       as in a running shop.
 *   <li>{@link #recordAsyncOneEventPerCall}: one thread submitting single events with {@link
 *       RecommenderHome#recordAsync} and waiting for every thousandth (events/s); the group commit
 *       then fills each forced write without a thread per outstanding event.
 *   <li>{@link #recordBatchesOf1000}: one thread calling {@link RecommenderHome#recordAll} with 1,000
 *       events per call (one forced write per call); reported per event (events/s), through
 *       {@code @OperationsPerInvocation(1000)}. Same home set-up as above.
 *   <li>{@link #reopenToFirstRecommendation}: single shot of {@link RecommenderHome#open} + one
 *       {@link RecommenderHome#recommend} (top 10) + {@link RecommenderHome#close} on a home holding
 *       {@code reopenEvents} events (default 10 million) and a live model of {@code reopenModel}
 *       (default popularity). The home is generated once per trial (not measured) with
 *       {@code recordAll} in batches of 100,000 and one refit; the trial set-up then closes and
 *       reopens it once and fails unless the top-10 of 100 customers after the reopen equal those
 *       before the close. CI smoke runs it with {@code -p reopenEvents=100000}.
 * </ul>
 *
 * <p>Run with, e.g.: {@code java -jar benchmarks/target/benchmarks.jar HomeBenchmark.record -f 1
 * -wi 1 -i 3 -w 5s -r 10s} and {@code java -jar benchmarks/target/benchmarks.jar
 * HomeBenchmark.reopen -f 1 -wi 0 -i 3}.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx12g"})
public class HomeBenchmark {
  static final int ITEMS = 1_000;
  static final int CUSTOMERS = 100_000;
  static final long BASE_EPOCH_SECOND = 1_767_225_600L; // 2026-01-01T00:00:00Z
  static final EventKind[] KINDS = {EventKind.VIEW, EventKind.VIEW, EventKind.VIEW, EventKind.CART,
      EventKind.PURCHASE};
  static final String[] ITEM_IDS = new String[ITEMS];
  static final String[] CUSTOMER_IDS = new String[CUSTOMERS];
  static final Instant[] TIMES = new Instant[4096];

  static {
    for (int i = 0; i < ITEMS; i++) {
      ITEM_IDS[i] = String.format("sku-%04d", i);
    }
    for (int c = 0; c < CUSTOMERS; c++) {
      CUSTOMER_IDS[c] = String.format("c%06d", c);
    }
    for (int t = 0; t < TIMES.length; t++) {
      TIMES[t] = Instant.ofEpochSecond(BASE_EPOCH_SECOND + 60L * t);
    }
  }


  static HomeOptions options() {
    return HomeOptions.builder().regime(Regime.OPT_OUT).build();
  }

  static Catalogue catalogue() {
    return Catalogue.of(List.of(ITEM_IDS));
  }

  static Path newRoot() throws IOException {
    Path base = Path.of(System.getProperty("privrec.home.dir", System.getProperty("java.io.tmpdir")));
    Files.createDirectories(base);
    return Files.createTempDirectory(base, "privrec-home-bench-");
  }

  static Event randomEvent(SplittableRandom r) {
    return Event.of(CUSTOMER_IDS[r.nextInt(CUSTOMERS)], ITEM_IDS[r.nextInt(ITEMS)], KINDS[r.nextInt(KINDS.length)],
        TIMES[r.nextInt(TIMES.length)]);
  }

  static List<Event> randomBatch(SplittableRandom r, int n) {
    List<Event> batch = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      batch.add(randomEvent(r));
    }
    return batch;
  }

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A home for the recording benchmarks, fresh for each trial. */
  @State(Scope.Benchmark)
  public static class Recording {
    /** Events recorded (in batches, not measured) before a recording benchmark starts. */
    @Param({"100000"})
    public int prefill;

    Path root;
    RecommenderHome home;
    List<List<Event>> batches;

    /** Creates the home, prefills it, fits a popularity model and prepares the batches. */
    @Setup(Level.Trial)
    public void createHome() throws IOException {
      root = newRoot();
      home = RecommenderHome.create(root.resolve("home"), catalogue(), options());
      SplittableRandom r = new SplittableRandom(42);
      for (int done = 0; done < prefill; done += 10_000) {
        home.recordAll(randomBatch(r, Math.min(10_000, prefill - done)));
      }
      home.refit("popularity", Map.of(), null);
      batches = new ArrayList<>();
      for (int b = 0; b < 64; b++) {
        batches.add(randomBatch(r, 1_000));
      }
    }

    /** Closes the home and deletes its directory. */
    @TearDown(Level.Trial)
    public void deleteHome() throws IOException {
      if (home != null) {
        home.close();
      }
      deleteTree(root);
    }
  }

  /** One durable event per call, 64 threads (group commit). */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(64)
  public RecommenderHome.Recorded recordOneEventPerCall(Recording h) {
    return recordOne(h.home);
  }

  /**
   * One durable event per call, 256 threads (group commit): a shop's web tier with a few hundred
   * request threads, each acknowledging its own event.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(256)
  public RecommenderHome.Recorded recordOneEventPerCall256Threads(Recording h) {
    return recordOne(h.home);
  }

  /** One durable event per call, 16 threads (group commit). */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(16)
  public RecommenderHome.Recorded recordOneEventPerCall16Threads(Recording h) {
    return recordOne(h.home);
  }

  private static RecommenderHome.Recorded recordOne(RecommenderHome home) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return home.record(CUSTOMER_IDS[r.nextInt(CUSTOMERS)], ITEM_IDS[r.nextInt(ITEMS)], KINDS[r.nextInt(KINDS.length)],
        TIMES[r.nextInt(TIMES.length)]);
  }

  /**
   * One event per {@link RecommenderHome#recordAsync} call, one thread, 1,000 calls per operation
   * and then a wait for the last future (futures complete in order, so every event of the
   * operation is durable when it returns); reported per event.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  @OperationsPerInvocation(1000)
  public RecommenderHome.Recorded recordAsyncOneEventPerCall(Recording h) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    java.util.concurrent.CompletableFuture<RecommenderHome.Recorded> last = null;
    for (int j = 0; j < 1000; j++) {
      last = h.home.recordAsync(List.of(Event.of(CUSTOMER_IDS[r.nextInt(CUSTOMERS)], ITEM_IDS[r.nextInt(ITEMS)],
          KINDS[r.nextInt(KINDS.length)], TIMES[r.nextInt(TIMES.length)])));
    }
    return last.join();
  }

  /** 1,000 durable events per call, one thread; reported per event. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  @OperationsPerInvocation(1000)
  public RecommenderHome.Recorded recordBatchesOf1000(Recording h, Batches cursor) {
    return h.home.recordAll(h.batches.get(cursor.next++ & 63));
  }

  /** Which prepared batch the single recording thread sends next. */
  @State(Scope.Thread)
  public static class Batches {
    int next;
  }

  /** A home with many events and a live model, generated once per trial. */
  @State(Scope.Benchmark)
  public static class Reopen {
    /** Events in the home. */
    @Param({"10000000"})
    public int reopenEvents;

    /** The live model's algorithm. */
    @Param({"popularity"})
    public String reopenModel;

    Path root;
    Path dir;
    String customer;

    /** Generates the home (not measured) and checks that a reopen gives the same recommendations. */
    @Setup(Level.Trial)
    public void generate() throws IOException {
      root = newRoot();
      dir = root.resolve("home");
      SplittableRandom r = new SplittableRandom(7);
      List<String> probe = new ArrayList<>();
      for (int c = 0; c < 100; c++) {
        probe.add(CUSTOMER_IDS[c * (CUSTOMERS / 100) + 42]);
      }
      customer = probe.get(0);
      List<List<ScoredItem>> before = new ArrayList<>();
      long t0 = System.nanoTime();
      try (RecommenderHome h = RecommenderHome.create(dir, catalogue(), options())) {
        for (int done = 0; done < reopenEvents; done += 100_000) {
          h.recordAll(randomBatch(r, Math.min(100_000, reopenEvents - done)));
        }
        long t1 = System.nanoTime();
        h.refit(reopenModel, Map.of(), null);
        long t2 = System.nanoTime();
        for (String c : probe) {
          before.add(h.recommend(c, 10));
        }
        System.out.printf("%n[generated %,d events in %.1f s; refit %s in %.1f s; %s]%n", reopenEvents,
            (t1 - t0) / 1e9, reopenModel, (t2 - t1) / 1e9, h.status());
      }
      long t3 = System.nanoTime();
      try (RecommenderHome h = RecommenderHome.open(dir, options())) {
        long t4 = System.nanoTime();
        for (int j = 0; j < probe.size(); j++) {
          List<ScoredItem> after = h.recommend(probe.get(j), 10);
          if (!after.equals(before.get(j))) {
            throw new IllegalStateException("recommendations after reopen differ for probe " + j + ": " + before.get(j)
                + " before close, " + after + " after reopen");
          }
        }
        System.out.printf("[check: first reopen took %.1f s; top-10 of %d customers equal before close and after"
            + " reopen]%n", (t4 - t3) / 1e9, probe.size());
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          if (Files.isRegularFile(f)) {
            System.out.printf("[%s: %,d bytes]%n", f.getFileName(), Files.size(f));
          }
        }
      }
    }

    /** Deletes the home. */
    @TearDown(Level.Trial)
    public void delete() throws IOException {
      deleteTree(root);
    }
  }

  /** Cold open of the big home, one recommendation, close. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 3)
  public List<ScoredItem> reopenToFirstRecommendation(Reopen big) {
    try (RecommenderHome h = RecommenderHome.open(big.dir, options())) {
      return h.recommend(big.customer, 10);
    }
  }
}
