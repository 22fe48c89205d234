package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.IalsSolver;
import io.privrec.core.cf.internal.Profile;
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
 * + α/√k} for a profile of {@code k} items.
 *
 * <p>Immutable and thread-safe.
 */
public final class DpIalsModel implements ItemScorer {
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
    int n = itemIndices.length;
    int f = config.factors();
    float[] aw = new float[n];
    Arrays.fill(aw, (float) (config.alpha() / Math.sqrt(n)));
    IalsSolver.Csr row = new IalsSolver.Csr(new int[] {0, n}, itemIndices.clone(), aw, numItems);
    float[] x = new float[f];
    try (IalsSolver s = new IalsSolver(f, config.alpha(), config.lambda(), config.regExponent(), 1)) {
      s.solveCholesky(row, 0, items, itemGram, x, null, numItems, s.new Scratch());
    }
    return x;
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
