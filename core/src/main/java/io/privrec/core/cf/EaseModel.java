package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.EaseDowndate;
import io.privrec.core.cf.internal.EaseSolver;
import io.privrec.core.cf.internal.ModelFiles;
import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.cf.internal.Params;
import io.privrec.core.cf.internal.Profile;
import io.privrec.core.cf.internal.UserRows;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.Explainable;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.model.SavableModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A fitted {@link Ease} model: the item ids it was fitted on, the dense weight matrix {@code B}
 * (single precision, row-major, row = profile item) and the diagonal of {@code P = (XᵀX +
 * λI)⁻¹}. It holds item-side statistics only: no customer's row. Every customer is scored from
 * her profile.
 *
 * <h2>Scoring</h2>
 * {@code scores = Σ_j x_j · B[j][·]}: only the rows of the profile's items are read, each in one
 * vectorisable pass. Repeated profile items count repeatedly.
 *
 * <h2>Erasure</h2>
 * {@code B} depends on every customer through {@code XᵀX}. {@link #forget} downdates {@code P} by
 * the erased rows, read from {@link Erasure#before()} (Woodbury): about {@code n²·k/2} flops for
 * {@code k} customers against {@code n³} for a fit, with weights equal to the refit's up to
 * single-precision rounding. Larger batches, and a downdate that rounding makes indefinite, refit
 * from {@link Erasure#after()} instead (the fit is deterministic: bit for bit the model trained on
 * that data). {@link #forget(InteractionMatrix, Supplier)} does the same from the erased rows alone
 * and a refit supplied by the caller, for data held elsewhere (e.g. a cluster). With {@code
 * binarize=false} the downdate removes the erased rows' exact weights, while a fit sums the
 * products rounded to the fixed point of {@link ItemPairCounts}: the two differ by that rounding
 * too, far below single precision.
 *
 * <h2>Persistence</h2>
 * {@link #save} / {@link #load} use {@code ModelIo} (model type {@code ease}, layout 3): sections
 * {@code item-ids} (String[], the item ids in index order), {@code weights} ({@code B}, 4·n²
 * bytes) and {@code inverse-diagonal} (the diagonal of {@code P}, n doubles); nothing grows with
 * the number of customers. Older layouts, which held the training profiles, are refused (refit).
 *
 * <p>Immutable and thread-safe.
 */
public final class EaseModel implements ItemScorer, Explainable, SavableModel {
  static final String TYPE = "ease";
  static final int LAYOUT = 3;

  private final Ease config;
  private final IdIndex items;
  private final int n;
  private final float[] weights; // B[j][t] at j·n + t
  private final double[] inverseDiagonal; // P[t][t]

  private EaseModel(Ease config, IdIndex items, float[] weights, double[] inverseDiagonal) {
    this.config = config;
    this.items = items;
    this.n = items.size();
    this.weights = weights;
    this.inverseDiagonal = inverseDiagonal;
  }

  static EaseModel fit(Ease config, InteractionMatrix train, FitListener listener) {
    // The rows are read during the fit only; the model keeps item-side statistics. The exact sums
    // of ItemPairCounts (of, or ofWeights) are converted to double row by row as they are summed:
    // the same triangle as lowerTriangle() of the statistic, without holding it whole.
    UserRows rows = UserRows.of(train);
    int n = rows.numItems();
    double[][] a = config.binarize()
        ? EaseSolver.fixedPointGram(rows.pointers(), rows.items(), null, 0, n, listener, "gram", 0.0, 0.05)
        : EaseSolver.fixedPointGram(rows.pointers(), rows.items(), rows.weights(), ItemPairCounts.fractionBits(train),
            n, listener, "gram", 0.0, 0.05);
    return fromGram(config, train.items(), a, listener);
  }

  /**
   * Fits from the lower triangle {@code a} of the Gram matrix over {@code items} (consumed: λ is
   * added to its diagonal in place). Progress stages: {@code inverse}, {@code weights}.
   */
  static EaseModel fromGram(Ease config, IdIndex items, double[][] a, FitListener listener) {
    int n = a.length;
    double lambda = config.lambda();
    checkScale(config, a);
    for (int i = 0; i < n; i++) {
      a[i][i] += lambda;
    }
    double[] diagonal = new double[n];
    float[] b;
    try {
      b = EaseSolver.weights(a, diagonal, listener, 0.05, 0.95, 1.0);
    } catch (ArithmeticException e) {
      // Not expected once checkScale passed, but rounding may still defeat a tiny λ.
      throw new IllegalArgumentException("ease: XᵀX + λI is not positive definite to working precision with lambda = "
          + lambda + " (" + e.getMessage() + "); raise lambda" + (config.binarize() ? "" : " or use binarize=true"), e);
    }
    return new EaseModel(config, items, b, diagonal);
  }

  /** Largest allowed ratio of the largest Gram diagonal entry to λ: beyond it λ vanishes in rounding. */
  static final double MAX_SCALE_OVER_LAMBDA = 1e12;

  /**
   * Checks, before the inverse, that λ does not vanish against the Gram diagonal: an item's
   * {@code Σ_u x_ui²} (the weights' scale squared times its number of customers) must be at most
   * {@code 1e12·λ}. Legal weights near {@code Float.MAX_VALUE} give entries near {@code 1e77}, for
   * which {@code XᵀX + λI} is singular in double precision. The message holds no data value.
   */
  private static void checkScale(Ease config, double[][] gram) {
    double max = 0;
    for (int i = 0; i < gram.length; i++) {
      max = Math.max(max, gram[i][i]);
    }
    double lambda = config.lambda();
    if (max > MAX_SCALE_OVER_LAMBDA * lambda) {
      throw new IllegalArgumentException("ease: lambda = " + lambda + " is too small for the scale of the weights:"
          + " the rule is lambda >= 1e-12 · max_i Σ_u x_ui² (the largest diagonal entry of XᵀX), else λ vanishes in"
          + " rounding and XᵀX + λI cannot be inverted reliably. "
          + (config.binarize() ? "Raise lambda (at most 1e12)."
              : "Use binarize=true, scale the weights down, or raise lambda (at most 1e12)."));
    }
  }

  /** The configuration the model was fitted with. */
  public Ease config() {
    return config;
  }

  /** The item ids the model was fitted on, in index order. */
  @Override
  public IdIndex items() {
    return items;
  }

  @Override
  public int numItems() {
    return n;
  }

  /**
   * The weight {@code B[from][to]}: how much having {@code from} in a profile adds to {@code to}'s
   * score (0 on the diagonal).
   *
   * @throws IllegalArgumentException if an index is out of range
   */
  public float weight(int from, int to) {
    Profile.checkItem(from, n);
    Profile.checkItem(to, n);
    return weights[from * n + to];
  }

  @Override
  public void scoreProfile(int[] items, float[] weights, float[] scores) {
    Profile.check(items, weights, n);
    checkScores(scores);
    Arrays.fill(scores, 0f);
    for (int k = 0; k < items.length; k++) {
      accumulate(items[k], config.value(weights[k]), scores);
    }
  }

  private void accumulate(int source, float x, float[] scores) {
    float[] b = weights;
    int off = source * n;
    for (int t = 0; t < scores.length; t++) {
      scores[t] += x * b[off + t];
    }
  }

  private void checkScores(float[] scores) {
    requireNonNull(scores, "scores");
    CorePreconditions.checkLength("scores", scores.length, "numItems()", n);
  }

  /**
   * Contribution of profile item {@code j} is {@code x_j · B[j][item]}; the score is their sum in
   * increasing item order (equal to {@link #scoreProfile}'s for a profile in that order).
   * Negative contributions lower the score but are not reasons.
   */
  @Override
  public Explanation explain(int[] profileItems, float[] weights, int item, int maxReasons) {
    Profile profile = Profile.of(profileItems, weights, n);
    Profile.checkItem(item, n);
    int[] items = profile.items();
    float[] contributions = new float[items.length];
    float score = 0f;
    for (int k = 0; k < items.length; k++) {
      contributions[k] = config.value(profile.weights()[k]) * this.weights[items[k] * n + item];
      score += contributions[k];
    }
    return Explanation.ofTop(item, score, items, contributions, maxReasons);
  }

  /**
   * The model without the erased customers. Their rows are read from {@link Erasure#before()} and
   * {@code P = (XᵀX + λI)⁻¹} is downdated by them (a rank-k Woodbury update) when that is cheaper
   * than a fit ({@code k} customers with interactions, at most a quarter of the items) — about
   * {@code n²·k/2} flops against {@code n³}. The weights then equal a refit's up to
   * single-precision rounding (a few units in the last place); rounding of successive downdates
   * accumulates, so refit now and then. Otherwise (larger batches, or a downdate that rounding
   * makes indefinite) the model is refitted from {@link Erasure#after()}, bit for bit. Either way
   * {@link ModelUpdate#EXACT}; the receiver is unchanged.
   *
   * @throws IllegalArgumentException if {@code erasure.before()} has another number of items
   */
  @Override
  public ModelUpdate.Result forget(Erasure erasure) {
    ModelFiles.checkErasure(erasure, n);
    return new ModelUpdate.Result(downdateOrRefit(erasure.before(), erasure.users(), () -> refit(erasure.after())),
        ModelUpdate.EXACT);
  }

  /**
   * The model without the customers whose rows are {@code erased} (a matrix holding only them, on
   * this model's items), for a caller that holds the remaining data elsewhere (e.g. a cluster):
   * exactly {@link #forget(Erasure)}'s update. {@code P} is downdated by the rows with
   * interactions, taken in {@code erased}'s user order, when {@link #downdates} accepts their number;
   * otherwise, or if rounding makes the downdate indefinite, the model is {@code refit.get()}: the
   * model fitted on the remaining data with this configuration. So with the same rows in the same
   * order (customers in the order of the training matrix) and a refit bit for bit {@code
   * config().fit(after, ...)}, the result is bit for bit {@code forget(new Erasure(before, after,
   * users))}'s. Cost about {@code n²·k/2} flops for {@code k} rows, or the refit's. The receiver is
   * unchanged.
   *
   * @param erased the erased customers' rows only (customers without interactions are ignored)
   * @param refit the model fitted without the erased customers; called at most once
   * @return the updated model, on this model's items
   * @throws IllegalArgumentException if {@code erased}'s items are not this model's (same ids in the
   *     same order), or the refit has another configuration or other items
   * @throws NullPointerException if an argument is null, or the refit returns null
   */
  public EaseModel forget(InteractionMatrix erased, Supplier<EaseModel> refit) {
    requireNonNull(erased, "erased");
    requireNonNull(refit, "refit");
    if (!erased.items().ids().equals(items.ids())) {
      throw new IllegalArgumentException("erased rows must be on the model's items (" + n + ", same ids in the same"
          + " order). Provided: " + erased.numItems() + " items");
    }
    return downdateOrRefit(erased, IntStream.range(0, erased.numUsers()).toArray(), () -> {
      EaseModel m = requireNonNull(refit.get(), "refit.get()");
      if (!m.config.parameters().equals(config.parameters()) || !m.items.ids().equals(items.ids())) {
        throw new IllegalArgumentException("the refit must have the model's configuration " + config + " and items ("
            + n + "). Provided: " + m);
      }
      return new EaseModel(config, items, m.weights, m.inverseDiagonal);
    });
  }

  /**
   * True if {@link #forget} downdates a batch of {@code customers} erased customers with
   * interactions rather than refitting: when the downdate is cheaper than a fit, at most a quarter
   * of the items ({@code 0 < customers <= numItems() / 4}).
   */
  public boolean downdates(long customers) {
    return customers > 0 && customers <= n / 4;
  }

  /** Downdates by the rows {@code users} of {@code data}, or {@code refit}s (see {@link #forget}). */
  private EaseModel downdateOrRefit(InteractionMatrix data, int[] users, Supplier<EaseModel> refit) {
    int[] removed = Arrays.stream(users).filter(u -> data.rowLength(u) > 0).toArray();
    if (removed.length == 0) {
      return this;
    }
    if (!downdates(removed.length)) {
      return refit.get();
    }
    int[] ptr = new int[removed.length + 1];
    for (int r = 0; r < removed.length; r++) {
      ptr[r + 1] = ptr[r] + data.rowLength(removed[r]);
    }
    int[] erasedItems = new int[ptr[removed.length]];
    float[] values = new float[erasedItems.length];
    for (int r = 0; r < removed.length; r++) {
      int u = removed[r];
      for (int p = data.rowStart(u), q = ptr[r]; p < data.rowEnd(u); p++, q++) {
        erasedItems[q] = data.itemAt(p);
        values[q] = config.value(data.weightAt(p));
      }
    }
    double[] diagonal = new double[n];
    try {
      return new EaseModel(config, items, EaseDowndate.downdate(weights, inverseDiagonal, ptr, erasedItems, values,
          diagonal), diagonal);
    } catch (ArithmeticException e) {
      return refit.get();
    }
  }

  /** The model fitted on {@code after}, keeping this model's item ids. */
  private EaseModel refit(InteractionMatrix after) {
    EaseModel m = fit(config, after, FitListener.NONE);
    return new EaseModel(config, items, m.weights, m.inverseDiagonal);
  }

  ModelIo.Contents toContents() {
    return ModelIo.Contents.builder(TYPE, LAYOUT)
        .parameters(config.parameters())
        .strings(ModelFiles.ITEM_IDS, ModelFiles.itemIds(items))
        .floats("weights", weights)
        .doubles("inverse-diagonal", inverseDiagonal)
        .build();
  }

  /**
   * Saves the model to {@code file} (atomically, checksummed; see {@code ModelIo}).
   *
   * @throws IOException if the file cannot be written
   */
  @Override
  public void save(Path file) throws IOException {
    ModelIo.write(file, toContents());
  }

  /**
   * Loads a model saved by {@link #save}. Its {@link #items()} are the ids stored in the file:
   * a caller scoring profiles indexed by another item index must compare {@code items().ids()}
   * with that index first.
   *
   * @throws IOException naming the file if it cannot be read, is truncated or corrupted
   * @throws IllegalArgumentException naming the file if it holds another model type, an older
   *     layout (which held customer rows: refit) or inconsistent contents
   */
  public static EaseModel load(Path file) throws IOException {
    return fromContents(ModelIo.read(file));
  }

  /**
   * Rebuilds a model from its contents.
   *
   * @throws IllegalArgumentException naming the source if the contents are not a valid EASE model
   *     of layout 3
   */
  static EaseModel fromContents(ModelIo.Contents c) {
    requireNonNull(c, "contents");
    ModelFiles.requireLayout(c, TYPE, LAYOUT);
    String source = c.source();
    Params params = new Params(TYPE, c.parameters());
    Ease config = Ease.fromParams(params);
    params.checkNoneUnknown();
    IdIndex items = ModelFiles.readItems(c);
    int n = items.size();
    if (n > Ease.LIMIT_ITEMS) {
      throw new IllegalArgumentException(source + ": item-ids must hold at most " + Ease.LIMIT_ITEMS
          + " ids. Provided: " + n);
    }
    float[] b = c.floats("weights");
    if (b.length != n * n) {
      throw new IllegalArgumentException(source + ": weights hold " + b.length + " values, expected " + n + "² = " + n * n);
    }
    for (float x : b) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException(source + ": weights contain a non-finite value");
      }
    }
    double[] diagonal = c.doubles("inverse-diagonal");
    if (diagonal.length != n) {
      throw new IllegalArgumentException(source + ": inverse-diagonal holds " + diagonal.length + " values, expected "
          + n);
    }
    for (double d : diagonal) {
      if (!(d > 0 && Double.isFinite(d))) {
        throw new IllegalArgumentException(source + ": inverse-diagonal must be finite and > 0. Provided value: " + d);
      }
    }
    return new EaseModel(config, items, b, diagonal);
  }

  @Override
  public String toString() {
    return "EaseModel{items=" + n + ", " + config + "}";
  }
}
