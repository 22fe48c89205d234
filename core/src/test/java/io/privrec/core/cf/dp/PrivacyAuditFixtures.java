package io.privrec.core.cf.dp;

import io.privrec.core.cf.dp.internal.DpItemKnnGaussian;
import io.privrec.core.cf.dp.internal.DpItemKnnNoise;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.dp.noise.ConfidenceInterval;
import io.privrec.dp.noise.DiscreteLaplaceNoise;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.noise.MechanismType;
import io.privrec.dp.noise.Noise;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Small datasets and noise doubles for the private recommenders' tests and audits. */
public final class PrivacyAuditFixtures {
  private PrivacyAuditFixtures() {}

  /** Users {@code u0…} and items {@code i0…} with dense indices equal to their numbers; weight 1. */
  public static InteractionMatrix matrix(int numItems, int[][] rows) {
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.REJECT);
    for (int u = 0; u < rows.length; u++) {
      b.internUser("u" + u);
    }
    for (int i = 0; i < numItems; i++) {
      b.internItem("i" + i);
    }
    for (int u = 0; u < rows.length; u++) {
      for (int item : rows[u]) {
        b.add("u" + u, "i" + item, 1f);
      }
    }
    return b.build();
  }

  /**
   * The public catalogue of a fixture matrix: its fixed item list {@code i0…i(n−1)} in index order
   * ({@link #matrix} interns every item, whether or not anyone holds it), so catalogue indices equal
   * the matrix's. Never derived from who bought what.
   */
  public static Catalogue catalogueOf(InteractionMatrix m) {
    return Catalogue.of(m.items().ids());
  }

  /** The fixed catalogue {@code i0…i(n−1)}. */
  public static Catalogue catalogue(int numItems) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < numItems; i++) {
      ids.add("i" + i);
    }
    return Catalogue.of(ids);
  }

  /** Random rows with popularity skew towards low item indices, 1 to {@code maxLength} items each. */
  public static int[][] randomRows(long seed, int numUsers, int numItems, int maxLength) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[][] rows = new int[numUsers][];
    for (int u = 0; u < numUsers; u++) {
      int len = 1 + rnd.nextInt(Math.min(maxLength, numItems));
      boolean[] taken = new boolean[numItems];
      rows[u] = new int[len];
      for (int k = 0; k < len; k++) {
        int i;
        do {
          double r = rnd.nextDouble();
          i = (int) (numItems * r * r);
        } while (taken[i]);
        taken[i] = true;
        rows[u][k] = i;
      }
    }
    return rows;
  }

  /** The rows without the last user (an add/remove-one-user neighbour that keeps other indices). */
  public static int[][] withoutLast(int[][] rows) {
    return Arrays.copyOf(rows, rows.length - 1);
  }

  /** A {@link Noise} double of the given norm that adds nothing (vector calls only). */
  public static Noise zeroNoise(Noise.Norm norm) {
    return new VectorOnlyNoise(norm) {
      @Override
      public void addNoiseInPlace(long[] counts, double sensitivity, double epsilon, double delta) {
        // zero noise
      }
    };
  }

  /** Base of the noise doubles: only the in-place vector call is meaningful. */
  private abstract static class VectorOnlyNoise implements Noise {
    private static final String VECTOR_ONLY = "this test double supports only addNoiseInPlace(long[], ...)";
    private final Norm norm;

    VectorOnlyNoise(Norm norm) {
      this.norm = norm;
    }

    @Override
    public MechanismType mechanismType() {
      return norm == Norm.L1 ? MechanismType.DISCRETE_LAPLACE : MechanismType.DISCRETE_GAUSSIAN;
    }

    @Override
    public Norm vectorSensitivityNorm() {
      return norm;
    }

    @Override
    public double addNoise(double x, int l0Sensitivity, double lInfSensitivity, double epsilon, double delta) {
      throw new UnsupportedOperationException(VECTOR_ONLY);
    }

    @Override
    public long addNoise(long x, int l0Sensitivity, long lInfSensitivity, double epsilon, double delta) {
      throw new UnsupportedOperationException(VECTOR_ONLY);
    }

    @Override
    public double[] addNoise(double[] x, double sensitivity, double epsilon, double delta) {
      throw new UnsupportedOperationException(VECTOR_ONLY);
    }

    @Override
    public ConfidenceInterval computeConfidenceInterval(double noisedX, int l0Sensitivity, double lInfSensitivity,
        double epsilon, double delta, double alpha) {
      throw new UnsupportedOperationException(VECTOR_ONLY);
    }

    @Override
    public ConfidenceInterval computeConfidenceInterval(long noisedX, int l0Sensitivity, long lInfSensitivity,
        double epsilon, double delta, double alpha) {
      throw new UnsupportedOperationException(VECTOR_ONLY);
    }
  }

  /** A {@link DpItemKnnNoise} double with zero noise: no zero pair ever passes the threshold. */
  public static DpItemKnnNoise zeroKnnNoise() {
    return new DpItemKnnNoise() {
      @Override
      public long sample(DpItemKnnGaussian noise) {
        return 0;
      }

      @Override
      public long countAbove(DpItemKnnGaussian noise, long n, long threshold) {
        return 0;
      }

      @Override
      public long sampleAbove(DpItemKnnGaussian noise, long threshold) {
        throw new AssertionError("no zero pair passes a zero-noise threshold");
      }

      @Override
      public long uniform(long bound) {
        throw new AssertionError("no zero pair passes a zero-noise threshold");
      }
    };
  }

  /**
   * A deliberately broken mechanism for audits: discrete Laplace noise calibrated to half the
   * stated L1 sensitivity, i.e. at half the scale (the release is then only 2ε-DP).
   */
  public static Noise halfScaleLaplace(RandomSource random) {
    DiscreteLaplaceNoise real = DiscreteLaplaceNoise.create(random);
    return new VectorOnlyNoise(Noise.Norm.L1) {
      @Override
      public void addNoiseInPlace(long[] counts, double sensitivity, double epsilon, double delta) {
        real.addNoiseInPlace(counts, sensitivity / 2, epsilon, delta);
      }
    };
  }

  /**
   * The audit store: {@code others} users with 1–3 items among {@code i0…i8}, plus (when {@code
   * withCanary}) a last customer holding only the canary item {@code i9}, which nobody else holds.
   */
  public static InteractionMatrix auditStore(int others, boolean withCanary) {
    int[][] rows = randomRows(99, others, 9, 3);
    int[][] all = Arrays.copyOf(rows, others + 1);
    all[others] = new int[] {9};
    return matrix(10, withCanary ? all : rows);
  }
}
