package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.Profile;
import io.privrec.core.model.ItemScorer;

/**
 * A fitted {@link DpPopularity} model: noisy global item counts and, when cohorts were configured,
 * noisy per-cohort counts, all differentially private (see {@link DpPopularity} for the guarantee).
 *
 * <p>Visitors are scored by the global counts; a training user by her cohort's counts blended with
 * the global ones ({@code n_k(i) + (T_k/T)·n(i)}), or by the global counts without cohorts. Noisy
 * counts may be negative; scores are finite. The cohort assignment of training users is kept to
 * score them (it is public by assumption).
 *
 * <p>Immutable and thread-safe.
 */
public final class DpPopularityModel implements ItemScorer {
  private final DpPopularity config;
  private final long[] counts;
  private final int[] cohortOfUser;
  private final long[][] cohortCounts;
  private final int numUsers;
  private final float[] global;
  private final float[][] cohortScores;

  DpPopularityModel(DpPopularity config, long[] counts, int[] cohortOfUser, long[][] cohortCounts, int numUsers) {
    this.config = config;
    this.counts = counts;
    this.cohortOfUser = cohortOfUser;
    this.cohortCounts = cohortCounts;
    this.numUsers = numUsers;
    int n = counts.length;
    global = new float[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      global[i] = counts[i];
      total += Math.max(counts[i], 0);
    }
    if (cohortCounts == null) {
      cohortScores = null;
      return;
    }
    cohortScores = new float[cohortCounts.length][n];
    for (int k = 0; k < cohortCounts.length; k++) {
      double cohortTotal = 0;
      for (long c : cohortCounts[k]) {
        cohortTotal += Math.max(c, 0);
      }
      double scale = total > 0 ? cohortTotal / total : 0;
      for (int i = 0; i < n; i++) {
        cohortScores[k][i] = (float) (cohortCounts[k][i] + scale * counts[i]);
      }
    }
  }

  /** The configuration the model was fitted with. */
  public DpPopularity config() {
    return config;
  }

  @Override
  public int numItems() {
    return counts.length;
  }

  /** The released noisy global item counts (a copy). */
  public long[] noisyCounts() {
    return counts.clone();
  }

  /** Number of cohorts (0 without cohorts). */
  public int numCohorts() {
    return cohortCounts == null ? 0 : cohortCounts.length;
  }

  /**
   * The released noisy counts of cohort {@code cohort} (a copy).
   *
   * @throws IndexOutOfBoundsException if {@code cohort} is not in {@code [0, numCohorts())}
   */
  public long[] noisyCohortCounts(int cohort) {
    if (cohort < 0 || cohort >= numCohorts()) {
      throw new IndexOutOfBoundsException("cohort must be in [0, " + numCohorts() + "). Provided value: " + cohort);
    }
    return cohortCounts[cohort].clone();
  }

  @Override
  public void scoreUser(int user, float[] scores) {
    if (user < 0 || user >= numUsers) {
      throw new IndexOutOfBoundsException("user must be in [0, " + numUsers + "). Provided value: " + user);
    }
    checkScores(scores);
    float[] source = cohortScores == null ? global : cohortScores[cohortOfUser[user]];
    System.arraycopy(source, 0, scores, 0, source.length);
  }

  @Override
  public void scoreProfile(int[] items, float[] weights, float[] scores) {
    Profile.check(items, weights, counts.length);
    checkScores(scores);
    System.arraycopy(global, 0, scores, 0, global.length);
  }

  private void checkScores(float[] scores) {
    requireNonNull(scores, "scores");
    if (scores.length != counts.length) {
      throw new IllegalArgumentException("scores must have length numItems() = " + counts.length
          + ". Provided length: " + scores.length);
    }
  }

  @Override
  public String toString() {
    return "DpPopularityModel{items=" + counts.length + ", cohorts=" + numCohorts() + ", config=" + config + "}";
  }
}
