package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.Ease;
import io.privrec.core.cf.internal.Profile;
import io.privrec.core.cf.internal.UserRows;
import io.privrec.core.model.Explainable;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.ModelIo;
import io.privrec.core.model.PrivacyGuarantee;
import io.privrec.core.model.PrivateModel;
import io.privrec.core.scoring.ScoringKernels;
import java.io.IOException;
import java.nio.file.Path;
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
 * <h2>Persistence</h2>
 * {@link #save} / {@link #load} use {@link ModelIo} (model type {@code dp-ease}, layout 1): the
 * parameters, the {@link #guarantee()} of the fit, the release ({@code B}, or its low-rank factors)
 * and the training profiles, as the non-private {@link io.privrec.core.cf.EaseModel} stores them.
 * A loaded model scores bit for bit as the saved one and reports the same guarantee; like every
 * {@link PrivateModel} it has no method that refits or charges a budget.
 *
 * <p>Immutable and thread-safe.
 */
public final class DpEaseModel implements PrivateModel, Explainable {
  private final DpEase config;
  private final UserRows rows;
  private final int n;
  private final float[] weights; // dense: B[j][t] at j·n + t; null when low rank
  private final float[] factors; // low rank: W, n × r; null when dense
  private final int rank;
  private final float[] diagP;
  private final int[] candidates; // increasing item indices, or null: every item
  private final boolean[] isCandidate; // null: every item
  private final float[] popularity; // noisy counts of the candidates, or null: every item
  private final PrivacyGuarantee guarantee;

  private DpEaseModel(DpEase config, UserRows rows, float[] weights, float[] factors, int rank, float[] diagP,
      int[] candidates, float[] popularity, PrivacyGuarantee guarantee) {
    this.config = config;
    this.guarantee = guarantee;
    this.rows = rows;
    this.n = rows.numItems();
    this.weights = weights;
    this.factors = factors;
    this.rank = rank;
    this.diagP = diagP;
    this.candidates = candidates;
    this.popularity = popularity;
    if (candidates == null) {
      this.isCandidate = null;
    } else {
      this.isCandidate = new boolean[n];
      for (int c : candidates) {
        isCandidate[c] = true;
      }
    }
  }

  static DpEaseModel dense(DpEase config, UserRows rows, float[] weights) {
    return dense(config, rows, weights, null, null);
  }

  /** Dense weights with rows and columns of non-candidates zero; the candidates' noisy counts. */
  static DpEaseModel dense(DpEase config, UserRows rows, float[] weights, int[] candidates, float[] popularity) {
    return new DpEaseModel(config, rows, weights, null, 0, null, candidates, popularity, config.guarantee());
  }

  /** {@code B[j][t] = (w_j·w_t)/P[t][t]} off the diagonal, from {@code W} ({@code n × r}). */
  static DpEaseModel lowRank(DpEase config, UserRows rows, float[] factors, int rank, float[] diagP) {
    return lowRank(config, rows, factors, rank, diagP, null, null);
  }

  /** Low rank with zero factor rows for non-candidates; the candidates' noisy counts. */
  static DpEaseModel lowRank(DpEase config, UserRows rows, float[] factors, int rank, float[] diagP, int[] candidates,
      float[] popularity) {
    return new DpEaseModel(config, rows, null, factors, rank, diagP, candidates, popularity, config.guarantee());
  }

  /**
   * The candidate items (increasing indices) the private statistics cover, or every item when the
   * model was fitted without candidate selection. Other items score {@link
   * DpEase#NON_CANDIDATE_SCORE}, below every candidate.
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

  /** The configuration the model was fitted with. */
  public DpEase config() {
    return config;
  }

  @Override
  public PrivacyGuarantee guarantee() {
    return guarantee;
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

  /** The rank of the denoised Gram matrix, or 0 for the full one. */
  public int rank() {
    return rank;
  }

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
    if (isCandidate != null && !hasCandidate(items)) {
      // No private statistic describes this profile: rank the candidates by their noisy counts.
      Arrays.fill(scores, DpEase.NON_CANDIDATE_SCORE);
      for (int c = 0; c < candidates.length; c++) {
        scores[candidates[c]] = popularity[c];
      }
      return;
    }
    candidateScores(items, scores);
    if (isCandidate != null) {
      for (int t = 0; t < n; t++) {
        if (!isCandidate[t]) {
          scores[t] = DpEase.NON_CANDIDATE_SCORE;
        }
      }
    }
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
    if (rank == 0) {
      Arrays.fill(scores, 0f); // every eigenvalue was non-positive: B = 0
      return;
    }
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
      contributions[k] = rawWeight(items[k], item);
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

  /**
   * The model's state for {@link ModelIo} (arrays shared, not copied): parameters, guarantee,
   * {@code num-items}, the training profiles, and {@code weights} ({@code n × n}) or {@code rank},
   * {@code factors} ({@code n × rank}) and {@code diag-p} for a low-rank model.
   */
  @Override
  public ModelIo.Contents toContents() {
    ModelIo.Contents.Builder b = PrivateModelFiles.withRows(PrivateModelFiles.contents(config, guarantee), rows)
        .ints("num-items", new int[] {n});
    if (candidates != null) {
      b.ints("candidates", candidates).floats("popularity", popularity);
    }
    if (weights != null) {
      return b.floats("weights", weights).build();
    }
    return b.ints("rank", new int[] {rank}).floats("factors", factors).floats("diag-p", diagP).build();
  }

  /**
   * Loads a model saved by {@link #save}, charging nothing.
   *
   * @throws IOException naming the file if it cannot be read, is truncated or corrupted
   * @throws IllegalArgumentException naming the file as {@link #fromContents}
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
  public static DpEaseModel fromContents(ModelIo.Contents c) {
    PrivateModelFiles.Loaded<DpEase> loaded = PrivateModelFiles.read(c, DpEase.NAME, p -> DpEase.savedBuilder(p).build());
    boolean lowRank = c.sectionNames().contains("rank");
    // A low-rank model over candidates may cover any catalogue; a dense one holds n² weights.
    int n = PrivateModelFiles.single(c, "num-items", 0, lowRank ? Integer.MAX_VALUE : Ease.LIMIT_ITEMS);
    UserRows rows = PrivateModelFiles.rows(c, n);
    int[] candidates = c.sectionNames().contains("candidates") ? candidates(c, n) : null;
    float[] popularity = candidates == null ? null
        : PrivateModelFiles.finite(c, "popularity", c.floats("popularity"), candidates.length);
    if (!lowRank) {
      float[] b = PrivateModelFiles.finite(c, "weights", c.floats("weights"), (long) n * n);
      return new DpEaseModel(loaded.config(), rows, b, null, 0, null, candidates, popularity, loaded.guarantee());
    }
    int r = PrivateModelFiles.single(c, "rank", 0, n);
    float[] w = PrivateModelFiles.finite(c, "factors", c.floats("factors"), (long) n * r);
    float[] diag = PrivateModelFiles.finite(c, "diag-p", c.floats("diag-p"), n);
    for (float d : diag) {
      if (!(d > 0)) {
        throw new IllegalArgumentException(c.source() + ": section 'diag-p' must hold positive values. Provided value: "
            + d);
      }
    }
    return new DpEaseModel(loaded.config(), rows, null, w, r, diag, candidates, popularity, loaded.guarantee());
  }

  /** The {@code candidates} section: strictly increasing item indices in {@code [0, n)}. */
  private static int[] candidates(ModelIo.Contents c, int n) {
    int[] v = c.ints("candidates");
    for (int k = 0; k < v.length; k++) {
      if (v[k] < 0 || v[k] >= n || (k > 0 && v[k] <= v[k - 1])) {
        throw new IllegalArgumentException(c.source() + ": section 'candidates' must hold strictly increasing item"
            + " indices in [0, " + n + "). Provided value at " + k + ": " + v[k]);
      }
    }
    return v;
  }

  @Override
  public String toString() {
    return "DpEaseModel{users=" + numUsers() + ", items=" + n + ", " + config + "}";
  }
}
