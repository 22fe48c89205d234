package io.privrec.core.cf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.privrec.core.model.FitListener;
import io.privrec.core.scoring.internal.FloatKernelsProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SymmetricInverse} (packed-panel kernel) against the previous kernel, {@link SweepInverse},
 * with every {@link RankUpdateKernel} the JVM offers. The build runs this class twice: in the
 * default test JVM (scalar kernel only) and in one with {@code jdk.incubator.vector} (both).
 *
 * <h2>Tolerances</h2>
 * Both kernels compute the sweep (Gauss–Jordan elimination) of a symmetric positive-definite
 * matrix, in a different order of operations. For each, {@code X̂ − A⁻¹ = A⁻¹·(A·X̂ − I)}, and the
 * residual of Gauss–Jordan elimination is bounded componentwise by {@code c_n·u·|A|·|X̂|} with
 * {@code c_n} of order n (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §14.4;
 * u = 2⁻⁵³); passing from {@code |A|·|X̂|} to 2-norms costs up to another factor n, so {@code
 * ‖X̂ − A⁻¹‖₂ ≤ n²·u·κ(A)·‖A⁻¹‖₂} taking {@code c_n = n}. The tests allow twice that between the
 * two kernels, entrywise, with κ and {@code ‖A⁻¹‖₂} known exactly from the constructed spectrum.
 * At κ = 10⁸ the observed differences reach about 0.3 of this bound (rounding errors of random
 * sign stay near {@code n·u·κ} times a small factor); at small κ the bound is tight enough (below
 * 10⁻⁹ for n = 300, κ = 10) that any wrong update fails. Deterministic: no false-failure rate.
 */
class SymmetricInverseTest {
  private static final double U = 0x1p-53;

