package io.privrec.core.cf.dp.internal;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.parallel.Parallel;
import io.privrec.core.model.FitListener;
import io.privrec.dp.noise.GaussianNoise;
import io.privrec.dp.random.RandomSource;
import java.util.Arrays;

/**
 * {@link GramNoise} by {@link GaussianNoise} (secure against floating-point attacks: inputs are
 * rounded to a grid and exact discrete Gaussian samples added), in fixed-size chunks.
 *
 * <h2>Why chunks keep the guarantee</h2>
 * Every chunk is one vector call of the same length {@code L} (the last one padded with zeros),
 * the same L2 sensitivity Δ and the same privacy parameters, so every entry gets independent
 * noise of the same grid {@code g} and the same grid standard deviation {@code σ_g}, calibrated
 * by {@link GaussianNoise} for a grid sensitivity {@code Δ/g + √L} (the change Δ plus at most one
 * grid step of rounding per entry). On the whole vector a privacy unit changes at most {@code
 * maxTouched ≤ L} entries (unchanged entries round identically), so the whole vector's grid
 * sensitivity is at most {@code Δ/g + √maxTouched ≤ Δ/g + √L}: the concatenated release is
 * exactly the mechanism one call would calibrate, with the same (ε, δ) or ρ. Chunks are noised in
 * parallel when the random source is thread-safe.
 *
 * <p>Thread-safe if the random source is.
 */
public final class GramGaussianNoise implements GramNoise {
  /** The smallest chunk; larger when one unit can touch more entries. */
  static final int MIN_CHUNK = 1 << 16;

  private final GaussianNoise noise;
  private final boolean parallel;

  private GramGaussianNoise(RandomSource random, boolean parallel) {
    this.noise = GaussianNoise.create(requireNonNull(random, "random"));
    this.parallel = parallel;
  }

  /**
   * Noise from {@code random}.
   *
   * @param threadSafe whether {@code random} may be used from several threads (then chunks are
   *     noised in parallel)
   */
  public static GramGaussianNoise create(RandomSource random, boolean threadSafe) {
    return new GramGaussianNoise(random, threadSafe);
  }

  @Override
  public void addAnalytic(double[][] segments, double l2Sensitivity, double epsilon, double delta, long maxTouched) {
    add(segments, maxTouched, chunk -> noise.addNoise(chunk, l2Sensitivity, epsilon, delta));
  }

  @Override
  public void addZcdp(double[][] segments, double l2Sensitivity, double rho, long maxTouched) {
    add(segments, maxTouched, chunk -> noise.addNoiseZcdp(chunk, l2Sensitivity, rho));
  }

  private interface ChunkNoise {
    double[] apply(double[] chunk);
  }

  private void add(double[][] segments, long maxTouched, ChunkNoise chunkNoise) {
    long total = 0;
    long[] start = new long[segments.length + 1];
    for (int s = 0; s < segments.length; s++) {
      total += segments[s].length;
      start[s + 1] = total;
    }
    if (total == 0) {
      return;
    }
    if (maxTouched > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("one user may change " + maxTouched + " entries; at most "
          + (Integer.MAX_VALUE - 8) + " are supported");
    }
    int length = (int) Math.min(total, Math.max(MIN_CHUNK, maxTouched));
    long chunks = (total + length - 1) / length;
    if (chunks > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("statistic too large: " + total + " entries");
    }
    Parallel.RangeBody body = (from, to) -> {
      double[] buffer = new double[length];
      for (int c = from; c < to; c++) {
        long offset = (long) c * length;
        copy(segments, start, offset, buffer, true);
        copy(segments, start, offset, chunkNoise.apply(buffer), false);
      }
    };
    if (parallel) {
      Parallel.forRange((int) chunks, 1, body, FitListener.NONE, "noise", 0, 1);
    } else {
      body.run(0, (int) chunks);
    }
  }

  /** Copies between the vector's entries {@code [offset, offset + buffer.length)} and a buffer. */
  private static void copy(double[][] segments, long[] start, long offset, double[] buffer, boolean gather) {
    int s = segmentOf(start, offset);
    int pos = (int) (offset - start[s]);
    int k = 0;
    while (k < buffer.length && s < segments.length) {
      int n = Math.min(buffer.length - k, segments[s].length - pos);
      if (gather) {
        System.arraycopy(segments[s], pos, buffer, k, n);
      } else {
        System.arraycopy(buffer, k, segments[s], pos, n);
      }
      k += n;
      s++;
      pos = 0;
    }
    if (gather) {
      Arrays.fill(buffer, k, buffer.length, 0.0); // padding of the last chunk
    }
  }

  /** The segment containing vector position {@code offset} (binary search over starts). */
  private static int segmentOf(long[] start, long offset) {
    int lo = 0;
    int hi = start.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (start[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo; // the last segment starting at or before offset: never an empty one before it

  }
}
