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
  private final float[] weights; // B[j][t] at j·n + t

  DpEaseModel(DpEase config, UserRows rows, float[] weights) {
    this.config = config;
    this.rows = rows;
    this.n = rows.numItems();
    this.weights = weights;
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
    return weights[from * n + to];
  }

  /** A copy of {@code B}, row-major {@code n × n}: the differentially private release. */
  public float[] weights() {
    return weights.clone();
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
    Arrays.fill(scores, 0f);
    float[] ones = new float[items.length];
    Arrays.fill(ones, 1f);
    ScoringKernels.addWeightedRows(weights, items, ones, scores);
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
      contributions[k] = weights[items[k] * n + item];
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
