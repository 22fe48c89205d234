package io.privrec.benchmarks.cf;

import io.privrec.core.cf.Ials;
import io.privrec.core.cf.IalsModel;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.scoring.ScoringKernels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * Wall-clock and CPU seconds per iALS iteration, and the JVM's peak heap, for the report tables
 * (the JMH benchmark {@link IalsBenchmark} covers the same fits for CI and JSON results). CPU
 * time is the whole process's (fitting, GC and compiler threads); on a machine shared with other
 * work, CPU seconds are the more stable number.
 *
 * <pre>
 * java -Xmx8g --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     io.privrec.benchmarks.cf.IalsTiming ml20m-shape 64 5 2
 * </pre>
 * Arguments: dataset ({@link IalsData#named}), factors, iterations, threads, optional repeats
 * (default 3; the first fit is a warm-up and not reported).
 */
public final class IalsTiming {
  private IalsTiming() {}

  /** Runs the timing; see the class comment for arguments. */
  public static void main(String[] args) throws IOException {
    String dataset = args[0];
    int factors = Integer.parseInt(args[1]);
    int iterations = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    InteractionMatrix data = IalsData.named(dataset);
    System.out.printf(Locale.ROOT, "%s: %d users, %d items, %d interactions; kernels %s; %d threads%n", dataset,
        data.numUsers(), data.numItems(), data.numInteractions(), ScoringKernels.implementation(), threads);
    Ials ials = Ials.builder().factors(factors).iterations(iterations).threads(threads).build();
    for (int r = 0; r < repeats; r++) {
      long cpu0 = processCpu();
      long t0 = System.nanoTime();
      IalsModel model = ials.fit(data);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (processCpu() - cpu0) / 1e9;
      if (r > 0) {
        System.out.printf(Locale.ROOT, "factors %d: %d iterations in %.3f s wall (%.3f s/iteration), %.3f s CPU (%.3f CPU s/iteration)%n",
            factors, iterations, wall, wall / iterations, cpu, cpu / iterations);
      }
      if (model.numItems() != data.numItems()) {
        throw new AssertionError("model shape");
      }
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(Locale.ROOT, "peak heap (sum of heap pools' peaks): %.0f MB%n", peak / 1e6);
  }

  /** CPU time of the whole process (fitting threads plus GC and compiler threads). */
  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