  static Stream<RankUpdateKernel> kernels() {
    List<RankUpdateKernel> list = new ArrayList<>();
    list.add(ScalarRankUpdateKernel.INSTANCE);
    if (FloatKernelsProvider.vectorModulePresent()) {
      list.add(RankUpdateKernels.loadVector());
    }
    return list.stream();
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void invertInPlace_wellAndIllConditioned_matchesPreviousKernelWithinSweepErrorBound(RankUpdateKernel kernel) {
    SplittableRandom rnd = new SplittableRandom(18);
    int[] sizes = {1, 2, 3, 5, 8, 31, 129, 130, 261, 300};
    double[] conditions = {1e1, 1e4, 1e8};
    for (int n : sizes) {
      for (double kappa : conditions) {
        double[][] full = spd(rnd, n, kappa);
        double[][] fresh = lower(full);
        double[][] previous = lower(full);
        SymmetricInverse.invertInPlace(fresh, kernel, FitListener.NONE, "inverse", 0, 1);
        SweepInverse.invertInPlace(previous, FitListener.NONE, "inverse", 0, 1);
        // Eigenvalues span [1, κ], so ‖A⁻¹‖₂ = 1.
        double tol = 2.0 * n * n * U * kappa;
        assertThat(maxDiff(fresh, previous)).as("n = %d, κ = %.0e, kernel %s", n, kappa, kernel.name())
            .isLessThanOrEqualTo(tol);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void invertInPlace_wellConditioned_isTheInverse(RankUpdateKernel kernel) {
    SplittableRandom rnd = new SplittableRandom(19);
    int n = 200;
    double kappa = 10;
    double[][] full = spd(rnd, n, kappa);
    double[][] x = lower(full);
    SymmetricInverse.invertInPlace(x, kernel, FitListener.NONE, "inverse", 0, 1);
    // Residual A·X − I: each entry is a length-n dot product of |A| ≤ κ and |X| ≤ 1 terms, plus the
    // inverse's own error (n·u·κ relative): within 2·n·u·κ² + n·u·κ.
    double worst = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int t = 0; t < n; t++) {
          s += full[i][t] * (t >= j ? x[t][j] : x[j][t]);
        }
        worst = Math.max(worst, Math.abs(s - (i == j ? 1 : 0)));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(2 * n * U * kappa * kappa + n * U * kappa);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void invertInPlace_notPositiveDefinite_throws(RankUpdateKernel kernel) {
    double[][] a = {{1}, {2, 1}};
    assertThatExceptionOfType(ArithmeticException.class)
        .isThrownBy(() -> SymmetricInverse.invertInPlace(a, kernel, FitListener.NONE, "inverse", 0, 1))
        .withMessageContaining("positive definite");
  }

  /**
   * The rank update alone on small integers (every product and partial sum exact, so any order of
   * operations gives the same doubles): every entry of the triangle outside the skipped band, and
   * only those, gains exactly {@code sign·Σ left·right}, whichever path (whole tiles, the
   * staircase at the diagonal, single rows, a skipped band that cuts a block or a tile) covers it.
   */
  @ParameterizedTest
  @MethodSource("kernels")
  void update_smallIntegers_equalsDirectSumOnEveryEntry(RankUpdateKernel kernel) {
    SplittableRandom rnd = new SplittableRandom(22);
    int[][] cases = {{150, 0, 0}, {150, 17, 29}, {150, 32, 64}, {150, 128, 150}, {37, 3, 8}, {9, 0, 0}};
    for (int[] c : cases) {
      int n = c[0];
      int skipFrom = c[1];
      int skipTo = c[2];
      int depth = 1 + rnd.nextInt(9);
      double[][] left = new double[depth][n];
      double[][] right = new double[depth][n];
      for (int m = 0; m < depth; m++) {
        for (int j = 0; j < n; j++) {
          left[m][j] = rnd.nextInt(7) - 3;
          right[m][j] = rnd.nextInt(9) - 4;
        }
      }
      double[][] a = new double[n][];
      double[][] expected = new double[n][];
      for (int i = 0; i < n; i++) {
        a[i] = new double[i + 1];
        for (int j = 0; j <= i; j++) {
          a[i][j] = rnd.nextInt(21) - 10;
        }
        expected[i] = a[i].clone();
        boolean skipI = i >= skipFrom && i < skipTo;
        for (int j = 0; j <= i; j++) {
          if (!skipI && (j < skipFrom || j >= skipTo)) {
            for (int m = 0; m < depth; m++) {
              expected[i][j] -= left[m][i] * right[m][j];
            }
          }
        }
      }
      double[] packed = kernel.packed() ? SymmetricInverse.pack(right, 0, depth, n, kernel.width()) : null;
      SymmetricInverse.update(a, left, -1, right, packed, depth, skipFrom, skipTo, kernel);
      for (int i = 0; i < n; i++) {
        assertThat(a[i]).as("n = %d, skip [%d, %d), row %d, kernel %s", n, skipFrom, skipTo, i, kernel.name())
            .containsExactly(expected[i]);
      }
    }
  }

  @Test
  void kernels_vectorAndScalar_agreeWithinRounding() {
    assumeTrue(FloatKernelsProvider.vectorModulePresent(), "JVM lacks jdk.incubator.vector: scalar only");
    RankUpdateKernel vector = RankUpdateKernels.loadVector();
    SplittableRandom rnd = new SplittableRandom(20);
    int n = 301;
    double[][] full = spd(rnd, n, 1e6);
    double[][] v = lower(full);
    double[][] s = lower(full);
    SymmetricInverse.invertInPlace(v, vector, FitListener.NONE, "inverse", 0, 1);
    SymmetricInverse.invertInPlace(s, ScalarRankUpdateKernel.INSTANCE, FitListener.NONE, "inverse", 0, 1);
    assertThat(maxDiff(v, s)).isLessThanOrEqualTo(2.0 * n * n * U * 1e6);
  }

  @Test
  void kernel_moduleAbsent_scalarChosen() {
    assumeTrue(!FloatKernelsProvider.vectorModulePresent(), "JVM has jdk.incubator.vector: covered below");
    assertThat(RankUpdateKernels.kernel()).isSameAs(ScalarRankUpdateKernel.INSTANCE);
  }

  @Test
  void kernel_modulePresent_vectorChosen() {
    assumeTrue(FloatKernelsProvider.vectorModulePresent(), "JVM lacks jdk.incubator.vector: scalar only");
    assumeTrue(FloatKernelsProvider.vectorAllowed(), "scalar forced by property");
    assertThat(RankUpdateKernels.kernel().name()).startsWith("vector-");
  }

  @Test
  void easeWeights_randomGram_matchPreviousKernelWithinDerivedTolerance() {
    SplittableRandom rnd = new SplittableRandom(21);
    int numItems = 290;
    int numUsers = 900;
    double lambda = 3;
    int[][] rows = randomRows(rnd, numUsers, numItems, 25);
    int[] ptr = new int[numUsers + 1];
    int[] items = flatten(rows, ptr);
    float[] values = new float[items.length];
    for (int q = 0; q < values.length; q++) {
      values[q] = 1 + (float) rnd.nextInt(4) / 4;
    }
    double[][] fresh = regularisedGram(ptr, items, values, numItems, lambda);
    double[][] previous = regularisedGram(ptr, items, values, numItems, lambda);
    // κ ≤ λmax/λmin ≤ (largest absolute row sum, Gershgorin)/λ, since the Gram part is PSD.
    double rowSum = 0;
    for (int i = 0; i < numItems; i++) {
      double s = 0;
      for (int j = 0; j < numItems; j++) {
        s += Math.abs(j <= i ? fresh[i][j] : fresh[j][i]);
      }
      rowSum = Math.max(rowSum, s);
    }
    double kappa = rowSum / lambda;
    double[] diagFresh = new double[numItems];
    double[] diagPrevious = new double[numItems];
    float[] bFresh = EaseSolver.weights(fresh, diagFresh, FitListener.NONE, 0, 0.5, 1);
    SweepInverse.invertInPlace(previous, FitListener.NONE, "inverse", 0, 1);
    float[] bPrevious = EaseSolver.weightsFromInverse(previous, diagPrevious, FitListener.NONE, 0, 1);
    // ΔP ≤ ε = 2·n²·u·κ·‖P‖₂ (class comment) with ‖P‖₂ ≤ 1/λ; B = −P_jt/P_tt moves by ≤ ε·(1 + |B|)/P_tt (to first
    // order), and each side rounds B to float once more (2⁻²⁴·|B| each).
    double eps = 2.0 * numItems * numItems * U * kappa / lambda;
    for (int j = 0; j < numItems; j++) {
      for (int t = 0; t < numItems; t++) {
        double bt = bPrevious[j * numItems + t];
        double tol = 1.01 * eps * (1 + Math.abs(bt)) / diagPrevious[t] + 0x1p-23 * Math.abs(bt) + Float.MIN_VALUE;
        assertThat((double) bFresh[j * numItems + t]).as("B[%d][%d]", j, t)
            .isBetween(bt - tol, bt + tol);
      }
    }
    for (int t = 0; t < numItems; t++) {
      assertThat(diagFresh[t]).isBetween(diagPrevious[t] - eps, diagPrevious[t] + eps);
    }
  }

  @Test
  void downdate_matchesRefitWithPreviousKernel() {
    SplittableRandom rnd = new SplittableRandom(22);
    int numItems = 150;
    int numUsers = 500;
    int removed = 40;
    double lambda = 5;
    int[][] rows = randomRows(rnd, numUsers, numItems, 20);
    int[] ptr = new int[numUsers + 1];
    int[] items = flatten(rows, ptr);
    float[] values = new float[items.length];
    Arrays.fill(values, 1f);
    double[] diag = new double[numItems];
    float[] b = EaseSolver.weights(regularisedGram(ptr, items, values, numItems, lambda), diag, FitListener.NONE,
        0, 0.5, 1);
    // Remove the first `removed` rows by downdate; refit the rest with the previous kernel.
    int[] gonePtr = Arrays.copyOf(ptr, removed + 1);
    int[] goneItems = Arrays.copyOf(items, ptr[removed]);
    float[] goneValues = Arrays.copyOf(values, ptr[removed]);
    double[] newDiag = new double[numItems];
    float[] down = EaseDowndate.downdate(b, diag, gonePtr, goneItems, goneValues, newDiag);
    int[] restPtr = new int[numUsers - removed + 1];
    for (int u = removed; u <= numUsers; u++) {
      restPtr[u - removed] = ptr[u] - ptr[removed];
    }
    int[] restItems = Arrays.copyOfRange(items, ptr[removed], items.length);
    float[] restValues = Arrays.copyOfRange(values, ptr[removed], values.length);
    double[][] p = regularisedGram(restPtr, restItems, restValues, numItems, lambda);
    SweepInverse.invertInPlace(p, FitListener.NONE, "inverse", 0, 1);
    float[] refit = EaseSolver.weightsFromInverse(p, null, FitListener.NONE, 0, 1);
    // As in EaseTest: the downdate starts from the float-rounded B (2⁻²⁴ relative), so the two
    // differ by a few such units of the largest weight; 1e-6 allows about 16.
    double scale = 0;
    double diff = 0;
    for (int q = 0; q < refit.length; q++) {
      scale = Math.max(scale, Math.abs(refit[q]));
      diff = Math.max(diff, Math.abs(refit[q] - down[q]));
    }
    assertThat(diff / scale).isLessThan(1e-6);
  }

  private static int[] flatten(int[][] rows, int[] ptr) {
    List<Integer> list = new ArrayList<>();
    for (int u = 0; u < rows.length; u++) {
      for (int i : rows[u]) {
        list.add(i);
      }
      ptr[u + 1] = list.size();
    }
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[][] randomRows(SplittableRandom rnd, int numUsers, int numItems, int maxLength) {
    int[][] rows = new int[numUsers][];
    for (int u = 0; u < numUsers; u++) {
      // Skewed popularity, as in interaction data.
      rows[u] = rnd.ints(1 + rnd.nextInt(maxLength), 0, numItems)
          .map(i -> (int) ((long) i * i / numItems)).distinct().sorted().toArray();
    }
    return rows;
  }

  private static double[][] regularisedGram(int[] ptr, int[] items, float[] values, int n, double lambda) {
    double[][] a = EaseSolver.gram(ptr, items, values, n, FitListener.NONE, "gram", 0, 1);
    for (int i = 0; i < n; i++) {
      a[i][i] += lambda;
    }
    return a;
  }

  /** {@code Q·diag(λ)·Qᵀ} with λ log-spaced over [1, κ] and Q a product of random reflections. */
  static double[][] spd(SplittableRandom rnd, int n, double kappa) {
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i][i] = n == 1 ? 1 : Math.pow(kappa, (double) i / (n - 1));
    }
    for (int r = 0; r < 3; r++) {
      double[] v = new double[n];
      double norm = 0;
      for (int i = 0; i < n; i++) {
        v[i] = rnd.nextDouble() - 0.5;
        norm += v[i] * v[i];
      }
      if (norm == 0) {
        continue;
      }
      // a ← H·a·H with H = I − 2vvᵀ/‖v‖².
      reflect(a, v, norm);
      transpose(a);
      reflect(a, v, norm);
    }
    // Symmetrise exactly.
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        a[j][i] = a[i][j];
      }
    }
    return a;
  }

  private static void reflect(double[][] a, double[] v, double norm) {
    int n = a.length;
    for (int c = 0; c < n; c++) {
      double dot = 0;
      for (int i = 0; i < n; i++) {
        dot += v[i] * a[i][c];
      }
      double f = 2 * dot / norm;
      for (int i = 0; i < n; i++) {
        a[i][c] -= f * v[i];
      }
    }
  }

  private static void transpose(double[][] a) {
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < i; j++) {
        double t = a[i][j];
        a[i][j] = a[j][i];
        a[j][i] = t;
      }
    }
  }

  static double[][] lower(double[][] full) {
    double[][] l = new double[full.length][];
    for (int i = 0; i < full.length; i++) {
      l[i] = Arrays.copyOf(full[i], i + 1);
    }
    return l;
  }

  private static double maxDiff(double[][] x, double[][] y) {
    double d = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j <= i; j++) {
        d = Math.max(d, Math.abs(x[i][j] - y[i][j]));
      }
    }
    return d;
  }
}
