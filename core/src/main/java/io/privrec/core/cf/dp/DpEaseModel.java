package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.Ease;
import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.cf.internal.Profile;
import io.privrec.core.data.IdIndex;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.Explainable;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.model.PrivacyGuarantee;
import io.privrec.core.model.PrivateModel;
import io.privrec.core.scoring.ScoringKernels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A fitted {@link DpEase} model: the differentially private item-to-item weights {@code B}
 * (dense, single precision, row = profile item, zero diagonal; or their low-rank factors) over the
 * public catalogue, with the candidate set and every item's noisy count when candidates were
 * selected. The whole model is the release: (ε, δ)-differentially private for
 * add/remove-one-customer neighbours, the privacy unit being one customer and all her data (see
 * {@link DpEase}); it keeps no customer's row or id and may be published. {@link #items()} is
 * exactly the catalogue, in its order.
 *
 * <p>Scoring is EASE's: a profile scores candidate {@code t} as {@code Σ_j B[j][t]} over its items
 * (binary, as in the fit; repeated items count repeatedly). A profile without any candidate item
 * ranks the candidates by their noisy counts, and so does every profile when the denoising kept no
 * eigenpair ({@link #rank()} 0 with low-rank factors: {@code B = 0}, which carries no
 * co-purchase signal; without candidate selection the items are then ranked by the noisy Gram
 * diagonal, the same counts). Items outside the candidates score below every
 * candidate, in the order of their noisy counts (ties: lower index first). Every score is finite.
 * A customer is scored from her own profile, which the caller holds (joint differential privacy).
 *
 * <h2>Persistence</h2>
 * {@link #save} / {@link #load} use {@code ModelIo} (model type {@code dp-ease}, layout 2): the
 * parameters, the {@link #guarantee()} of the fit, the catalogue ids ({@code item-ids}) and the
 * release: {@code weights} ({@code n × n}), or {@code rank}, {@code factors} ({@code n × R}, {@code
 * R = min(rank parameter, n)}, columns beyond {@code rank} zero) and {@code diag-p}; with candidate
 * selection {@code candidate} (0/1 per item) and {@code noisy-counts} (per item); with cohort counts
 * ({@link DpEase.Builder#cohortCounts}) {@code cohorts} and {@code cohort-counts} ({@code cohorts ×
 * n}, the cohort definitions being public). Every section's
 * length is fixed by the catalogue and the parameters: the file is the release and its size does
 * not depend on the number of customers. Layout 1 files, which held the training profiles, are
 * refused (refit). A loaded model scores bit for bit as the saved one and reports the same
 * guarantee; like every {@link PrivateModel} it has no method that refits or charges a budget.
 *
 * <p>Immutable and thread-safe.
 */
public final class DpEaseModel implements PrivateModel, Explainable {
  private final DpEase config;
  private final int n;
  private final float[] weights; // dense: B[j][t] at j·n + t; null when low rank
  private final float[] factors; // low rank: W, n × r; null when dense
  private final int rank;
  private final float[] diagP;
  private final int[] candidates; // increasing item indices, or null: every item
  private final boolean[] isCandidate; // null: every item
  private final float[] noisyCounts; // every item's noisy count, or null: every item is a candidate
  private final int[] nonCandidateRank; // per item: rank among the non-candidates by noisy count; null: none
  private final int numNonCandidates;
  private final PrivacyGuarantee guarantee;
  private final float[][] cohortCounts; // [cohort][item], or null: no cohort counts released

  private DpEaseModel(DpEase config, int n, float[] weights, float[] factors, int rank, float[] diagP,
      int[] candidates, float[] noisyCounts, PrivacyGuarantee guarantee, float[][] cohortCounts) {
    this.config = config;
    this.cohortCounts = cohortCounts;
    this.guarantee = guarantee;
    this.n = n;
    this.weights = weights;
    this.factors = factors;
    this.rank = rank;
    this.diagP = diagP;
    this.candidates = candidates;
    this.noisyCounts = noisyCounts;
    if (candidates == null) {
      this.isCandidate = null;
      this.nonCandidateRank = null;
      this.numNonCandidates = 0;
      return;
    }
    this.isCandidate = new boolean[n];
    for (int c : candidates) {
      isCandidate[c] = true;
    }
    Integer[] others = new Integer[n - candidates.length];
    for (int i = 0, k = 0; i < n; i++) {
      if (!isCandidate[i]) {
        others[k++] = i;
      }
    }
    // Highest noisy count first; ties by index (a stable sort of increasing indices).
    Arrays.sort(others, (a, b) -> Float.compare(noisyCounts[b], noisyCounts[a]));
    this.nonCandidateRank = new int[n];
    for (int r = 0; r < others.length; r++) {
      nonCandidateRank[others[r]] = r;
    }
    this.numNonCandidates = others.length;
  }

  static DpEaseModel dense(DpEase config, float[] weights) {
    return dense(config, weights, null, null);
  }

  /** Dense weights with rows and columns of non-candidates zero; every item's noisy count. */
  static DpEaseModel dense(DpEase config, float[] weights, int[] candidates, float[] noisyCounts) {
    return new DpEaseModel(config, config.catalogue.size(), weights, null, 0, null, candidates, noisyCounts,
        config.guarantee(), null);
  }

  /** {@code B[j][t] = (w_j·w_t)/P[t][t]} off the diagonal, from {@code W} ({@code n × r}). */
  static DpEaseModel lowRank(DpEase config, float[] factors, int rank, float[] diagP) {
    return lowRank(config, factors, rank, diagP, null, null);
  }

  /** Low rank with zero factor rows for non-candidates; every item's noisy count. */
  static DpEaseModel lowRank(DpEase config, float[] factors, int rank, float[] diagP, int[] candidates,
      float[] noisyCounts) {
    return new DpEaseModel(config, config.catalogue.size(), null, factors, rank, diagP, candidates, noisyCounts,
        config.guarantee(), null);
  }

  /**
   * The candidate items (increasing indices) the private statistics cover, or every item when the
   * model was fitted without candidate selection. Other items score below every candidate, in the
   * order of their noisy counts.
   */
  public int[] candidates() {
    if (candidates != null) {
      return candidates.clone();
    }
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }

  /**
   * Every item's released noisy count (the candidate selection's release; a copy), or an empty
   * array when the model was fitted without candidate selection.
   */
  public float[] noisyCounts() {
    return noisyCounts == null ? new float[0] : noisyCounts.clone();
  }

  /** The configuration the model was fitted with. */
  public DpEase config() {
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
    return n;
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

  /**
   * The number of eigenpairs the denoised model keeps: 0 for a dense model (the full noisy matrix
   * inverted) and for a denoised one that kept none (then {@code B = 0} and profiles are ranked
   * by popularity, see the class documentation).
   */
  public int rank() {
    return rank;
  }

  @Override
  public void scoreProfile(int[] items, float[] profileWeights, float[] scores) {
    Profile.check(items, profileWeights, n);
    score(items, scores);
  }

  /**
   * The profile's candidate items (every item without candidate selection), or 0 when the
   * denoising kept no eigenpair: the profile's other items add nothing to its scores (see {@link
   * #scoreProfile}). Post-processing of the release and the profile.
   */
  @Override
  public int describedItems(int[] items) {
    if (keptNoEigenpair()) {
      return 0;
    }
    if (isCandidate == null) {
      return items.length;
    }
    int described = 0;
    for (int j : items) {
      if (isCandidate[j]) {
        described++;
      }
    }
    return described;
  }

  private void score(int[] items, float[] scores) {
    checkScores(scores);
    // No private co-purchase statistic describes the profile when it holds no candidate, or when
    // the denoising kept no eigenpair (B = 0): rank by popularity.
    if (keptNoEigenpair() || (isCandidate != null && !hasCandidate(items))) {
      popularityScores(scores);
      return;
    }
    candidateScores(items, scores);
    if (isCandidate != null) {
      placeNonCandidates(scores);
    }
  }

  /**
   * Every item by its released popularity: the candidates by their noisy counts (non-candidates
   * below them), or, without candidate selection, by {@code −P[t][t]}, which with no eigenpair is
   * {@code −1/(max(0, noisy diagonal) + λ)} and so follows the noisy diagonal, i.e. the items'
   * noisy counts.
   */
  private void popularityScores(float[] scores) {
    if (isCandidate == null) {
      for (int t = 0; t < n; t++) {
        scores[t] = -diagP[t];
      }
      return;
    }
    for (int c : candidates) {
      scores[c] = noisyCounts[c];
    }
    placeNonCandidates(scores);
  }

  /**
   * Scores the non-candidates below the lowest candidate score, in the order of their noisy counts:
   * finite, distinct steps of at least 1 (more where the scores' magnitude needs it).
   */
  private void placeNonCandidates(float[] scores) {
    if (numNonCandidates == 0) {
      return;
    }
    double lowest = 0;
    boolean any = false;
    for (int c : candidates) {
      lowest = any ? Math.min(lowest, scores[c]) : scores[c];
      any = true;
    }
    double base = lowest - 1 - Math.abs(lowest);
    double step = Math.max(1, 2 * Math.ulp((float) (Math.abs(base) + numNonCandidates)));
    for (int t = 0; t < n; t++) {
      if (!isCandidate[t]) {
        scores[t] = (float) Math.max(base - nonCandidateRank[t] * step, -Float.MAX_VALUE);
      }
    }
  }

  /** True if the denoising kept no eigenpair ({@code B = 0}): every profile is ranked by popularity. */
  private boolean keptNoEigenpair() {
    return weights == null && rank == 0;
  }

  private boolean hasCandidate(int[] items) {
    for (int j : items) {
      if (isCandidate[j]) {
        return true;
      }
    }
    return false;
  }

  private void candidateScores(int[] items, float[] scores) {
    float[] ones = new float[items.length];
    Arrays.fill(ones, 1f);
    if (weights != null) {
      Arrays.fill(scores, 0f);
      ScoringKernels.addWeightedRows(weights, items, ones, scores);
      return;
    }
    // Σ_j B[j][t] = (z·w_t − Σ_{j=t} ‖w_t‖²)/P[t][t] with z = Σ_j w_j: the diagonal of B is 0.
    // (rank 0, B = 0, is scored by popularity in score().)
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
   * is their sum in increasing item order. For an item outside the candidates every contribution
   * is 0: its {@link #scoreProfile} score only places it below the candidates, by noisy count.
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
    CorePreconditions.checkLength("scores", scores.length, "numItems()", n);
  }

  /**
   * The model's state for {@code ModelIo} (arrays shared where possible): parameters, guarantee,
   * {@code item-ids}, with selection {@code candidate} and {@code noisy-counts}, and {@code weights}
   * ({@code n × n}) or {@code rank}, {@code factors} ({@code n × R}, zero-padded) and {@code
   * diag-p} for a low-rank model, and {@code cohorts} with {@code cohort-counts} (cohort-major)
   * when cohort counts were released. Nothing else: the file is the release.
   */
  ModelIo.Contents toContents() {
    ModelIo.Contents.Builder b = PrivateModelFiles.contents(config, guarantee);
    if (candidates != null) {
      int[] flags = new int[n];
      for (int c : candidates) {
        flags[c] = 1;
      }
      b.ints("candidate", flags).floats("noisy-counts", noisyCounts);
    }
    if (cohortCounts != null) {
      float[] flat = new float[Math.multiplyExact(cohortCounts.length, n)];
      for (int k = 0; k < cohortCounts.length; k++) {
        System.arraycopy(cohortCounts[k], 0, flat, k * n, n);
      }
      b.ints("cohorts", new int[] {cohortCounts.length}).floats("cohort-counts", flat);
    }
    if (weights != null) {
      return b.floats("weights", weights).build();
    }
    int width = paddedRank(config, n);
    float[] padded = factors;
    if (rank != width) {
      padded = new float[n * width];
      for (int i = 0; i < n; i++) {
        System.arraycopy(factors, i * rank, padded, i * width, rank);
      }
    }
    return b.ints("rank", new int[] {rank}).floats("factors", padded).floats("diag-p", diagP).build();
  }

  /** The stored width of the factors: the configured rank, at most the catalogue size. */
  private static int paddedRank(DpEase config, int n) {
    return Math.min(config.rank(), n);
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
  public static DpEaseModel load(Path file) throws IOException {
    return fromContents(ModelIo.read(file));
  }

  /**
   * Rebuilds a model from its contents.
   *
   * @throws IllegalArgumentException naming the source if the contents are not a valid dp-ease
   *     model: wrong type or layout, unknown or invalid parameters, a guarantee that does not match
   *     them, arrays of the wrong length, or non-finite values
   */
  static DpEaseModel fromContents(ModelIo.Contents c) {
    PrivateModelFiles.Loaded<DpEase> loaded = PrivateModelFiles.read(c, DpEase.NAME, p -> DpEase.savedBuilder(p).build());
    DpEase config = loaded.config();
    boolean lowRank = c.sectionNames().contains("rank");
    int n = loaded.numItems();
    if (!lowRank && n > Ease.LIMIT_ITEMS) {
      throw new IllegalArgumentException(c.source() + ": a dense dp-ease model holds at most " + Ease.LIMIT_ITEMS
          + " items");
    }
    int[] candidates = c.sectionNames().contains("candidate") ? candidates(c, n) : null;
    float[] noisyCounts = candidates == null ? null
        : PrivateModelFiles.finite(c, "noisy-counts", c.floats("noisy-counts"), n);
    if (!lowRank) {
      float[] b = PrivateModelFiles.finite(c, "weights", c.floats("weights"), (long) n * n);
      return new DpEaseModel(config, n, b, null, 0, null, candidates, noisyCounts, loaded.guarantee(),
          cohortCounts(c, config, n));
    }
    int width = paddedRank(config, n);
    int r = PrivateModelFiles.single(c, "rank", 0, width);
    float[] stored = PrivateModelFiles.finite(c, "factors", c.floats("factors"), (long) n * width);
    float[] w = stored;
    if (r != width) {
      w = new float[n * r];
      for (int i = 0; i < n; i++) {
        System.arraycopy(stored, i * width, w, i * r, r);
      }
    }
    float[] diag = PrivateModelFiles.finite(c, "diag-p", c.floats("diag-p"), n);
    for (float d : diag) {
      if (!(d > 0)) {
        throw new IllegalArgumentException(c.source() + ": section 'diag-p' must hold positive values");
      }
    }
    return new DpEaseModel(config, n, null, w, r, diag, candidates, noisyCounts, loaded.guarantee(),
        cohortCounts(c, config, n));
  }

  /**
   * The {@code cohorts} and {@code cohort-counts} sections, present exactly when the parameters
   * name a {@code cohort-share}; null without them.
   */
  private static float[][] cohortCounts(ModelIo.Contents c, DpEase config, int n) {
    boolean present = c.sectionNames().contains("cohort-counts");
    if (present != (config.cohortShare() > 0)) {
      throw new IllegalArgumentException(c.source() + ": section 'cohort-counts' must be present exactly when the"
          + " parameters set cohort-share");
    }
    if (!present) {
      return null;
    }
    int cohorts = PrivateModelFiles.single(c, "cohorts", 1, Integer.MAX_VALUE);
    float[] flat = PrivateModelFiles.finite(c, "cohort-counts", c.floats("cohort-counts"), (long) cohorts * n);
    float[][] out = new float[cohorts][];
    for (int k = 0; k < cohorts; k++) {
      out[k] = Arrays.copyOfRange(flat, k * n, (k + 1) * n);
    }
    return out;
  }

  /**
   * This release with the per-cohort counts released in the same fit ({@link
   * DpEase.Builder#cohortCounts}), described by {@code config} (which must hold no cohort function).
   */
  DpEaseModel withCohortCounts(DpEase config, float[][] counts) {
    return new DpEaseModel(config, n, weights, factors, rank, diagP, candidates, noisyCounts, guarantee, counts);
  }

  /** The number of cohorts whose item counts this release holds (0: none). */
  public int numCohorts() {
    return cohortCounts == null ? 0 : cohortCounts.length;
  }

  /**
   * Cohort {@code cohort}'s noisy item counts, indexed like {@link #items()} (a copy): per item, the
   * sum over the cohort's members who hold it of {@code c_k² ≈ 1/√k} ({@code k} her bounded row
   * length) plus Gaussian noise ({@link DpEase#cohortNoiseStandardDeviation()}), so customers with
   * short rows weigh more; may be negative.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 ≤ cohort < numCohorts()}
   */
  public float[] noisyCohortCounts(int cohort) {
    java.util.Objects.checkIndex(cohort, numCohorts());
    return cohortCounts[cohort].clone();
  }

  /** The {@code candidate} section: 0/1 per item; the indices of the 1s, increasing. */
  private static int[] candidates(ModelIo.Contents c, int n) {
    int[] flags = c.ints("candidate");
    PrivateModelFiles.checkLength(c, "candidate", flags.length, n);
    int count = 0;
    for (int f : flags) {
      if (f != 0 && f != 1) {
        throw new IllegalArgumentException(c.source() + ": section 'candidate' must hold 0 or 1 per item");
      }
      count += f;
    }
    int[] v = new int[count];
    for (int i = 0, k = 0; i < n; i++) {
      if (flags[i] == 1) {
        v[k++] = i;
      }
    }
    return v;
  }

  @Override
  public String toString() {
    return "DpEaseModel{items=" + n + ", " + config + "}";
  }
}
