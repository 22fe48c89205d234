package io.privrec.benchmarks.cf;

import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Datasets for the iALS benchmarks: MovieLens 100K positives, and synthetic implicit-feedback
 * matrices with a power-law item popularity and a heavy-tailed user activity, generated from a
 * fixed seed (not privacy noise: benchmark data).
 *
 * <p>Names accepted by {@link #named}: {@code synthetic-small} (5,000 users, 1,000 items, ≈ 0.2 M
 * interactions; for CI), {@code ml100k} (needs the shared data folder), {@code ml20m-shape}
 * (138,000 users, 20,000 items, ≈ 10 M interactions, shaped like MovieLens 20M's positives).
 */
public final class IalsData {
  private IalsData() {}

  /**
   * The dataset called {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name or absent MovieLens data
   */
  public static InteractionMatrix named(String name) throws IOException {
    switch (name) {
      case "synthetic-small":
        return synthetic(5_000, 1_000, 40, 42);
      case "ml20m-shape":
        return synthetic(138_000, 20_000, 73, 42);
      case "ml100k":
        Path file = Path.of(System.getProperty("privrec.shared.data", "../shared/data"), "ml-100k", "u.data");
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException("MovieLens 100K not found at " + file + " (set -Dprivrec.shared.data)");
        }
        return IalsTuning.readPositives(file);
      default:
        throw new IllegalArgumentException("unknown dataset '" + name + "'; known: synthetic-small, ml100k, ml20m-shape");
    }
  }

  /**
   * A synthetic matrix: user u has {@code min(items/4, 20 + ⌊x⌋)} distinct items with x Pareto
   * (scale {@code meanPerUser − 20} · 3/8, shape 1.6, so the mean is about {@code meanPerUser}),
   * drawn without replacement with probability ∝ 1/(rank+1)^0.9 (Zipf). Weights are 1.
   */
  public static InteractionMatrix synthetic(int users, int items, int meanPerUser, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] cdf = new double[items];
    double total = 0;
    for (int i = 0; i < items; i++) {
      total += Math.pow(i + 1, -0.9);
      cdf[i] = total;
    }
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.REJECT);
    for (int i = 0; i < items; i++) {
      b.internItem("i" + i);
    }
    int[] stamp = new int[items];
    double shape = 1.6;
    double scale = (meanPerUser - 20) * (shape - 1) / shape;
    for (int u = 0; u < users; u++) {
      int user = b.internUser("u" + u);
      double x = scale / Math.pow(1 - rnd.nextDouble(), 1 / shape);
      int n = (int) Math.min(items / 4, 20 + Math.floor(x));
      for (int k = 0; k < n; ) {
        int pos = java.util.Arrays.binarySearch(cdf, rnd.nextDouble() * total);
        int item = pos >= 0 ? pos : Math.min(items - 1, -pos - 1);
        if (stamp[item] != u + 1) {
          stamp[item] = u + 1;
          b.addIndexed(user, item, 1f, 0L);
          k++;
        }
      }
    }
    return b.build();
  }
}
