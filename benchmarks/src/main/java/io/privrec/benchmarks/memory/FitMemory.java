package io.privrec.benchmarks.memory;

import io.privrec.core.cf.Ease;
import io.privrec.core.cf.Ials;
import io.privrec.core.cf.ItemKnn;
import io.privrec.core.cf.Popularity;
import io.privrec.core.cf.dp.DpEase;
import io.privrec.core.cf.dp.DpIals;
import io.privrec.core.cf.dp.DpItemKnn;
import io.privrec.core.cf.dp.DpPopularity;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.store.SyntheticStore;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of one model's fit on the synthetic store, measured in a fresh JVM per model. The
 * child generates the store, keeps only the interaction matrix and the public catalogue, and
 * records the live heap after full collections once it has stopped falling (the data's
 * baseline). While it fits the model once with its defaults, a sampler thread forces a full
 * collection every {@value #SAMPLE_MILLIS} ms and records the live heap after each. The fit's peak
 * is the largest of those samples less the baseline (a lower bound of the true peak: a structure
 * that lives shorter than a sampling interval can be missed); what the model keeps is the live
 * heap after the fit, settled the same way, less the baseline. Serial collector, so each forced
 * collection is a full, stop-the-world one and the figures do not depend on a concurrent
 * collector's heuristics; fits run slower while measured.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.privrec.benchmarks.memory.FitMemory \
 *     [--models ease,dp-ease,…] [--garments 5000 --customers 50000 --events 1000000]
 * </pre>
 *
 * Prints one JSON line per model. A command-line tool; not thread-safe.
 */
public final class FitMemory {
  /** The models measured by default, in the order of the page. */
  public static final List<String> MODELS = List.of("popularity", "item-knn", "ease", "ials", "dp-popularity",
      "dp-item-knn", "dp-ease", "dp-ials");

  /** Interval between forced full collections during a fit. */
  public static final int SAMPLE_MILLIS = 20;

  private static final Pattern LINE =
      Pattern.compile("\\{\"data_mb\":([-0-9.]+),\"peak_mb\":([-0-9.]+),\"kept_mb\":([-0-9.]+),\"samples\":(\\d+)}");

  /** The child's fitted model, reachable to the end like a served model. */
  private static volatile ItemScorer fitted;
  /** The child's training data, likewise. */
  private static volatile InteractionMatrix held;

  private FitMemory() {}

  /** The store's size: garments, customers and events. */
  public record Shape(int garments, int customers, long events) {
    String[] args() {
      return new String[] {"--garments", Integer.toString(garments), "--customers", Integer.toString(customers),
          "--events", Long.toString(events)};
    }
  }

  /**
   * One model's figures in MB: the data's live heap before the fit, the fit's peak live heap above
   * it, and what the fitted model keeps above it; {@code samples} forced collections during the fit.
   */
  public record Result(String model, double dataMb, double peakMb, double keptMb, int samples) {}

  /** Runs the measurement for {@code --models} (default {@link #MODELS}), or one child with {@code --child}. */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = options(args);
    Shape shape = new Shape(Integer.parseInt(a.getOrDefault("garments", "5000")),
        Integer.parseInt(a.getOrDefault("customers", "50000")), Long.parseLong(a.getOrDefault("events", "1000000")));
    if (a.containsKey("child")) {
      child(a.get("child"), shape);
      return;
    }
    List<String> models = a.containsKey("models") ? List.of(a.get("models").split(",")) : MODELS;
    for (Result r : measure(models, shape)) {
      System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"data_mb\":%.1f,\"peak_mb\":%.1f,\"kept_mb\":%.1f,"
          + "\"samples\":%d}%n", r.model(), r.dataMb(), r.peakMb(), r.keptMb(), r.samples());
    }
  }

  /** Measures every model of {@code models} on {@code shape}, one child JVM each. */
  public static List<Result> measure(List<String> models, Shape shape) throws IOException, InterruptedException {
    List<Result> out = new ArrayList<>();
    for (String m : models) {
      out.add(run(m, shape));
    }
    return out;
  }

  private static Result run(String model, Shape shape) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx8g", "-XX:+UseSerialGC", "--add-modules", "jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"), FitMemory.class.getName(), "--child", model));
    cmd.addAll(List.of(shape.args()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int code = p.waitFor();
    Matcher m = LINE.matcher(out);
    if (code != 0 || !m.find()) {
      throw new IllegalStateException("the measurement of " + model + " exited " + code + ": " + out);
    }
    return new Result(model, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
        Double.parseDouble(m.group(3)), Integer.parseInt(m.group(4)));
  }

  private static void child(String model, Shape shape) throws InterruptedException {
    Data data = data(model, shape); // the store itself is unreachable from here on
    Function<InteractionMatrix, ItemScorer> fit = data.fit();
    InteractionMatrix train = data.train();
    data = null;
    held = train; // the data stay reachable to the end, as in a shop (a local dead after its last use would not)
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    double base = settled(memory);
    double[] peak = {base};
    int[] samples = {0};
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        double v = live(memory);
        synchronized (peak) {
          peak[0] = Math.max(peak[0], v);
          samples[0]++;
        }
        try {
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    fitted = fit.apply(train);
    sampler.interrupt();
    sampler.join();
    double kept = settled(memory);
    double top;
    synchronized (peak) {
      top = Math.max(peak[0], kept);
    }
    double mb = 1024.0 * 1024.0;
    System.out.printf(Locale.ROOT, "{\"data_mb\":%.1f,\"peak_mb\":%.1f,\"kept_mb\":%.1f,\"samples\":%d}%n",
        base / mb, (top - base) / mb, (kept - base) / mb, samples[0]);
  }

  /** The fit's inputs: the interaction matrix and the model's fit on the public catalogue. */
  private record Data(InteractionMatrix train, Function<InteractionMatrix, ItemScorer> fit) {}

  /** Generates the store and keeps only what the fit needs (in its own frame, so the store goes). */
  private static Data data(String model, Shape shape) {
    SyntheticStore store = SyntheticStore.builder().seed(42).customers(shape.customers()).garments(shape.garments())
        .events(shape.events()).build();
    return new Data(store.interactions(), fitter(model, store.catalogue()));
  }

  /**
   * The live heap once it has stopped falling: full collections a second apart until it does. Just
   * after the store is generated, about 13 MB stay reachable for up to a second (not through the
   * library's pool threads: waiting for those to end does not free it), so one collection would
   * overstate the data. No condition to wait on was found, hence the polling.
   */
  private static double settled(MemoryMXBean memory) throws InterruptedException {
    double v = live(memory);
    for (int round = 0; round < 10; round++) {
      Thread.sleep(1100);
      double w = live(memory);
      if (w > v - 256 * 1024) {
        return Math.min(v, w);
      }
      v = w;
    }
    return v;
  }

  /** Heap in use after a full collection, in bytes. */
  private static double live(MemoryMXBean memory) {
    memory.gc();
    memory.gc(); // a second pass: what the first one finalised or released
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static Function<InteractionMatrix, ItemScorer> fitter(String model, Catalogue catalogue) {
    FitListener none = FitListener.NONE;
    return switch (model) {
      case "popularity" -> train -> Popularity.create().fit(train, none);
      case "item-knn" -> train -> ItemKnn.create().fit(train, none);
      case "ease" -> train -> Ease.create().fit(train, none);
      case "ials" -> train -> Ials.builder().build().fit(train, none);
      case "dp-popularity" -> train -> DpPopularity.builder().epsilon(1).delta(1e-6).catalogue(catalogue).build()
          .fit(train, none);
      case "dp-item-knn" -> train -> DpItemKnn.builder().epsilon(1).delta(1e-6).catalogue(catalogue).build()
          .fit(train, none);
      case "dp-ease" -> train -> DpEase.builder().epsilon(1).delta(1e-6).catalogue(catalogue).build().fit(train, none);
      case "dp-ials" -> train -> DpIals.builder().epsilon(1).delta(1e-6).catalogue(catalogue).build().fit(train, none);
      default -> throw new IllegalArgumentException("--models: unknown model '" + model + "', expected one of " + MODELS);
    };
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      m.put(args[i].substring(2), args[i + 1]);
    }
    return m;
  }
}
