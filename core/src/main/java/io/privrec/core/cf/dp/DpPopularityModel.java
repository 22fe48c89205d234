package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.Profile;
import io.privrec.core.model.ModelIo;
import io.privrec.core.model.Params;
import io.privrec.core.model.PrivacyGuarantee;
import io.privrec.core.model.PrivateModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

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
 * <h2>Persistence</h2>
 * {@link #save} / {@link #load} use {@link ModelIo} (model type {@code dp-popularity}, layout 1):
 * the parameters, the {@link #guarantee()} of the fit, the release (noisy counts, released flags,
 * ranking, cohort counts), the training users' cohorts and the public catalogue's ids. The cohort
 * function itself is not stored: the configuration of a loaded model with cohorts cannot fit again
 * ({@link IllegalStateException} before anything is charged). A loaded model scores bit for bit as
 * the saved one and reports the same guarantee; like every {@link PrivateModel} it has no method
 * that refits or charges a budget.
 *
 * <p>Immutable and thread-safe.
 */
public final class DpPopularityModel implements PrivateModel {
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
  private final PrivacyGuarantee guarantee;

  DpPopularityModel(DpPopularity config, long[] counts, boolean[] released, int[] ranking, int[] cohortOfUser,
      long[][] cohortCounts, int numUsers) {
    this(config, counts, released, ranking, cohortOfUser, cohortCounts, numUsers, config.guarantee());
  }

  private DpPopularityModel(DpPopularity config, long[] counts, boolean[] released, int[] ranking, int[] cohortOfUser,
      long[][] cohortCounts, int numUsers, PrivacyGuarantee guarantee) {
    this.config = config;
    this.guarantee = guarantee;
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
  public PrivacyGuarantee guarantee() {
    return guarantee;
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

  /**
   * The model's state for {@link ModelIo}: parameters, guarantee, {@code num-users}, {@code
   * counts}, {@code released} (0/1 per item), {@code ranking}, and when configured {@code
   * public-catalogue} (ids), {@code cohort-of-user} and {@code cohort-counts} (cohort-major).
   */
  @Override
  public ModelIo.Contents toContents() {
    int n = counts.length;
    int[] flags = new int[n];
    for (int i = 0; i < n; i++) {
      flags[i] = released[i] ? 1 : 0;
    }
    ModelIo.Contents.Builder b = PrivateModelFiles.contents(config, guarantee)
        .ints("num-users", new int[] {numUsers})
        .longs("counts", counts)
        .ints("released", flags)
        .ints("ranking", ranking);
    Set<String> catalogue = config.publicCatalogue();
    if (catalogue != null) {
      String[] ids = catalogue.toArray(new String[0]);
      Arrays.sort(ids);
      b.strings("public-catalogue", ids);
    }
    if (cohortCounts != null) {
      long[] flat = new long[Math.multiplyExact(cohortCounts.length, n)];
      for (int k = 0; k < cohortCounts.length; k++) {
        System.arraycopy(cohortCounts[k], 0, flat, k * n, n);
      }
      b.ints("cohort-of-user", cohortOfUser).longs("cohort-counts", flat);
    }
    return b.build();
  }

  /**
   * Loads a model saved by {@link #save}, charging nothing.
   *
   * @throws IOException naming the file if it cannot be read, is truncated or corrupted
   * @throws IllegalArgumentException naming the file as {@link #fromContents}
   */
  public static DpPopularityModel load(Path file) throws IOException {
    return fromContents(ModelIo.read(file));
  }

  /**
   * Rebuilds a model from its contents.
   *
   * @throws IllegalArgumentException naming the source if the contents are not a valid
   *     dp-popularity model: wrong type or layout, unknown or invalid parameters, a guarantee that
   *     does not match them, or inconsistent or out-of-range arrays
   */
  public static DpPopularityModel fromContents(ModelIo.Contents c) {
    PrivateModelFiles.Loaded<DpPopularity> loaded = PrivateModelFiles.read(c, "dp-popularity",
        p -> savedConfig(c, p));
    DpPopularity config = loaded.config();
    String source = c.source();
    int numUsers = PrivateModelFiles.single(c, "num-users", 0, Integer.MAX_VALUE - 1);
    long[] counts = c.longs("counts");
    int n = counts.length;
    int[] flags = c.ints("released");
    PrivateModelFiles.checkLength(c, "released", flags.length, n);
    boolean[] released = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (flags[i] != 0 && flags[i] != 1) {
        throw new IllegalArgumentException(source + ": section 'released' must hold 0 or 1. Provided value: " + flags[i]);
      }
      released[i] = flags[i] == 1;
    }
    int[] ranking = c.ints("ranking");
    boolean[] ranked = new boolean[n];
    for (int item : ranking) {
      if (item < 0 || item >= n || !released[item] || ranked[item]) {
        throw new IllegalArgumentException(source + ": ranking must hold distinct released items. Provided value: "
            + item);
      }
      ranked[item] = true;
    }
    int k = config.numCohorts();
    if (k == 0) {
      return new DpPopularityModel(config, counts, released, ranking, null, null, numUsers, loaded.guarantee());
    }
    int[] cohortOfUser = c.ints("cohort-of-user");
    PrivateModelFiles.checkLength(c, "cohort-of-user", cohortOfUser.length, numUsers);
    for (int cohort : cohortOfUser) {
      if (cohort < 0 || cohort >= k) {
        throw new IllegalArgumentException(source + ": cohort-of-user must be in [0, " + k + "). Provided value: "
            + cohort);
      }
    }
    long[] flat = c.longs("cohort-counts");
    PrivateModelFiles.checkLength(c, "cohort-counts", flat.length, (long) k * n);
    long[][] cohortCounts = new long[k][];
    for (int q = 0; q < k; q++) {
      cohortCounts[q] = Arrays.copyOfRange(flat, q * n, (q + 1) * n);
    }
    return new DpPopularityModel(config, counts, released, ranking, cohortOfUser, cohortCounts, numUsers,
        loaded.guarantee());
  }

  /** The configuration a file describes; a stored cohort count gets a function that refuses to fit. */
  private static DpPopularity savedConfig(ModelIo.Contents c, Params params) {
    DpPopularity.Builder b = DpPopularity.savedBuilder(params);
    String catalogue = params.string("public-catalogue", null);
    if (catalogue != null) {
      String[] ids = c.strings("public-catalogue");
      if (!catalogue.equals(ids.length + " items")) {
        throw new IllegalArgumentException("public-catalogue must describe the " + ids.length
            + " stored ids. Provided value: '" + catalogue + "'");
      }
      b.publicCatalogue(Set.of(ids));
    }
    String cohorts = params.string("cohorts", null);
    if (cohorts != null) {
      int k;
      try {
        k = Integer.parseInt(cohorts);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("cohorts must be an integer. Provided value: '" + cohorts + "'", e);
      }
      b.cohorts(k, id -> {
        throw new IllegalStateException("the cohort function of a loaded dp-popularity model is not stored;"
            + " configure cohorts on a new builder to fit again");
      });
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "DpPopularityModel{items=" + counts.length + ", ranked=" + ranking.length + ", cohorts=" + numCohorts()
        + ", config=" + config + "}";
  }
}
