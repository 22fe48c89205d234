package io.privrec.core.internal.cohort;

import io.privrec.core.cf.dp.DpEaseModel;
import io.privrec.core.cf.dp.DpPopularityModel;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.dp.kanon.Cohorts;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

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
 * io.privrec.core.cf.dp.DpPopularity}, every item listed, never changed; its global term is the
 * sum of the cohorts' noisy counts, so it covers the cohort members). Holds no customer id,
 * row or membership. Immutable; thread-safe.
 */
public final class CohortModel {
  private final Cohorts cohorts;
  private final double[][] cohortCounts; // [cohort][item]
  private final double[] global; // [item]
  private final boolean[] listed; // [item]
  private final boolean exact;
  private final DpPopularityModel release; // null: exact counts, or counts released within the model

  /** Unions of cohorts scored so far (their summed counts and total), keyed by the sorted cohorts. */
  private final ConcurrentHashMap<Key, Union> unions = new ConcurrentHashMap<>();
  /** The global counts' total, computed once. */
  private final double globalTotal;

  /** Most unions kept: each holds one double per item. */
  private static final int MAX_CACHED_UNIONS = 1024;

  private CohortModel(Cohorts cohorts, double[][] cohortCounts, double[] global, boolean[] listed,
      boolean exact, DpPopularityModel release) {
    this.cohorts = cohorts;
    this.exact = exact;
    this.cohortCounts = cohortCounts;
    this.global = global;
    this.listed = listed;
    this.release = release;
    this.globalTotal = total(global);
  }

  /** A union's summed counts and their total. */
  private record Union(double[] counts, double total) {}

  /** Sorted cohort indices as a map key. */
  private record Key(int[] cohorts) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(cohorts, k.cohorts);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(cohorts);
    }
  }

  /**
   * The summed counts of {@code leaves}: computed once per distinct union (a visitor's or a
   * customer's lookups repeat the same few unions), kept while the model lives.
   */
  private Union union(int[] leaves) {
    Key key = new Key(leaves);
    Union u = unions.get(key);
    if (u != null) {
      return u;
    }
    double[] sum = leaves.length == 1 ? cohortCounts[leaves[0]] : new double[global.length];
    if (leaves.length > 1) {
      for (int k : leaves) {
        double[] c = cohortCounts[k];
        for (int i = 0; i < sum.length; i++) {
          sum[i] += c[i];
        }
      }
    }
    u = new Union(sum, total(sum));
    if (unions.size() < MAX_CACHED_UNIONS) {
      unions.putIfAbsent(key, u);
    }
    return u;
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
    return new CohortModel(cohorts, perCohort, global, listed, true, null);
  }

  /** A differentially private release: its noisy global and per-cohort counts. */
  public static CohortModel released(Cohorts cohorts, DpPopularityModel release) {
    CorePreconditions.checkArgument(release.numCohorts() == cohorts.count(),
        "the release has %s cohorts, the definitions %s", release.numCohorts(), cohorts.count());
    return released(cohorts, perCohort(cohorts, k -> toDouble(release.noisyCohortCounts(k))), release);
  }

  /**
   * The per-cohort counts that a DP-EASE model released in its own fit ({@code
   * DpEase.Builder.cohortCounts}): scored as {@link #released(Cohorts, DpPopularityModel)}, saved
   * with the model ({@link #release()} is null).
   */
  public static CohortModel releasedInModel(Cohorts cohorts, DpEaseModel model) {
    CorePreconditions.checkArgument(model.numCohorts() == cohorts.count(),
        "the model released counts of %s cohorts, the definitions have %s", model.numCohorts(), cohorts.count());
    return released(cohorts, perCohort(cohorts, k -> toDouble(model.noisyCohortCounts(k))), null);
  }

  /** Every cohort's released counts, {@code counts.apply(k)} for cohort k. */
  private static double[][] perCohort(Cohorts cohorts, java.util.function.IntFunction<double[]> counts) {
    double[][] perCohort = new double[cohorts.count()][];
    for (int k = 0; k < perCohort.length; k++) {
      perCohort[k] = counts.apply(k);
    }
    return perCohort;
  }

  private static CohortModel released(Cohorts cohorts, double[][] perCohort, DpPopularityModel release) {
    int n = perCohort.length == 0 ? 0 : perCohort[0].length;
    boolean[] listed = new boolean[n];
    Arrays.fill(listed, true);
    // The global term: the cohorts' sum, whose noise grows with the square root of the number of
    // cohorts only, rather than the release's item counts (a small share of the budget).
    double[] global = new double[n];
    for (double[] c : perCohort) {
      for (int i = 0; i < n; i++) {
        global[i] += c[i];
      }
    }
    return new CohortModel(cohorts, perCohort, global, listed, false, release);
  }

  private static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
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

  /**
   * The separate private release (DP popularity's cohort counts), or null for exact counts and for
   * counts released within the model ({@link #releasedInModel}).
   */
  public DpPopularityModel release() {
    return release;
  }

  /** True for exact counts (updated on erasure), false for a private release (kept). */
  public boolean isExact() {
    return exact;
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
    score(new int[][] {leaves}, out);
  }

  /**
   * Scores every item by hierarchical backoff over {@code levels}, unions of cohorts from the
   * most specific {@code L_0} to the coarsest: {@code Σ_j (T_0 / T_j)·n_{L_j}(i) + (T_0 / T)·n(i)},
   * i.e. the levels' and the global item distributions with equal weights, in units of {@code
   * L_0}'s counts ({@code T_j}: the sum of level {@code j}'s counts, clipped at 0; a level whose
   * sum is 0 adds nothing). Items that may not be listed get {@code -∞}.
   */
  public void score(int[][] levels, float[] out) {
    int n = global.length;
    double[] acc = new double[n];
    double first = -1;
    for (int[] leaves : levels) {
      Union u = union(leaves);
      double[] sum = u.counts();
      double t = u.total();
      if (first < 0) {
        first = t;
      }
      if (t > 0) {
        double scale = first / t;
        for (int i = 0; i < n; i++) {
          acc[i] += scale * sum[i];
        }
      }
    }
    double total = globalTotal;
    double scale = total > 0 ? Math.max(first, 0) / total : 0;
    for (int i = 0; i < n; i++) {
      out[i] = listed[i] ? (float) (acc[i] + scale * global[i]) : Float.NEGATIVE_INFINITY;
    }
  }

  /**
   * The number of counted interactions, estimated by the sum of the counts (exact for exact
   * counts; unbiased for noisy ones, whose positive parts alone would add up the noise), at least 0.
   */
  private static double total(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return Math.max(0, s);
  }

  /**
   * Exact counts without the training rows of {@code users} (their cohorts in {@code cohortOfUser},
   * -1 for none), listing rule recomputed with {@code minCustomers}; a private release is returned
   * unchanged.
   */
  public CohortModel without(InteractionMatrix train, int[] users, int[] cohortOfUser, int minCustomers) {
    if (!exact) {
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
    return new CohortModel(cohorts, perCohort, g, listed, true, null);
  }

  /**
   * Exact counts without the cohort contributions of {@code users} (who withdrew location
   * consent): their interactions stay in the global counts. A private release is unchanged.
   */
  public CohortModel withoutMembership(InteractionMatrix train, int[] users, int[] cohortOfUser) {
    if (!exact) {
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
    return new CohortModel(cohorts, perCohort, global, listed, true, null);
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
