package io.privrec.core.cf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.scoring.internal.FloatKernels;
import io.privrec.core.scoring.internal.FloatKernelsProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link IalsSolver}'s conjugate-gradient solve (one pass over the gathered rows per step, in groups
 * of four) and Cholesky solve (four rows at a time) against the computations they replaced, which
 * they reproduce bit for bit: the same products are summed in the same order. Runs in the default
 * test JVM (scalar kernels) and in one with {@code jdk.incubator.vector} (Vector API kernels).
 */
class IalsSolverTest {

  private static float[] uniform(SplittableRandom rnd, int n, double scale) {
    float[] a = new float[n];
    for (int e = 0; e < n; e++) {
      a[e] = (float) ((2 * rnd.nextDouble() - 1) * scale);
    }
    return a;
  }

  @Test
  void solveCg_groupedPass_equalsPreviousTwoPassSolve() {
    for (int f : new int[] {5, 24, 64}) {
      checkSolveCg(f);
    }
  }

  private static void checkSolveCg(int f) {
    SplittableRandom rnd = new SplittableRandom(1803 + f);
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
      assertThat(actual[e] + 0f).as("f = %d, entry %d", f, e).isEqualTo(expected[e] + 0f);
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
}
