package io.privrec.core.internal.cohort;

import io.privrec.core.cf.dp.DpPopularityModel;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.dp.kanon.Cohorts;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Cohort popularity over a model's item index: the cohort definitions ({@link Cohorts}, a
 * k-anonymous function of the customers' attributes) and, per cohort, how many of its members hold
 * each item, next to the same counts over every training customer. A set of cohorts {@code L}
 * scores item {@code i} by {@code n_L(i) + (T_L / T)·n(i)}: the cohorts' own counts plus the
 * global counts scaled to the cohorts' share of all counted interactions (a shrinkage towards
 * global popularity that matters most for small cohorts).
 *
 * <p>Two kinds: {@linkplain #exact exact} counts (a non-private recommender's own copy, updated
 * exactly on erasure; an item is listed only if at least {@code minCustomers} training customers
 * hold it) and a {@linkplain #released differentially private release} (noisy counts from {@link
 * io.privrec.core.cf.dp.DpPopularity}, every item listed, never changed). Holds no customer id,
 * row or membership. Immutable; thread-safe.
 */
public final class CohortModel {
  private final Cohorts cohorts;
  private final double[][] cohortCounts; // [cohort][item]
  private final double[] global; // [item]
  private final boolean[] listed; // [item]
  private final DpPopularityModel release; // null: exact counts

  private CohortModel(Cohorts cohorts, double[][] cohortCounts, double[] global, boolean[] listed,
      DpPopularityModel release) {
    this.cohorts = cohorts;
    this.cohortCounts = cohortCounts;
    this.global = global;
    this.listed = listed;
    this.release = release;
  }

  /**
   * Exact counts: {@code n(i)} the training customers holding item {@code i}, {@code n_k(i)} those
   * of cohort {@code k} ({@code cohortOfUser[u]}, -1 for none).
   */
  public static CohortModel exact(Cohorts cohorts, InteractionMatrix train, int[] cohortOfUser, int minCustomers) {
    int n = train.numItems();
    double[][] perCohort = new double[cohorts.count()][n];
    double[] global = new double[n];
    for (int u = 0; u < train.numUsers(); u++) {
      int k = u < cohortOfUser.length ? cohortOfUser[u] : -1;
      for (int p = train.rowStart(u); p < train.rowEnd(u); p++) {
        int i = train.itemAt(p);
        global[i]++;
        if (k >= 0) {
          perCohort[k][i]++;
        }
      }
    }
    boolean[] listed = new boolean[n];
    for (int i = 0; i < n; i++) {
      listed[i] = global[i] >= minCustomers;
    }
    return new CohortModel(cohorts, perCohort, global, listed, null);
  }

  /** A differentially private release: its noisy global and per-cohort counts. */
  public static CohortModel released(Cohorts cohorts, DpPopularityModel release) {
    if (release.numCohorts() != cohorts.count()) {
      throw new IllegalArgumentException("the release has " + release.numCohorts() + " cohorts, the definitions "
          + cohorts.count());
    }
    int n = release.numItems();
    double[][] perCohort = new double[cohorts.count()][];
    for (int k = 0; k < perCohort.length; k++) {
      perCohort[k] = toDouble(release.noisyCohortCounts(k));
    }
    boolean[] listed = new boolean[n];
    Arrays.fill(listed, true);
    return new CohortModel(cohorts, perCohort, toDouble(release.noisyCounts()), listed, release);
  }

  private static double[] toDouble(long[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  /** The cohort definitions. */
  public Cohorts cohorts() {
    return cohorts;
  }

  /** The private release, or null for exact counts. */
  public DpPopularityModel release() {
    return release;
  }

  /** True for exact counts (updated on erasure), false for a private release (kept). */
  public boolean isExact() {
    return release == null;
  }

  /** Number of items scored. */
  public int numItems() {
    return global.length;
  }

  /**
   * Scores every item for the union of {@code leaves} (sorted, distinct, non-empty) into {@code
   * out}; items that may not be listed get {@code -∞}.
   */
  public void score(int[] leaves, float[] out) {
    int n = global.length;
    double[] sum = new double[n];
    for (int k : leaves) {
      double[] c = cohortCounts[k];
      for (int i = 0; i < n; i++) {
        sum[i] += c[i];
      }
    }
    double cohortTotal = positiveSum(sum);
    double total = positiveSum(global);
    double scale = total > 0 ? cohortTotal / total : 0;
    for (int i = 0; i < n; i++) {
      out[i] = listed[i] ? (float) (sum[i] + scale * global[i]) : Float.NEGATIVE_INFINITY;
    }
  }

  private static double positiveSum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += Math.max(0, x);
    }
    return s;
  }

  /**
   * Exact counts without the training rows of {@code users} (their cohorts in {@code cohortOfUser},
   * -1 for none), listing rule recomputed with {@code minCustomers}; a private release is returned
   * unchanged.
   */
  public CohortModel without(InteractionMatrix train, int[] users, int[] cohortOfUser, int minCustomers) {
    if (release != null) {
      return this;
    }
    double[][] perCohort = new double[cohortCounts.length][];
    for (int k = 0; k < perCohort.length; k++) {
      perCohort[k] = cohortCounts[k];
    }
    double[] g = global.clone();
    boolean[] copied = new boolean[perCohort.length];
    for (int u : users) {
      int k = u < cohortOfUser.length ? cohortOfUser[u] : -1;
      if (k >= 0 && !copied[k]) {
        perCohort[k] = perCohort[k].clone();
        copied[k] = true;
      }
      for (int p = train.rowStart(u); p < train.rowEnd(u); p++) {
        int i = train.itemAt(p);
        g[i]--;
        if (k >= 0) {
          perCohort[k][i]--;
        }
      }
    }
    boolean[] listed = new boolean[g.length];
    for (int i = 0; i < g.length; i++) {
      listed[i] = g[i] >= minCustomers;
    }
    return new CohortModel(cohorts, perCohort, g, listed, null);
  }

  /**
   * Exact counts without the cohort contributions of {@code users} (who withdrew location
   * consent): their interactions stay in the global counts. A private release is unchanged.
   */
  public CohortModel withoutMembership(InteractionMatrix train, int[] users, int[] cohortOfUser) {
    if (release != null) {
      return this;
    }
    double[][] perCohort = cohortCounts.clone();
    boolean[] copied = new boolean[perCohort.length];
    for (int u : users) {
      int k = u < cohortOfUser.length ? cohortOfUser[u] : -1;
      if (k < 0) {
        continue;
      }
      if (!copied[k]) {
        perCohort[k] = perCohort[k].clone();
        copied[k] = true;
      }
      for (int p = train.rowStart(u); p < train.rowEnd(u); p++) {
        perCohort[k][train.itemAt(p)]--;
      }
    }
    return new CohortModel(cohorts, perCohort, global, listed, null);
  }

  /**
   * A human-readable description of the union of {@code leaves}, e.g. {@code "region North-West,
   * age-band 25-34"}; attributes generalised to {@code *} are left out; {@code "all customers"}
   * when every attribute is.
   */
  public String describe(int[] leaves) {
    Map<String, String> labels = cohorts.describe(leaves);
    StringJoiner text = new StringJoiner(", ");
    labels.forEach((name, label) -> {
      if (!"*".equals(label)) {
        text.add(name + " " + label);
      }
    });
    return text.length() == 0 ? "all customers" : text.toString();
  }
}
