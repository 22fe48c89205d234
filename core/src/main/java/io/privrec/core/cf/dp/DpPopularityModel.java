package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.cf.internal.Params;
import io.privrec.core.cf.internal.Profile;
import io.privrec.core.data.IdIndex;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.model.PrivacyGuarantee;
import io.privrec.core.model.PrivateModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A fitted {@link DpPopularity} model: the differentially private release over the public
 * catalogue (noisy item counts, the privately selected ranking, noisy per-cohort counts when
 * cohorts were configured). The whole model is the release: it is (ε, δ)-differentially private
 * for add/remove-one-customer neighbours, the privacy unit being one customer and all her data (see
 * {@link DpPopularity}); it keeps no customer's row, cohort or id, and may be published.
 *
 * <p>{@link #items()} is exactly the public catalogue, in its order. {@link #scoreProfile} ranks
 * the ranked items first, then every other item by its global noisy count; {@link #scoreCohort}
 * scores a customer whose public cohort the caller knows by her cohort's counts blended with the
 * global ones ({@code n_k(i) + (T_k/T)·n(i)}). Noisy counts may be negative; every score is finite.
 *
 * <h2>Persistence</h2>
 * {@link #save} / {@link #load} use {@code ModelIo} (model type {@code dp-popularity}, layout 2):
 * the parameters, the {@link #guarantee()} of the fit, the catalogue ids ({@code item-ids}) and the
 * release ({@code counts}, {@code ranking}, {@code cohort-counts}); the file is the release and its
 * size does not depend on the number of customers. Layout 1 files, which held the training
 * customers' cohorts, are refused (refit). The cohort function itself is not stored: the
 * configuration of a loaded model with cohorts cannot fit again ({@link IllegalStateException}
 * before anything is charged). A loaded model scores bit for bit as the saved one and reports the
 * same guarantee; like every {@link PrivateModel} it has no method that refits or charges a budget.
 *
 * <p>Immutable and thread-safe.
 */
public final class DpPopularityModel implements PrivateModel {
  private final DpPopularity config;
  private final long[] counts;
  private final int[] ranking;
  private final long[][] cohortCounts;
  private final float[] global;
  private final float[][] cohortScores;
  private final PrivacyGuarantee guarantee;

  DpPopularityModel(DpPopularity config, long[] counts, int[] ranking, long[][] cohortCounts) {
    this(config, counts, ranking, cohortCounts, config.guarantee());
  }

  private DpPopularityModel(DpPopularity config, long[] counts, int[] ranking, long[][] cohortCounts,
      PrivacyGuarantee guarantee) {
    this.config = config;
    this.guarantee = guarantee;
    this.ranking = ranking;
    int n = counts.length;
    this.counts = counts;
    this.cohortCounts = cohortCounts;
    global = new float[n];
    double total = 0;
    long max = 0;
    for (int i = 0; i < n; i++) {
      global[i] = counts[i];
      total += Math.max(counts[i], 0);
      max = Math.max(max, counts[i]);
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
        cohortScores[k][i] = (float) (cohortCounts[k][i] + scale * counts[i]);
      }
    }
  }

  /** The configuration the model was fitted with. */
  public DpPopularity config() {
    return config;
  }

  @Override
  public PrivacyGuarantee guarantee() {
    return guarantee;
  }

  /** The public catalogue's items, in catalogue order. */
  @Override
  public IdIndex items() {
    return config.catalogue.items();
  }

  @Override
  public int numItems() {
    return counts.length;
  }

  /** The released noisy global item counts, one per catalogue item (a copy). */
  public long[] noisyCounts() {
    return counts.clone();
  }

  /** The privately selected ranking, best first (item indices; a copy; empty when {@code top-k = 0}). */
  public int[] ranking() {
    return ranking.clone();
  }

  /** Number of cohorts (0 without cohorts). */
  public int numCohorts() {
    return cohortCounts == null ? 0 : cohortCounts.length;
  }

  /**
   * The released noisy counts of cohort {@code cohort}, one per catalogue item (a copy).
   *
   * @throws IndexOutOfBoundsException if {@code cohort} is not in {@code [0, numCohorts())}
   */
  public long[] noisyCohortCounts(int cohort) {
    if (cohort < 0 || cohort >= numCohorts()) {
      throw new IndexOutOfBoundsException("cohort must be in [0, " + numCohorts() + "). Provided value: " + cohort);
    }
    return cohortCounts[cohort].clone();
  }

  /**
   * Scores every item for a customer of public cohort {@code cohort} (which the caller knows from
   * her own attributes): her cohort's noisy counts plus the global ones scaled to the cohort's
   * size. Post-processing of the release; reads no customer data.
   *
   * @throws IndexOutOfBoundsException if {@code cohort} is not in {@code [0, numCohorts())}
   * @throws IllegalArgumentException if {@code scores} does not have length {@link #numItems()}
   */
  public void scoreCohort(int cohort, float[] scores) {
    if (cohort < 0 || cohort >= numCohorts()) {
      throw new IndexOutOfBoundsException("cohort must be in [0, " + numCohorts() + "). Provided value: " + cohort);
    }
    checkScores(scores);
    System.arraycopy(cohortScores[cohort], 0, scores, 0, scores.length);
  }

  /** Ranked items first, then the global noisy counts; the profile itself is not read. */
  @Override
  public void scoreProfile(int[] items, float[] weights, float[] scores) {
    Profile.check(items, weights, counts.length);
    checkScores(scores);
    System.arraycopy(global, 0, scores, 0, global.length);
  }

  /**
   * A private model keeps its release ({@link ModelUpdate#RELEASE_KEPT}): its guarantee already
   * bounds what it reveals about an erased customer, and it holds nothing of hers.
   *
   * @throws IllegalArgumentException if the erasure's data is not indexed like this model
   */
  @Override
  public ModelUpdate.Result forget(Erasure erasure) {
    return AbstractPrivateAlgorithm.keepRelease(this, erasure);
  }

  private void checkScores(float[] scores) {
    requireNonNull(scores, "scores");
    CorePreconditions.checkLength("scores", scores.length, "numItems()", counts.length);
  }

  /**
   * The model's state for {@code ModelIo}: parameters, guarantee, {@code item-ids}, {@code counts},
   * {@code ranking}, and when configured {@code cohort-counts} (cohort-major). Nothing else: the
   * file is the release.
   */
  ModelIo.Contents toContents() {
    int n = counts.length;
    ModelIo.Contents.Builder b = PrivateModelFiles.contents(config, guarantee)
        .longs("counts", counts)
        .ints("ranking", ranking);
    if (cohortCounts != null) {
      long[] flat = new long[Math.multiplyExact(cohortCounts.length, n)];
      for (int k = 0; k < cohortCounts.length; k++) {
        System.arraycopy(cohortCounts[k], 0, flat, k * n, n);
      }
      b.longs("cohort-counts", flat);
    }
    return b.build();
  }

  /**
   * Saves the model, its parameters, the catalogue's item ids and its guarantee to {@code file}
   * (atomically, checksummed; see {@code ModelIo}).
   *
   * @throws IOException if the file cannot be written; the file is then left as it was
   */
  @Override
  public void save(Path file) throws IOException {
    ModelIo.write(file, toContents());
  }

  /**
   * Loads a model saved by {@link #save}, charging nothing.
   *
   * @throws IOException naming the file if it cannot be read, is truncated or corrupted
   * @throws IllegalArgumentException naming the file as {@code fromContents}
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
  static DpPopularityModel fromContents(ModelIo.Contents c) {
    PrivateModelFiles.Loaded<DpPopularity> loaded = PrivateModelFiles.read(c, "dp-popularity",
        DpPopularityModel::savedConfig);
    DpPopularity config = loaded.config();
    String source = c.source();
    int n = loaded.numItems();
    long[] counts = c.longs("counts");
    PrivateModelFiles.checkLength(c, "counts", counts.length, n);
    int[] ranking = c.ints("ranking");
    if (ranking.length > config.topK()) {
      throw new IllegalArgumentException(source + ": ranking holds more than top-k = " + config.topK() + " items");
    }
    boolean[] ranked = new boolean[n];
    for (int item : ranking) {
      if (item < 0 || item >= n || ranked[item]) {
        throw new IllegalArgumentException(source + ": ranking must hold distinct item indices in [0, " + n + ")");
      }
      ranked[item] = true;
    }
    int k = config.numCohorts();
    if (k == 0) {
      return new DpPopularityModel(config, counts, ranking, null, loaded.guarantee());
    }
    long[] flat = c.longs("cohort-counts");
    PrivateModelFiles.checkLength(c, "cohort-counts", flat.length, (long) k * n);
    long[][] cohortCounts = new long[k][];
    for (int q = 0; q < k; q++) {
      cohortCounts[q] = Arrays.copyOfRange(flat, q * n, (q + 1) * n);
    }
    return new DpPopularityModel(config, counts, ranking, cohortCounts, loaded.guarantee());
  }

  /** The configuration a file describes; a stored cohort count gets a function that refuses to fit. */
  private static DpPopularity savedConfig(Params params) {
    DpPopularity.Builder b = DpPopularity.savedBuilder(params);
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
