package io.privrec.core.cf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SymmetricEigenTest {

  /** Backward-stability tolerance per unit of n·‖A‖_F (measured: below 4e-16). */
  private static final double TOLERANCE = 1e-14;

  private static double[][] randomSymmetric(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double x = random.nextDouble(-1, 1);
        a[i][j] = x;
        a[j][i] = x;
      }
    }
    return a;
  }

  /** A random orthogonal matrix: a product of n Householder reflections of random vectors. */
  private static double[][] randomOrthogonal(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] q = new double[n][n];
    for (int i = 0; i < n; i++) {
      q[i][i] = 1;
    }
    for (int r = 0; r < n; r++) {
      double[] v = new double[n];
      double norm2 = 0;
      for (int i = 0; i < n; i++) {
        v[i] = random.nextDouble(-1, 1);
        norm2 += v[i] * v[i];
      }
      for (double[] row : q) {
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += row[j] * v[j];
        }
        for (int j = 0; j < n; j++) {
          row[j] -= 2 * s / norm2 * v[j];
        }
      }
    }
    return q;
  }

  /** Q·diag(values)·Qᵀ. */
  private static double[][] withSpectrum(double[] values, long seed) {
    int n = values.length;
    double[][] q = randomOrthogonal(n, seed);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += q[i][k] * values[k] * q[j][k];
        }
        a[i][j] = s;
      }
    }
    // Exactly symmetric.
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        a[j][i] = a[i][j];
      }
    }
    return a;
  }

  private static double frobenius(double[][] a) {
    double s = 0;
    for (double[] row : a) {
      for (double x : row) {
        s += x * x;
      }
    }
    return Math.sqrt(s);
  }

  /** ‖AV − VΛ‖_F and max |VᵀV − I| within n·TOLERANCE (·‖A‖_F); values decreasing. */
  private static SymmetricEigen assertDecomposes(double[][] a) {
    int n = a.length;
    SymmetricEigen eigen = SymmetricEigen.of(a);
    double[] values = eigen.values();
    assertThat(eigen.dimension()).isEqualTo(n);
    assertThat(values).hasSize(n);
    for (int k = 1; k < n; k++) {
      assertThat(values[k]).isLessThanOrEqualTo(values[k - 1]);
    }
    double[][] v = new double[n][];
    for (int k = 0; k < n; k++) {
      v[k] = eigen.vector(k);
      assertThat(v[k]).hasSize(n);
    }
    double residual = 0;
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < n; i++) {
        double s = -values[k] * v[k][i];
        for (int j = 0; j < n; j++) {
          s += a[i][j] * v[k][j];
        }
        residual += s * s;
      }
    }
    assertThat(Math.sqrt(residual)).as("‖AV − VΛ‖_F").isLessThanOrEqualTo(TOLERANCE * n * frobenius(a));
    double orthogonality = 0;
    for (int k = 0; k < n; k++) {
      for (int l = 0; l <= k; l++) {
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += v[k][j] * v[l][j];
        }
        orthogonality = Math.max(orthogonality, Math.abs(s - (k == l ? 1 : 0)));
      }
    }
    assertThat(orthogonality).as("max |VᵀV − I|").isLessThanOrEqualTo(TOLERANCE * n);
    return eigen;
  }

  private static double[] commonsMathValuesDecreasing(double[][] a) {
    double[] values = new EigenDecomposition(new Array2DRowRealMatrix(a, true)).getRealEigenvalues().clone();
    Arrays.sort(values);
    for (int i = 0, j = values.length - 1; i < j; i++, j--) {
      double t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
    return values;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 10, 150, 600})
  void randomMatrix_decomposesAndMatchesCommonsMath(int n) {
    double[][] a = randomSymmetric(n, 1000 + n);
    double[][] copy = Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);

    SymmetricEigen eigen = assertDecomposes(a);

    assertThat(a).as("input untouched").isDeepEqualTo(copy);
    double[] expected = commonsMathValuesDecreasing(a);
    double[] values = eigen.values();
    double norm = frobenius(a);
    for (int k = 0; k < n; k++) {
      assertThat(values[k]).as("eigenvalue %d", k).isCloseTo(expected[k], within(1e-13 * norm));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 10})
  void randomMatrix_vectorsMatchCommonsMathUpToSign(int n) {
    double[][] a = randomSymmetric(n, 2000 + n);
    EigenDecomposition reference = new EigenDecomposition(new Array2DRowRealMatrix(a, true));
    SymmetricEigen eigen = SymmetricEigen.of(a);

    for (int k = 0; k < n; k++) {
      double value = eigen.values()[k];
      int match = 0;
      for (int m = 1; m < n; m++) {
        if (Math.abs(reference.getRealEigenvalue(m) - value) < Math.abs(reference.getRealEigenvalue(match) - value)) {
          match = m;
        }
      }
      double[] expected = reference.getEigenvector(match).toArray();
      double dot = 0;
      double[] actual = eigen.vector(k);
      for (int j = 0; j < n; j++) {
        dot += actual[j] * expected[j];
      }
      assertThat(Math.abs(dot)).as("|cos| between eigenvector %d and Commons Math's", k).isCloseTo(1, within(1e-12));
    }
  }

  @Test
  void repeatedEigenvalues_recoveredWithOrthonormalEigenspaces() {
    double[] spectrum = {1, 5, 2, -3, 1, 2, 1, 0, 0, 2};
    double[][] a = withSpectrum(spectrum, 7);

    SymmetricEigen eigen = assertDecomposes(a);

    double[] expected = spectrum.clone();
    Arrays.sort(expected);
    double[] values = eigen.values();
    for (int k = 0; k < spectrum.length; k++) {
      assertThat(values[k]).isCloseTo(expected[spectrum.length - 1 - k], within(1e-13 * frobenius(a)));
    }
  }

  @Test
  void zeroMatrix_zeroValuesAndUnitVectors() {
    double[][] a = new double[5][5];

    SymmetricEigen eigen = assertDecomposes(a);

    assertThat(eigen.values()).containsOnly(0.0);
  }

  @Test
  void diagonalMatrix_exactValuesAndUnitVectors() {
    double[] diagonal = {3, -1, 7, 0, 2.5, -8};
    double[][] a = new double[diagonal.length][diagonal.length];
    for (int i = 0; i < diagonal.length; i++) {
      a[i][i] = diagonal[i];
    }

    SymmetricEigen eigen = assertDecomposes(a);

    assertThat(eigen.values()).containsExactly(7, 3, 2.5, 0, -1, -8);
    // The eigenvector of 7 is ±e_2.
    assertThat(Math.abs(eigen.vector(0)[2])).isEqualTo(1.0);
  }

  @Test
  void rankDeficient_gramMatrix_hasZeroEigenvaluesBeyondItsRank() {
    int n = 50;
    int rank = 5;
    SplittableRandom random = new SplittableRandom(11);
    double[][] x = new double[n][rank];
    for (double[] row : x) {
      for (int c = 0; c < rank; c++) {
        row[c] = random.nextGaussian();
      }
    }
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int c = 0; c < rank; c++) {
          s += x[i][c] * x[j][c];
        }
        a[i][j] = s;
        a[j][i] = s;
      }
    }

    SymmetricEigen eigen = assertDecomposes(a);

    double[] values = eigen.values();
    double norm = frobenius(a);
    for (int k = 0; k < rank; k++) {
      assertThat(values[k]).isGreaterThan(1e-3 * norm);
    }
    for (int k = rank; k < n; k++) {
      assertThat(values[k]).isCloseTo(0, within(1e-13 * norm));
    }
    double[] expected = commonsMathValuesDecreasing(a);
    for (int k = 0; k < n; k++) {
      assertThat(values[k]).isCloseTo(expected[k], within(1e-13 * norm));
    }
  }

  /** Wilkinson's W21+: tridiagonal, with pairs of eigenvalues equal to about 1e-14. */
  @Test
  void wilkinsonMatrix_closePairsStayOrthogonal() {
    int n = 21;
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i][i] = Math.abs(10 - i);
      if (i > 0) {
        a[i][i - 1] = 1;
        a[i - 1][i] = 1;
      }
    }

    SymmetricEigen eigen = assertDecomposes(a);

    assertThat(eigen.values()[0]).isCloseTo(10.746194182903393, within(1e-13));
    assertThat(eigen.values()[1]).isCloseTo(eigen.values()[0], within(1e-12));
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e150, 1e-150})
  void extremeScale_scalesValuesWithoutOverflowOrUnderflow(double scale) {
    double[][] a = randomSymmetric(30, 5);
    double[][] scaled = new double[30][30];
    for (int i = 0; i < 30; i++) {
      for (int j = 0; j < 30; j++) {
        scaled[i][j] = a[i][j] * scale;
      }
    }

    SymmetricEigen eigen = assertDecomposes(scaled);

    double[] unscaled = SymmetricEigen.of(a).values();
    double[] values = eigen.values();
    for (int k = 0; k < 30; k++) {
      assertThat(values[k] / scale).isCloseTo(unscaled[k], within(1e-13 * frobenius(a)));
    }
  }

  @Test
  void twoByTwo_analytic() {
    SymmetricEigen eigen = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});

    assertThat(eigen.values()[0]).isCloseTo(3, within(1e-15));
    assertThat(eigen.values()[1]).isCloseTo(1, within(1e-15));
    double[] top = eigen.vector(0);
    assertThat(Math.abs(top[0])).isCloseTo(Math.sqrt(0.5), within(1e-15));
    assertThat(top[1]).isCloseTo(top[0], within(1e-15));
  }

  @Test
  void lowerTriangle_isAllThatIsRead() {
    double[][] full = randomSymmetric(12, 3);
    double[][] lower = new double[12][];
    for (int i = 0; i < 12; i++) {
      lower[i] = Arrays.copyOf(full[i], i + 1);
    }

    SymmetricEigen fromFull = SymmetricEigen.of(full);
    SymmetricEigen fromLower = SymmetricEigen.of(lower);

    assertThat(fromLower.values()).containsExactly(fromFull.values());
    for (int k = 0; k < 12; k++) {
      assertThat(fromLower.vector(k)).containsExactly(fromFull.vector(k));
    }
  }

  @Test
  void emptyMatrix_emptyDecomposition() {
    assertThat(SymmetricEigen.of(new double[0][]).dimension()).isZero();
  }

  @Test
  void nonFiniteEntry_rejectedNamingItsPosition() {
    double[][] a = randomSymmetric(4, 1);
    a[2][1] = Double.NaN;

    assertThatIllegalArgumentException().isThrownBy(() -> SymmetricEigen.of(a))
        .withMessage("matrix entries must be finite. Provided value at (2, 1): NaN");
  }

  @Test
  void shortRow_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SymmetricEigen.of(new double[][] {{1}, {2}}))
        .withMessage("row 1 must have at least 2 entries. Provided length: 1");
  }
}
