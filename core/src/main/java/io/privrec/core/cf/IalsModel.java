package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.IalsSolver;
import io.privrec.core.cf.internal.ModelFiles;
import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.cf.internal.Params;
import io.privrec.core.cf.internal.Profile;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.Explainable;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.model.SavableModel;
import io.privrec.core.scoring.internal.FloatKernelsProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A fitted iALS model: the item ids it was fitted on and their factors, with the item Gram
 * matrix {@code YᵀY} precomputed for fold-in. It holds item-side statistics only: no customer's
 * factors. Every customer is scored by {@linkplain #foldIn folding in} her profile; erasure
 * re-solves the item factors ({@link #forget}); persistence through {@code ModelIo} (model type
 * {@code "ials"}, layout 2: parameters, {@code shape = [items, factors]}, {@code item-ids}
 * (String[], in index order) and {@code item-factors}; nothing grows with the number of
 * customers; layout-1 files, which held the customers' factors, are refused: refit).
 *
 * <p>Scores are dot products x·y_i of the profile's folded-in factors x with the item factors
 * (finite for finite factors; not probabilities). Immutable and thread-safe: every accessor
 * returns a copy, and every call uses per-thread scratch space.
 */
public final class IalsModel implements ItemScorer, Explainable, SavableModel {
  static final String TYPE = "ials";
  static final int LAYOUT = 2;

  private final Ials config;
  private final IdIndex ids;
  private final int numItems;
  private final float[] items;
  private final float[] itemGram;
  /** Single-threaded solver for fold-in: immutable, shared by all threads. */
  private final IalsSolver foldInSolver;
  /** Per-thread scratch of the fold-in solver (system matrix and right-hand side). */
  private final ThreadLocal<IalsSolver.Scratch> scratch;

  IalsModel(Ials config, IdIndex ids, float[] items, float[] itemGram) {
    this.config = config;
    this.ids = ids;
    this.numItems = ids.size();
    this.items = items;
    this.itemGram = itemGram;
    this.foldInSolver = config.newSolver(1);
    IalsSolver s = foldInSolver;
    this.scratch = ThreadLocal.withInitial(() -> s.new Scratch());
  }

  /** The configuration this model was fitted with. */
  public Ials algorithm() {
    return config;
  }

  /** Number of latent factors f. */
  public int factors() {
    return config.options().factors();
  }

  /** The item ids the model was fitted on, in index order. */
  @Override
  public IdIndex items() {
    return ids;
  }

  @Override
  public int numItems() {
    return numItems;
  }

  /** A copy of the item factors, row-major {@code numItems × factors}. */
  public float[] itemFactors() {
    return items.clone();
  }

  /**
   * A copy of item {@code item}'s factors.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= item < numItems()}
   */
  public float[] itemVector(int item) {
    Objects.checkIndex(item, numItems);
    int f = config.options().factors();
    return Arrays.copyOfRange(items, item * f, (item + 1) * f);
  }

  /**
   * Scores a profile by {@linkplain #foldIn folding it in}; an empty profile scores every item 0.
   *
   * @throws IllegalArgumentException as {@link #foldIn}, or if {@code scores} has the wrong length
   */
  @Override
  public void scoreProfile(int[] itemIndices, float[] weights, float[] scores) {
    checkScores(scores);
    float[] x = foldIn(itemIndices, weights);
    FloatKernelsProvider.kernels().gemv(items, numItems, config.options().factors(), x, 0, scores, 0);
  }

  /**
   * Solves the factors of a profile with the item factors fixed: exactly the user half-step of
   * training applied to one row (Cholesky in double against the precomputed {@code YᵀY},
   * O(|profile|·f² + f³)). For a training customer's own items and weights this reproduces her
   * trained factors (exactly with the Cholesky solver, to CG accuracy otherwise). A repeated
   * item counts once per occurrence. Nothing about the profile is retained. Thread-safe.
   *
   * @param itemIndices item indices in [0, numItems)
   * @param weights weights aligned with {@code itemIndices}, finite and {@code > 0}
   * @return the profile's factors (length {@link #factors()}); zeros for an empty profile
   * @throws IllegalArgumentException for mismatched lengths, an index out of range or a weight
   *     that is not finite and positive (naming the entry)
   */
  public float[] foldIn(int[] itemIndices, float[] weights) {
    Profile.check(itemIndices, weights, numItems);
    float[] x = new float[config.options().factors()];
    foldInSolver.solveCholesky(profileRow(itemIndices, weights), 0, items, itemGram, x, null, numItems,
        scratch.get());
    return x;
  }

  /**
   * Explains the fold-in score of {@code item} by the item-based decomposition of Hu, Koren
   * &amp; Volinsky (2008, §5): with W = (YᵀC·Y + reg·I)⁻¹ the profile's inverse system matrix,
   * the score is y_i·x = Σ_j c_j·(y_iᵀ·W·y_j), and profile item j contributes c_j·y_iᵀ·W·y_j
   * (c_j = 1 + α·w_j). The contributions sum to the {@link #foldIn} score. Cost O(n·f² + f³).
   */
  @Override
  public Explanation explain(int[] profileItems, float[] weights, int item, int maxReasons) {
    Profile profile = Profile.of(profileItems, weights, numItems);
    Profile.checkItem(item, numItems);
    CorePreconditions.checkNonNegative("maxReasons", maxReasons);
    int[] js = profile.items();
    float[] contributions = new float[js.length];
    double score = foldInSolver.decompose(profileRow(js, profile.weights()), items, itemGram, numItems, item,
        contributions);
    return Explanation.ofTop(item, (float) score, js, contributions, maxReasons);
  }

  private IalsSolver.Csr profileRow(int[] itemIndices, float[] weights) {
    float[] aw = new float[itemIndices.length];
    for (int q = 0; q < aw.length; q++) {
      aw[q] = IalsSolver.confidenceExcess(config.options().alpha(), weights[q]);
    }
    return new IalsSolver.Csr(new int[] {0, itemIndices.length}, itemIndices.clone(), aw, numItems);
  }

  /**
   * The model after the erasure of customers, re-solved from {@link Erasure#after()} (the data
   * without them): every remaining customer's factors are folded in (exact Cholesky solves)
   * against the current item factors, then every item's factors are re-solved exactly from
   * them (one Cholesky half-step), with the regularisation's customer count reduced by the
   * erased ones. Nothing of the erased customers' rows enters the new item factors, but the
   * current item factors still carry their trace through the other customers' fold-in: {@link
   * ModelUpdate#APPROXIMATE_RETRAIN_RECOMMENDED}. Cost of one alternating iteration, O(nnz·f² +
   * (customers + items)·f³), on the configured threads. The receiver is unchanged.
   *
   * @throws IllegalArgumentException if {@code erasure.before()} has another number of items
   */
  @Override
  public ModelUpdate.Result forget(Erasure erasure) {
    ModelFiles.checkErasure(erasure, numItems);
    InteractionMatrix after = erasure.after();
    int f = config.options().factors();
    int numUsers = after.numUsers();
    float[] users = new float[numUsers * f];
    float[] newItems = items.clone();
    double alpha = config.options().alpha();
    IalsSolver s = config.newSolver(config.options().threads());
    IalsSolver.Csr rows = IalsSolver.Csr.rowsOf(after, alpha);
    // Erased customers have empty rows in after: their folded-in factors are zero.
    s.halfStep(rows, items, itemGram, users, 0, null, numItems);
    s.halfStep(rows.transposed(), users, s.gram(users, numUsers), newItems, 0, null, numUsers - erasure.size());
    float[] newGram = s.gram(newItems, numItems);
    return new ModelUpdate.Result(new IalsModel(config, ids, newItems, newGram),
        ModelUpdate.APPROXIMATE_RETRAIN_RECOMMENDED);
  }

  /**
   * The training objective (see {@link Ials}) of this model on {@code train}, with every
   * customer's factors folded in from her row (exact solves; for a model fitted with the
   * Cholesky solver these are her trained factors up to rounding). Cost O(nnz·f² + users·f³).
   *
   * @throws IllegalArgumentException if {@code train} has another number of items
   */
  public double loss(InteractionMatrix train) {
    checkItems(train);
    int f = config.options().factors();
    float[] users = new float[train.numUsers() * f];
    IalsSolver s = config.newSolver(config.options().threads());
    IalsSolver.Csr rows = IalsSolver.Csr.rowsOf(train, config.options().alpha());
    s.halfStep(rows, items, itemGram, users, 0, null, numItems);
    return s.loss(rows, rows.transposed(), users, items);
  }

  /** The training objective with the given customer factors (diagnostics of the fit). */
  double loss(InteractionMatrix train, float[] userFactors) {
    checkItems(train);
    IalsSolver.Csr rows = IalsSolver.Csr.rowsOf(train, config.options().alpha());
    return config.newSolver(1).loss(rows, rows.transposed(), userFactors, items);
  }

  private void checkItems(InteractionMatrix train) {
    requireNonNull(train, "train");
    if (train.numItems() != numItems) {
      throw CorePreconditions.fail("train", "must have numItems() equal to the model's numItems() = " + numItems,
          train.numItems());
    }
  }

  private void checkScores(float[] scores) {
    requireNonNull(scores, "scores");
    CorePreconditions.checkLength("scores", scores.length, "numItems()", numItems);
  }

  /**
   * The model's state for {@code ModelIo}: its parameters, shape {@code [items, factors]}, the
   * item ids and the item factors (shared, not copied).
   */
  ModelIo.Contents toContents() {
    return ModelIo.Contents.builder(TYPE, LAYOUT)
        .parameters(config.parameters())
        .ints("shape", new int[] {numItems, config.options().factors()})
        .strings(ModelFiles.ITEM_IDS, ModelFiles.itemIds(ids))
        .floats("item-factors", items)
        .build();
  }

  /**
   * Saves the model to {@code file} (atomically, checksummed; see {@code ModelIo}).
   *
   * @throws IOException if the file cannot be written; the file is then left as it was
   */
  @Override
  public void save(Path file) throws IOException {
    ModelIo.write(file, toContents());
  }

  /**
   * Loads a model saved by {@link #save}; it scores bit-for-bit like the saved one. Its {@link
   * #items()} are the ids stored in the file: a caller scoring profiles indexed by another item
   * index must compare {@code items().ids()} with that index first.
   *
   * @throws IOException naming the file if it cannot be read, is truncated or corrupted
   * @throws IllegalArgumentException naming the file if it holds another model type, an older
   *     layout (which held customer factors: refit) or inconsistent contents
   */
  public static IalsModel load(Path file) throws IOException {
    return fromContents(ModelIo.read(file));
  }

  /**
   * Rebuilds a model from its contents (the item Gram matrix is recomputed).
   *
   * @throws IllegalArgumentException naming the source if the contents are not a valid iALS
   *     model of layout 2: wrong type or layout, unknown or invalid parameters, a shape that does
   *     not match the item ids or factors, or non-finite factors
   */
  static IalsModel fromContents(ModelIo.Contents c) {
    requireNonNull(c, "contents");
    ModelFiles.requireLayout(c, TYPE, LAYOUT);
    String source = c.source();
    Params params = new Params(TYPE, c.parameters());
    Ials config = Ials.fromParams(params);
    params.checkNoneUnknown();
    IdIndex ids = ModelFiles.readItems(c);
    int[] shape = c.ints("shape");
    if (shape.length != 2 || shape[0] != ids.size() || shape[1] != config.options().factors()) {
      throw new IllegalArgumentException(source + ": shape must be [items = " + ids.size() + ", factors = "
          + config.options().factors() + "]. Provided: " + Arrays.toString(shape));
    }
    float[] items = c.floats("item-factors");
    checkFactors(source, "item-factors", items, shape[0], config.options().factors());
    float[] gram = config.newSolver(1).gram(items, shape[0]);
    return new IalsModel(config, ids, items, gram);
  }

  private static void checkFactors(String source, String name, float[] values, int rows, int factors) {
    if ((long) rows * factors != values.length) {
      throw new IllegalArgumentException(source + ": " + name + " holds " + values.length + " values, expected "
          + rows + " × " + factors);
    }
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(source + ": " + name + " contains a non-finite value: " + v);
      }
    }
  }

  @Override
  public String toString() {
    return "IalsModel{items=" + numItems + ", factors=" + config.options().factors() + "}";
  }
}
