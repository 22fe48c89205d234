package io.privrec.core.cf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.privrec.core.scoring.internal.FloatKernels;
import io.privrec.core.scoring.internal.FloatKernelsProvider;
import io.privrec.core.scoring.internal.ScalarFloatKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused sparse kernel of iALS's conjugate gradient (and the Cholesky solve) against the
 * computations they replaced ({@link FloatKernels#gatherDots} then {@link FloatKernels#gatherAxpy} of the same
 * implementation), which it must reproduce exactly, and the two implementations against each other
 * within a tolerance derived from float rounding. Runs in the default test JVM (scalar only) and in
 * one with {@code jdk.incubator.vector} (both).
 */
class IalsKernelTest {
  /** Unit roundoff of float. */
  private static final double U = Math.ulp(1.0f) / 2;

  /** Each fused kernel with the previous kernels of the same implementation. */
  private static List<Object[]> pairs() {
    List<Object[]> list = new ArrayList<>();
    list.add(new Object[] {IalsScalarKernel.INSTANCE, ScalarFloatKernels.INSTANCE});
    if (FloatKernelsProvider.vectorModulePresent()) {
      list.add(new Object[] {IalsKernels.loadVector(), FloatKernelsProvider.loadVector()});
    }
    return list;
  }

  /** The previous two-pass computation of {@link IalsKernel#gatherUpdate}. */
  private static void twoPass(FloatKernels k, float[] matrix, int dim, int[] rows, int from, int to, float[] aw,
      float[] x, int xOff, float[] y, boolean residual) {
    float[] coef = new float[to - from];
    k.gatherDots(matrix, dim, rows, from, to, x, xOff, coef);
    for (int q = from; q < to; q++) {
      float c1 = aw[q];
      coef[q - from] = residual ? (1f + c1) - c1 * coef[q - from] : coef[q - from] * c1;
    }
    k.gatherAxpy(matrix, dim, rows, from, to, coef, y, 0);
  }

  private static float[] uniform(SplittableRandom rnd, int n, double scale) {
    float[] a = new float[n];
    for (int e = 0; e < n; e++) {
      a[e] = (float) ((2 * rnd.nextDouble() - 1) * scale);
    }
    return a;
  }

  @Test
  void gatherUpdate_randomRows_equalsPreviousTwoPassKernels() {
    SplittableRandom rnd = new SplittableRandom(1801);
    for (Object[] pair : pairs()) {
      IalsKernel fused = (IalsKernel) pair[0];
      FloatKernels previous = (FloatKernels) pair[1];
      // dims around the vector width (tails), row counts around the group of four
      for (int dim : new int[] {1, 3, 8, 13, 16, 31, 64, 67}) {
        for (int n : new int[] {0, 1, 3, 4, 5, 9, 64, 203}) {
          int fixedRows = 40;
          float[] matrix = uniform(rnd, fixedRows * dim, 1);
          int[] rows = new int[n + 2];
          for (int q = 0; q < rows.length; q++) {
            rows[q] = rnd.nextInt(fixedRows);
          }
          float[] aw = uniform(rnd, rows.length, 20);
          float[] x = uniform(rnd, dim + 5, 1);
          for (boolean residual : new boolean[] {true, false}) {
            float[] expected = uniform(rnd, dim, 1);
            float[] actual = expected.clone();
            twoPass(previous, matrix, dim, rows, 1, n + 1, aw, x, 5, expected, residual);
            fused.gatherUpdate(matrix, dim, rows, 1, n + 1, aw, x, 5, actual, residual);
            for (int k = 0; k < dim; k++) {
              assertThat(actual[k] + 0f).as("%s dim %d rows %d residual %s column %d", fused.name(), dim, n, residual, k)
                  .isEqualTo(expected[k] + 0f);
            }
          }
        }
      }
    }
  }

  @Test
  void gatherUpdate_vectorAndScalar_agreeWithinRounding() {
    assumeTrue(FloatKernelsProvider.vectorModulePresent(), "JVM lacks jdk.incubator.vector: scalar only");
    IalsKernel vector = IalsKernels.loadVector();
    SplittableRandom rnd = new SplittableRandom(1802);
    int dim = 67;
    int n = 301;
    float[] matrix = uniform(rnd, 50 * dim, 1);
    int[] rows = new int[n];
    for (int q = 0; q < n; q++) {
      rows[q] = rnd.nextInt(50);
    }
    float[] aw = uniform(rnd, n, 20);
    float[] x = uniform(rnd, dim, 1);
    for (boolean residual : new boolean[] {true, false}) {
      float[] v = new float[dim];
      float[] s = new float[dim];
      vector.gatherUpdate(matrix, dim, rows, 0, n, aw, x, 0, v, residual);
      IalsScalarKernel.INSTANCE.gatherUpdate(matrix, dim, rows, 0, n, aw, x, 0, s, residual);
      // Each result is Σ_q coef_q·m_q[k] with coef_q from a dim-term dot. With γ_m = m·u/(1 − m·u),
      // |computed dot − exact| ≤ γ_dim·Σ_k|m_k·x_k| and each coefficient carries at most two more
      // roundings; the sum over n rows adds γ_(n+1) relative to Σ|coef·m|. Both implementations obey
      // the bound M·γ_(dim + n + 4) with M = Σ_q (|1 + aw| + |aw|·Σ_k|m_k·x_k|)·|m_q[k]|, so they
      // differ by at most twice that.
      double gamma = (dim + n + 4) * U / (1 - (dim + n + 4) * U);
      for (int k = 0; k < dim; k++) {
        double mass = 0;
        for (int q = 0; q < n; q++) {
          double abs = 0;
          for (int d = 0; d < dim; d++) {
            abs += Math.abs(matrix[rows[q] * dim + d] * (double) x[d]);
          }
          double coef = (residual ? Math.abs(1 + (double) aw[q]) : 0) + Math.abs(aw[q]) * abs;
          mass += coef * Math.abs(matrix[rows[q] * dim + k]);
        }
        assertThat(Math.abs((double) v[k] - s[k])).as("column %d", k).isLessThanOrEqualTo(2 * gamma * mass);
      }
    }
  }

  @Test
  void solveCg_fusedKernel_equalsPreviousTwoPassSolve() {
    SplittableRandom rnd = new SplittableRandom(1803);
    int f = 24;
    int users = 60;
    int items = 45;
    int[] ptr = new int[users + 1];
    List<Integer> idx = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int n = u % 7 == 0 ? 0 : 1 + rnd.nextInt(items / 2);
      int[] chosen = rnd.ints(0, items).distinct().limit(n).sorted().toArray();
      for (int i : chosen) {
        idx.add(i);
      }
      ptr[u + 1] = idx.size();
    }
    float[] aw = uniform(rnd, idx.size(), 10);
    for (int e = 0; e < aw.length; e++) {
      aw[e] = Math.abs(aw[e]);
    }
    IalsSolver.Csr csr = new IalsSolver.Csr(ptr, idx.stream().mapToInt(Integer::intValue).toArray(), aw, items);
    IalsSolver solver = new IalsSolver(f, 10, 0.1, 1, 1);
    float[] fixed = IalsSolver.initialFactors(new SplittableRandom(3), items, f);
    float[] gram = solver.gram(fixed, items);
    float[] start = IalsSolver.initialFactors(new SplittableRandom(4), users, f);
    float[] actual = start.clone();
    float[] expected = start.clone();
    IalsSolver.Scratch scratch = solver.new Scratch();
    for (int u = 0; u < users; u++) {
      solver.solveCg(csr, u, fixed, gram, actual, 3, items, scratch);
      previousSolveCg(solver, FloatKernelsProvider.kernels(), csr, u, fixed, gram, expected, 3, items, f);
    }
    for (int e = 0; e < actual.length; e++) {
      assertThat(actual[e] + 0f).as("entry %d", e).isEqualTo(expected[e] + 0f);
    }
    assertThat(Arrays.equals(actual, start)).isFalse();
  }

  /** The conjugate-gradient solve as it was before the fused kernel (two passes per step). */
  private static void previousSolveCg(IalsSolver solver, FloatKernels k, IalsSolver.Csr csr, int row, float[] fixed,
      float[] gram, float[] target, int steps, int other, int f) {
    int start = csr.ptr[row];
    int end = csr.ptr[row + 1];
    int xOff = row * f;
    if (start == end) {
      Arrays.fill(target, xOff, xOff + f, 0f);
      return;
    }
    double sumAw = 0;
    for (int q = start; q < end; q++) {
      sumAw += csr.aw[q];
    }
    float reg = (float) solver.regularization(other, sumAw);
    float[] r = new float[f];
    float[] p = new float[f];
    float[] ap = new float[f];
    float[] coef = new float[end - start];
    k.gemv(gram, f, f, target, xOff, r, 0);
    for (int d = 0; d < f; d++) {
      r[d] = -r[d] - reg * target[xOff + d];
    }
    k.gatherDots(fixed, f, csr.idx, start, end, target, xOff, coef);
    for (int q = start; q < end; q++) {
      float c1 = csr.aw[q];
      coef[q - start] = (1f + c1) - c1 * coef[q - start];
    }
    k.gatherAxpy(fixed, f, csr.idx, start, end, coef, r, 0);
    System.arraycopy(r, 0, p, 0, f);
    float rs = k.dot(r, 0, r, 0, f);
    for (int step = 0; step < steps && rs >= 1e-20f; step++) {
      k.gemv(gram, f, f, p, 0, ap, 0);
      k.axpy(reg, p, 0, ap, 0, f);
      k.gatherDots(fixed, f, csr.idx, start, end, p, 0, coef);
      for (int q = start; q < end; q++) {
        coef[q - start] *= csr.aw[q];
      }
      k.gatherAxpy(fixed, f, csr.idx, start, end, coef, ap, 0);
      float pap = k.dot(p, 0, ap, 0, f);
      if (!(pap > 0)) {
        break;
      }
      float alphaStep = rs / pap;
      k.axpy(alphaStep, p, 0, target, xOff, f);
      k.axpy(-alphaStep, ap, 0, r, 0, f);
      float rsNew = k.dot(r, 0, r, 0, f);
      float beta = rsNew / rs;
      for (int d = 0; d < f; d++) {
        p[d] = r[d] + beta * p[d];
      }
      rs = rsNew;
    }
  }

  @Test
  void choleskySolve_fourRowsAtATime_equalsPreviousRowByRowSolve() {
    SplittableRandom rnd = new SplittableRandom(1804);
    for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 32, 37, 64}) {
      // B·Bᵀ + n·I: symmetric positive definite
      double[] bm = new double[n * n];
      for (int e = 0; e < bm.length; e++) {
        bm[e] = rnd.nextDouble() - 0.5;
      }
      double[] a = new double[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          double v = i == j ? n : 0;
          for (int q = 0; q < n; q++) {
            v += bm[i * n + q] * bm[j * n + q];
          }
          a[i * n + j] = v;
        }
      }
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        b[i] = rnd.nextDouble() - 0.5;
      }
      double[] actualA = a.clone();
      double[] actualB = b.clone();
      IalsSolver.choleskySolve(actualA, actualB, n);
      previousCholeskySolve(a, b, n);
      assertThat(actualB).as("n = %d", n).containsExactly(b);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          assertThat(actualA[i * n + j]).as("n = %d, L[%d][%d]", n, i, j).isEqualTo(a[i * n + j]);
        }
      }
    }
  }

  /** The Cholesky solve as it was before the factorisation took four rows at a time. */
  private static void previousCholeskySolve(double[] a, double[] b, int n) {
    for (int j = 0; j < n; j++) {
      int jn = j * n;
      double d = a[jn + j];
      for (int q = 0; q < j; q++) {
        d -= a[jn + q] * a[jn + q];
      }
      double ljj = Math.sqrt(d);
      a[jn + j] = ljj;
      for (int i = j + 1; i < n; i++) {
        int in = i * n;
        double v = a[in + j];
        for (int q = 0; q < j; q++) {
          v -= a[in + q] * a[jn + q];
        }
        a[in + j] = v / ljj;
      }
    }
    for (int i = 0; i < n; i++) {
      double v = b[i];
      for (int q = 0; q < i; q++) {
        v -= a[i * n + q] * b[q];
      }
      b[i] = v / a[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
      double v = b[i];
      for (int q = i + 1; q < n; q++) {
        v -= a[q * n + i] * b[q];
      }
      b[i] = v / a[i * n + i];
    }
  }

  @Test
  void kernel_moduleAbsent_scalarChosen() {
    assumeTrue(!FloatKernelsProvider.vectorModulePresent(), "JVM has jdk.incubator.vector: covered below");
    assertThat(IalsKernels.kernel()).isSameAs(IalsScalarKernel.INSTANCE);
  }

  @Test
  void kernel_modulePresent_vectorChosen() {
    assumeTrue(FloatKernelsProvider.vectorModulePresent(), "JVM lacks jdk.incubator.vector: scalar only");
    assumeTrue(FloatKernelsProvider.vectorAllowed(), "scalar forced by property");
    assertThat(IalsKernels.kernel().name()).startsWith("vector-");
    assertThat(IalsKernels.selfCheck(IalsKernels.kernel())).isTrue();
  }
}
