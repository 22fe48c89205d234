package io.privrec.core.cf.dp.internal;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.internal.CsrTranspose;
import io.privrec.core.internal.parallel.Parallel;
import io.privrec.core.model.FitListener;
import io.privrec.dp.bounding.VectorClipping;
import java.util.Arrays;

/**
 * The item-side sufficient statistics of one private ALS iteration (Chien et al. 2021, Alg. 1),
 * computed exactly on bounded data, and their Gaussian release.
 *
 * <h2>Statistics</h2>
 * With user factors clipped to {@code ‖x̄_u‖ ≤ C} ({@link VectorClipping#clipL2}) and each user's
 * bounded row of {@code k_u} items weighted by {@code w_u = 1/√k_u}:
 * <ul>
 *   <li>the user Gram {@code G = Σ_u x̄_u x̄_uᵀ} (upper triangle, diagonal included);
 *   <li>per item {@code i}, the item Gram {@code S_i = Σ_{u ∋ i} w_u x̄_u x̄_uᵀ} (upper triangle;
 *       optional);
 *   <li>per item {@code i}, the item sum {@code t_i = Σ_{u ∋ i} w_u x̄_u}.
 * </ul>
 *
 * <h2>Sensitivity (add/remove one user)</h2>
 * The upper triangle of {@code x xᵀ} has squared norm {@code (‖x‖⁴ + Σ_a x_a⁴)/2 ≤ ‖x‖⁴}. So one
 * user changes {@code G} by at most {@code C²} in L2, the concatenation of all {@code S_i} by at
 * most {@code √(k_u·w_u²)·C² = C²} and the concatenation of all {@code t_i} by at most {@code
 * √(k_u·w_u²)·C = C}, whatever {@code k_u ≤ m}. To make these bounds hold for the computed values,
 * every term is truncated towards zero to a multiple of 2⁻²⁴ after a relative shrink by 2⁻³⁰
 * (which dominates every rounding error of the clipping and the products), so each computed term is
 * at most the exact one in magnitude, and the sums of these multiples are exact in double precision
 * (below 2⁵³ units while fewer than 2²⁹ users contribute): the statistics do not depend on the
 * summation order or the thread count.
 *
 * <p>Not thread-safe; one instance per iteration.
 */
public final class PrivateAlsStatistics {
  private static final double UNITS = Math.scalb(1.0, 24) * (1 - Math.scalb(1.0, -30));
  private static final double UNIT = Math.scalb(1.0, -24);
  /** Doubles of per-user terms held at a time (8 MB). */
  private static final int BLOCK_ENTRIES = 1 << 20;

  private final int f;
  private final double[] userGram;
  private final double[][] itemGrams;
  private final double[][] itemSums;

  private PrivateAlsStatistics(int f, double[] userGram, double[][] itemGrams, double[][] itemSums) {
    this.f = f;
    this.userGram = userGram;
    this.itemGrams = itemGrams;
    this.itemSums = itemSums;
  }

  /**
   * Computes the statistics.
   *
   * @param rows the bounded rows
   * @param userFactors row-major {@code numUsers × f}
   * @param clipNorm {@code C > 0}
   * @param withItemGrams whether to compute the {@code S_i}
   */
  public static PrivateAlsStatistics compute(BoundingRows rows, float[] userFactors, int f, double clipNorm,
      boolean withItemGrams) {
    return compute(rows, userFactors, f, clipNorm, withItemGrams, 0);
  }

