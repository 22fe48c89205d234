package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.Profile;
import io.privrec.core.model.ItemScorer;

/**
 * A fitted {@link DpPopularity} model: the differentially private release (noisy global item
 * counts, the privately selected ranking, noisy per-cohort counts when cohorts were configured, and
 * which items outside the public catalogue were released); see {@link DpPopularity} for the
 * guarantee.
 *
 * <p>Visitors are scored by the ranking, then by the global counts; a training user by her
 * cohort's counts blended with the global ones ({@code n_k(i) + (T_k/T)·n(i)}), or like a visitor
 * without cohorts. Items that were not released (new items dropped by partition selection) score
 * {@code -Float.MAX_VALUE} and report count 0. Noisy counts may be negative; scores are finite.
 * The cohort assignment of training users is kept to score them (public by assumption).
 *
 * <p>Immutable and thread-safe.
 */
public final class DpPopularityModel implements ItemScorer {
  private static final float HIDDEN = -Float.MAX_VALUE;

  private final DpPopularity config;
  private final long[] counts;
  private final boolean[] released;
  private final int[] ranking;
  private final int[] cohortOfUser;
  private final long[][] cohortCounts;
  private final int numUsers;
  private final float[] global;
  private final float[][] cohortScores;

  DpPopularityModel(DpPopularity config, long[] counts, boolean[] released, int[] ranking, int[] cohortOfUser,
      long[][] cohortCounts, int numUsers) {
    this.config = config;
    this.released = released;
    this.ranking = ranking;
    this.cohortOfUser = cohortOfUser;
    this.numUsers = numUsers;
    int n = counts.length;
    this.counts = hide(counts);
    this.cohortCounts = cohortCounts;
    if (cohortCounts != null) {
      for (int k = 0; k < cohortCounts.length; k++) {
        cohortCounts[k] = hide(cohortCounts[k]);
      }
    }
    global = new float[n];
    double total = 0;
    long max = 0;
    for (int i = 0; i < n; i++) {
      global[i] = released[i] ? this.counts[i] : HIDDEN;
      total += Math.max(this.counts[i], 0);
      max = Math.max(max, this.counts[i]);
    }
    // Ranked items first, in released order, above every count.
    for (int r = 0; r < ranking.length; r++) {
      global[ranking[r]] = (float) max + ranking.length - r;
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
        cohortScores[k][i] = released[i] ? (float) (cohortCounts[k][i] + scale * this.counts[i]) : HIDDEN;
      }
    }
  }

  private long[] hide(long[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!released[i]) {
        values[i] = 0;
      }
    }
    return values;
  }

  /** The configuration the model was fitted with. */
  public DpPopularity config() {
    return config;
  }

  @Override
  public int numItems() {
    return counts.length;
  }

  /** The released noisy global item counts (a copy; 0 for unreleased items). */
  public long[] noisyCounts() {
    return counts.clone();
  }

  /** The privately selected ranking, best first (item indices; a copy; empty when {@code top-k = 0}). */
  public int[] ranking() {
    return ranking.clone();
  }

  /**
   * Whether {@code item} is part of the release: always for catalogue items, for other items only
   * if partition selection kept them.
   *
   * @throws IllegalArgumentException if {@code item} is out of range
   */
  public boolean isReleased(int item) {
    Profile.checkItem(item, counts.length);
    return released[item];
  }

  /** Number of cohorts (0 without cohorts). */
  public int numCohorts() {
    return cohortCounts == null ? 0 : cohortCounts.length;
  }

  /**
   * The released noisy counts of cohort {@code cohort} (a copy; 0 for unreleased items).
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
    return "DpPopularityModel{items=" + counts.length + ", ranked=" + ranking.length + ", cohorts=" + numCohorts()
        + ", config=" + config + "}";
  }
}
