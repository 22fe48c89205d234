package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.IalsSolver;
import io.privrec.core.cf.internal.Profile;
import io.privrec.core.model.Explainable;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.scoring.ScoringKernels;
import java.util.Arrays;
import java.util.Objects;

/**
 * A fitted {@link DpIals} model: the differentially private item factors and each training
 * customer's own factors, solved from her own row and the private item factors.
 *
 * <p>Scores are dot products {@code x_u·y_i}. {@link #itemFactors()} is the (ε, δ)-DP release and
 * may be published; a customer's factors ({@link #userVector}) and recommendations depend on her
 * own data and the release only (joint differential privacy) and must be shown to her alone.
 * {@link #scoreProfile} folds a profile in exactly (Cholesky) with the fit's confidences {@code 1
 * + α/√k} for a profile of {@code k} items; {@link #explain} attributes that score to the
 * profile's own items.
 *
 * <p>Immutable and thread-safe.
 */
public final class DpIalsModel implements ItemScorer, Explainable {
  private final DpIals config;
  private final int numUsers;
  private final int numItems;
  private final float[] users;
  private final float[] items;
  private final float[] itemGram;

  DpIalsModel(DpIals config, int numUsers, int numItems, float[] users, float[] items, float[] itemGram) {
    this.config = config;
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.users = users;
    this.items = items;
    this.itemGram = itemGram;
  }

  /** The configuration this model was fitted with. */
  public DpIals config() {
    return config;
  }

  /** Number of training customers. */
  public int numUsers() {
    return numUsers;
  }

  @Override
  public int numItems() {
    return numItems;
  }

  /** A copy of the private item factors, row-major {@code numItems × factors}. */
  public float[] itemFactors() {
    return items.clone();
  }

  /**
   * A copy of customer {@code user}'s own factors (to be shown to her only).
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= user < numUsers()}
   */
  public float[] userVector(int user) {
    Objects.checkIndex(user, numUsers);
    int f = config.factors();
    return Arrays.copyOfRange(users, user * f, (user + 1) * f);
  }

  @Override
  public void scoreUser(int user, float[] scores) {
    float[] x = userVector(user);
    checkScores(scores);
    ScoringKernels.scoreAll(items, x, scores);
  }

  /**
   * Scores a profile by folding it in; an empty profile scores every item 0.
   *
   * @throws IllegalArgumentException for an invalid profile or a wrong {@code scores} length
   */
  @Override
  public void scoreProfile(int[] itemIndices, float[] weights, float[] scores) {
    checkScores(scores);
    ScoringKernels.scoreAll(items, foldIn(itemIndices, weights), scores);
  }

  /**
   * The factors of a profile given the private item factors (exact Cholesky solve; weights are
   * ignored, as in the fit; a repeated item counts once per occurrence).
   *
   * @throws IllegalArgumentException for mismatched lengths, an index out of range, or a weight
   *     that is not finite and positive
   */
  public float[] foldIn(int[] itemIndices, float[] weights) {
    Profile.check(itemIndices, weights, numItems);
    float[] x = new float[config.factors()];
    try (IalsSolver s = solver()) {
      s.solveCholesky(profileRow(itemIndices), 0, items, itemGram, x, null, numItems, s.new Scratch());
    }
    return x;
  }

  /**
   * Explains the {@link #foldIn} score of {@code item} by the item-based decomposition of Hu, Koren
   * &amp; Volinsky (2008, §5), as the non-private iALS does: with {@code W} the inverse of the
   * profile's system matrix built from the private item factors, profile item {@code j}
   * contributes {@code (1 + α/√k)·y_itemᵀ·W·y_j} ({@code k} profile items; weights are ignored, as
   * in the fit), and the contributions sum to the fold-in score, which for a training customer's
   * own row is her {@link #scoreUser} score up to rounding. The explanation reads only the given
   * profile and the released item factors, so shown to the customer herself it keeps the joint
   * differential privacy of her recommendations. An empty profile has score 0 and no reasons.
   * Cost O(k·f² + f³).
   */
  @Override
  public Explanation explain(int[] profileItems, float[] weights, int item, int maxReasons) {
    Profile profile = Profile.of(profileItems, weights, numItems);
    Profile.checkItem(item, numItems);
    int[] js = profile.items();
    float[] contributions = new float[js.length];
    double score = 0;
    if (js.length > 0) {
      try (IalsSolver s = solver()) {
        score = s.decompose(profileRow(js), items, itemGram, numItems, item, contributions);
      }
    }
    return Explanation.ofTop(item, (float) score, js, contributions, maxReasons);
  }

  /** The fit's confidences {@code α/√k} on a profile of {@code k} items (binary, as in the fit). */
  private IalsSolver.Csr profileRow(int[] itemIndices) {
    int n = itemIndices.length;
    float[] aw = new float[n];
    Arrays.fill(aw, (float) (config.alpha() / Math.sqrt(n)));
    return new IalsSolver.Csr(new int[] {0, n}, itemIndices.clone(), aw, numItems);
  }

  private IalsSolver solver() {
    return new IalsSolver(config.factors(), config.alpha(), config.lambda(), config.regExponent(), 1);
  }

  private void checkScores(float[] scores) {
    requireNonNull(scores, "scores");
    if (scores.length != numItems) {
      throw new IllegalArgumentException("scores must have length numItems() = " + numItems + ". Provided length: "
          + scores.length);
    }
  }

  @Override
  public String toString() {
    return "DpIalsModel{users=" + numUsers + ", items=" + numItems + ", " + config + "}";
  }
}
