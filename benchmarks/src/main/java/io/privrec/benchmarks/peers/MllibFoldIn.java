package io.privrec.benchmarks.peers;

import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelUpdate;
import java.util.List;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Row;

/**
 * An MLlib implicit {@link ALSModel} as an {@link ItemScorer}, so that {@link
 * io.privrec.core.eval.Evaluator} scores it exactly as it scores iALS: from a customer's profile,
 * by fold-in against the item factors.
 *
 * <p>The fold-in solves MLlib's normal equations for one user (its {@code NormalEquation} with
 * implicit preferences and its Cholesky solver): (YᵀY + Σ_i α·r_i·y_i·y_iᵀ + regParam·n·I)·x =
 * Σ_i (1 + α·r_i)·y_i over the n profile items with r_i &gt; 0, in double precision. These are the
 * equations MLlib's last half-iteration solves for every user, so the scores are those of MLlib's
 * own user factors up to rounding. Items without MLlib factors (no training interaction) score 0.
 *
 * <p>Immutable and thread-safe for concurrent scoring. {@link #forget} is not supported.
 */
final class MllibFoldIn implements ItemScorer {
  private final IdIndex items;
  private final int rank;
  private final float[] itemFactors;
  private final double[] gram;
  private final double alpha;
  private final double regParam;

  private MllibFoldIn(IdIndex items, int rank, float[] itemFactors, double alpha, double regParam) {
    this.items = items;
    this.rank = rank;
    this.itemFactors = itemFactors;
    this.alpha = alpha;
    this.regParam = regParam;
    this.gram = new double[rank * rank];
    for (int i = 0; i < items.size(); i++) {
      for (int a = 0; a < rank; a++) {
        double ya = itemFactors[i * rank + a];
        for (int b = 0; b < rank; b++) {
          gram[a * rank + b] += ya * itemFactors[i * rank + b];
        }
      }
    }
  }

  /**
   * Collects the item factors of {@code model}, fitted on {@code train} with item ids the item
   * indices of {@code train}.
   */
  static MllibFoldIn of(ALSModel model, InteractionMatrix train, double alpha, double regParam) {
    int rank = model.rank();
    float[] factors = new float[train.numItems() * rank];
    for (Row row : model.itemFactors().collectAsList()) {
      int item = row.getInt(0);
      List<Float> features = row.getList(1);
      for (int k = 0; k < rank; k++) {
        factors[item * rank + k] = features.get(k);
      }
    }
    return new MllibFoldIn(train.items(), rank, factors, alpha, regParam);
  }

  @Override
  public IdIndex items() {
    return items;
  }

  @Override
  public void scoreProfile(int[] profileItems, float[] weights, float[] scores) {
    int f = rank;
    double[] a = gram.clone();
    double[] b = new double[f];
    int n = 0;
    for (int j = 0; j < profileItems.length; j++) {
      double r = weights[j];
      if (!(r > 0)) {
        continue;
      }
      n++;
      int off = profileItems[j] * f;
      double c1 = alpha * r;
      for (int p = 0; p < f; p++) {
        double yp = itemFactors[off + p];
        b[p] += (1 + c1) * yp;
        for (int q = 0; q < f; q++) {
          a[p * f + q] += c1 * yp * itemFactors[off + q];
        }
      }
    }
    for (int p = 0; p < f; p++) {
      a[p * f + p] += regParam * n;
    }
    double[] x = choleskySolve(a, b, f);
    for (int i = 0; i < items.size(); i++) {
      double s = 0;
      for (int p = 0; p < f; p++) {
        s += itemFactors[i * f + p] * x[p];
      }
      scores[i] = (float) s;
    }
  }

  /** Solves a·x = b for symmetric positive-definite a (row-major f × f; overwritten). */
  private static double[] choleskySolve(double[] a, double[] b, int f) {
    for (int j = 0; j < f; j++) {
      double d = a[j * f + j];
      for (int k = 0; k < j; k++) {
        d -= a[j * f + k] * a[j * f + k];
      }
      if (!(d > 0)) {
        throw new IllegalStateException("fold-in matrix is not positive definite at column " + j);
      }
      double l = Math.sqrt(d);
      a[j * f + j] = l;
      for (int i = j + 1; i < f; i++) {
        double s = a[i * f + j];
        for (int k = 0; k < j; k++) {
          s -= a[i * f + k] * a[j * f + k];
        }
        a[i * f + j] = s / l;
      }
    }
    double[] y = new double[f];
    for (int i = 0; i < f; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= a[i * f + k] * y[k];
      }
      y[i] = s / a[i * f + i];
    }
    double[] x = new double[f];
    for (int i = f - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < f; k++) {
        s -= a[k * f + i] * x[k];
      }
      x[i] = s / a[i * f + i];
    }
    return x;
  }

  @Override
  public ModelUpdate.Result forget(Erasure erasure) {
    throw new UnsupportedOperationException("an MLlib model wrapped for evaluation does not forget customers");
  }
}