  /**
   * {@link #compute(BoundingRows, float[], int, double, boolean)} with the users' terms held for
   * {@code usersPerBlock} users at a time ({@code 0}: as many as fit in 8 MB); the result does not
   * depend on it (tests use small blocks).
   *
   * @throws IllegalArgumentException if {@code usersPerBlock < 0}
   */
  public static PrivateAlsStatistics compute(BoundingRows rows, float[] userFactors, int f, double clipNorm,
      boolean withItemGrams, int usersPerBlock) {
    if (usersPerBlock < 0) {
      throw new IllegalArgumentException("usersPerBlock must be >= 0. Provided value: " + usersPerBlock);
    }
    requireNonNull(rows, "rows");
    requireNonNull(userFactors, "userFactors");
    int nUsers = rows.numUsers();
    int nItems = rows.numItems();
    int tri = f * (f + 1) / 2;
    double[] clipped = new double[nUsers * f];
    double[] x = new double[f];
    double[] userGram = new double[tri];
    for (int u = 0; u < nUsers; u++) {
      for (int a = 0; a < f; a++) {
        x[a] = userFactors[u * f + a];
      }
      double[] c = VectorClipping.clipL2(x, clipNorm);
      System.arraycopy(c, 0, clipped, u * f, f);
      addOuter(c, 0, f, 1.0, userGram, 0);
    }
    int[] ptr = rows.pointers();
    int[] items = rows.items();
    CsrTranspose columns = CsrTranspose.of(nItems, ptr, items);
    int[] colPtr = columns.pointers();
    int[] colUser = columns.rows();
    double[][] itemGrams = withItemGrams ? new double[nItems][tri] : null;
    double[][] itemSums = new double[nItems][f];
    // A user's terms w_u·x̄_u and w_u·x̄_u x̄_uᵀ (in units) are the same for every item she holds:
    // compute them once per user, for a block of users at a time, then add each to her items' sums.
    // The added values are the same integers as term by term, so the sums are unchanged.
    int width = f + (withItemGrams ? tri : 0);
    int block = Math.max(1, Math.min(nUsers, usersPerBlock > 0 ? usersPerBlock : BLOCK_ENTRIES / width));
    double[] terms = new double[block * width];
    int[] cursor = Arrays.copyOf(colPtr, nItems);
    for (int first = 0; first < nUsers; first += block) {
      int u0 = first;
      int u1 = Math.min(nUsers, first + block);
      Parallel.forRange(u1 - u0, 64, (from, to) -> {
        for (int r = from; r < to; r++) {
          int u = u0 + r;
          double w = 1 / Math.sqrt(ptr[u + 1] - ptr[u]);
          int off = u * f;
          int t = r * width;
          for (int a = 0; a < f; a++) {
            terms[t + a] = units(w * clipped[off + a]);
          }
          if (itemGrams != null) {
            outerTerms(clipped, off, f, w, terms, t + f);
          }
        }
      }, FitListener.NONE, "statistics", 0, 1);
      Parallel.forRange(nItems, 16, (from, to) -> {
        for (int i = from; i < to; i++) {
          double[] t = itemSums[i];
          double[] g = itemGrams != null ? itemGrams[i] : null;
          int q = cursor[i];
          int end = colPtr[i + 1];
          for (; q < end && colUser[q] < u1; q++) {
            int row = (colUser[q] - u0) * width;
            for (int a = 0; a < f; a++) {
              t[a] += terms[row + a];
            }
            if (g != null) {
              for (int e = 0; e < tri; e++) {
                g[e] += terms[row + f + e];
              }
            }
          }
          cursor[i] = q;
        }
      }, FitListener.NONE, "statistics", 0, 1);
    }
    for (int i = 0; i < nItems; i++) {
      scale(itemSums[i]);
      if (itemGrams != null) {
        scale(itemGrams[i]);
      }
    }
    scale(userGram);
    return new PrivateAlsStatistics(f, userGram, itemGrams, itemSums);
  }

  /** {@code out[upper(a, b)] += units(w·x_a·x_b)} for {@code a ≤ b}. */
  private static void addOuter(double[] x, int off, int f, double w, double[] out, int outOff) {
    int e = outOff;
    for (int a = 0; a < f; a++) {
      double wa = w * x[off + a];
      for (int b = a; b < f; b++) {
        out[e++] += units(wa * x[off + b]);
      }
    }
  }

  /** {@code out[outOff + upper(a, b)] = units(w·x_a·x_b)} for {@code a ≤ b} (the terms {@link #addOuter} adds). */
  private static void outerTerms(double[] x, int off, int f, double w, double[] out, int outOff) {
    int e = outOff;
    for (int a = 0; a < f; a++) {
      double wa = w * x[off + a];
      for (int b = a; b < f; b++) {
        out[e++] = units(wa * x[off + b]);
      }
    }
  }

  /** The term in units of 2⁻²⁴, truncated towards zero after the shrink (an exact integer). */
  private static double units(double term) {
    return (double) (long) (term * UNITS);
  }

  private static void scale(double[] a) {
    for (int e = 0; e < a.length; e++) {
      a[e] *= UNIT;
    }
  }

  /**
   * Adds the Gaussian noise of the three releases in place: standard deviations {@code
   * σ_G = C²/√(2ρ_G)}, {@code σ_S = C²/√(2ρ_S)}, {@code σ_t = C/√(2ρ_t)}, each a ρ-zCDP Gaussian
   * mechanism for its block (Bun &amp; Steinke 2016, Prop. 1.6).
   *
   * @param maxItemsPerUser m, the most items of one user (bounds the entries she touches)
   * @param rhoItemGrams ignored when the item Grams were not computed
   */
  public void addNoise(GramNoise noise, double clipNorm, int maxItemsPerUser, double rhoUserGram,
      double rhoItemGrams, double rhoItemSums) {
    long tri = (long) f * (f + 1) / 2;
    double c2 = clipNorm * clipNorm;
    noise.addZcdp(new double[][] {userGram}, c2, rhoUserGram, tri);
    if (itemGrams != null) {
      noise.addZcdp(itemGrams, c2, rhoItemGrams, maxItemsPerUser * tri);
    }
    noise.addZcdp(itemSums, clipNorm, rhoItemSums, (long) maxItemsPerUser * f);
  }

  /** The user Gram's upper triangle, row-major ({@code a ≤ b}); shared. */
  public double[] userGram() {
    return userGram;
  }

  /** The item Grams' upper triangles, or null if not computed; shared. */
  public double[][] itemGrams() {
    return itemGrams;
  }

  /** The item sums; shared. */
  public double[][] itemSums() {
    return itemSums;
  }

  /** Index of entry {@code (a, b)}, {@code a ≤ b}, in an upper triangle of dimension {@code f}. */
  public static int upper(int a, int b, int f) {
    return a * f - a * (a - 1) / 2 + (b - a);
  }
}
