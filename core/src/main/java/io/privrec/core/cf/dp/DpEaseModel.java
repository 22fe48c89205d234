package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.Profile;
import io.privrec.core.cf.internal.UserRows;
import io.privrec.core.model.Explainable;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.scoring.ScoringKernels;
import java.util.Arrays;

/**
 * A fitted {@link DpEase} model: the differentially private item-to-item weights {@code B} (dense,
 * single precision, row = profile item, zero diagonal) and the training profiles for scoring the
 * training customers.
 *
 * <p>Scoring is EASE's: a profile scores item {@code t} as {@code Σ_j B[j][t]} over its items
 * (binary, as in the fit; repeated items count repeatedly). {@link #scoreUser} reads only that
 * customer's own row and {@code B}, so her recommendations are jointly differentially private;
 * {@code B} alone is the (ε, δ)-DP release and may be published.
 *
 * <p>Immutable and thread-safe.
 */
public final class DpEaseModel implements ItemScorer, Explainable {
  private final DpEase config;
  private final UserRows rows;
  private final int n;
  private final float[] weights; // dense: B[j][t] at j·n + t; null when low rank
  private final float[] factors; // low rank: W, n × r; null when dense
  private final int rank;
  private final float[] diagP;

  private DpEaseModel(DpEase config, UserRows rows, float[] weights, float[] factors, int rank, float[] diagP) {
    this.config = config;
    this.rows = rows;
    this.n = rows.numItems();
    this.weights = weights;
    this.factors = factors;
    this.rank = rank;
    this.diagP = diagP;
  }

  static DpEaseModel dense(DpEase config, UserRows rows, float[] weights) {
    return new DpEaseModel(config, rows, weights, null, 0, null);
  }

  /** {@code B[j][t] = (w_j·w_t)/P[t][t]} off the diagonal, from {@code W} ({@code n × r}). */
  static DpEaseModel lowRank(DpEase config, UserRows rows, float[] factors, int rank, float[] diagP) {
    return new DpEaseModel(config, rows, null, factors, rank, diagP);
  }

  /** The configuration the model was fitted with. */
  public DpEase config() {
    return config;
  }

  @Override
  public int numItems() {
    return n;
  }

  /** Number of training customers whose profiles the model holds. */
  public int numUsers() {
    return rows.numUsers();
  }

  /**
   * The private weight {@code B[from][to]}.
   *
   * @throws IllegalArgumentException if an index is out of range
   */
  public float weight(int from, int to) {
    Profile.checkItem(from, n);
    Profile.checkItem(to, n);
    return rawWeight(from, to);
  }

  private float rawWeight(int from, int to) {
    if (weights != null) {
      return weights[from * n + to];
    }
    if (from == to) {
      return 0f;
    }
    float dot = 0f;
    for (int k = 0; k < rank; k++) {
      dot += factors[from * rank + k] * factors[to * rank + k];
    }
    return dot / diagP[to];
  }

  /**
   * A copy of {@code B}, row-major {@code n × n} (computed from the factors for a low-rank model):
   * a post-processing of the differentially private release.
   */
  public float[] weights() {
    if (weights != null) {
      return weights.clone();
    }
    float[] b = new float[n * n];
    for (int j = 0; j < n; j++) {
      for (int t = 0; t < n; t++) {
        b[j * n + t] = rawWeight(j, t);
      }
    }
    return b;
  }

  /** The rank of the denoised Gram matrix, or 0 for the full one. */
  public int rank() {
    return rank;
  }

  @Override
  public void scoreUser(int user, float[] scores) {
    score(rows.rowItems(user), scores);
  }

  @Override
  public void scoreProfile(int[] items, float[] profileWeights, float[] scores) {
    Profile.check(items, profileWeights, n);
    score(items, scores);
  }

  private void score(int[] items, float[] scores) {
    checkScores(scores);
    float[] ones = new float[items.length];
    Arrays.fill(ones, 1f);
    if (weights != null) {
      Arrays.fill(scores, 0f);
      ScoringKernels.addWeightedRows(weights, items, ones, scores);
      return;
    }
    // Σ_j B[j][t] = (z·w_t − Σ_{j=t} ‖w_t‖²)/P[t][t] with z = Σ_j w_j: the diagonal of B is 0.
    if (rank == 0) {
      Arrays.fill(scores, 0f); // every eigenvalue was non-positive: B = 0
      return;
    }
    float[] z = new float[rank];
    ScoringKernels.addWeightedRows(factors, items, ones, z);
    ScoringKernels.scoreAll(factors, z, scores);
    for (int j : items) {
      float self = 0f;
      for (int k = 0; k < rank; k++) {
        self += factors[j * rank + k] * factors[j * rank + k];
      }
      scores[j] -= self;
    }
    for (int t = 0; t < n; t++) {
      scores[t] /= diagP[t];
    }
  }

  /**
   * Contribution of profile item {@code j} is {@code B[j][item]} (profiles are binary); the score
   * is their sum in increasing item order.
   */
  @Override
  public Explanation explain(int[] profileItems, float[] profileWeights, int item, int maxReasons) {
    Profile profile = Profile.of(profileItems, profileWeights, n);
    Profile.checkItem(item, n);
    int[] items = profile.items();
    float[] contributions = new float[items.length];
    float score = 0f;
    for (int k = 0; k < items.length; k++) {
      contributions[k] = rawWeight(items[k], item);
      score += contributions[k];
    }
    return Explanation.ofTop(item, score, items, contributions, maxReasons);
  }

  private void checkScores(float[] scores) {
    requireNonNull(scores, "scores");
    if (scores.length != n) {
      throw new IllegalArgumentException("scores must have length numItems() = " + n + ". Provided length: " + scores.length);
    }
  }

  @Override
  public String toString() {
    return "DpEaseModel{users=" + numUsers() + ", items=" + n + ", " + config + "}";
  }
}
