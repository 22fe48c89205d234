package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.IalsSolver;
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
 * A fitted {@link DpIals} model: the differentially private item factors over the public
 * catalogue. The whole model is the release: (ε, δ)-differentially private for
 * add/remove-one-customer neighbours, the privacy unit being one customer and all her data (see
 * {@link DpIals}); it keeps no customer's factors, row or id and may be published. {@link #items()}
 * is exactly the catalogue, in its order.
 *
 * <p>Every customer is scored from her own profile, which the caller holds: {@link #scoreProfile}
 * folds the profile in exactly (Cholesky) against the private item factors with the fit's
 * confidences {@code 1 + α/√k} for a profile of {@code k} items, and scores by dot products. What
 * she sees depends on the other customers only through the release (joint differential privacy).
 * {@link #explain} attributes that score to the profile's own items.
 *
 * <h2>Persistence</h2>
 * {@link #save} / {@link #load} use {@code ModelIo} (model type {@code dp-ials}, layout 2): the
 * parameters, the {@link #guarantee()} of the fit, the catalogue ids ({@code item-ids}), {@code
 * shape = [items, factors]} and {@code item-factors} (the item Gram matrix is recomputed). The file
 * is the release: its size does not depend on the number of customers. Layout 1 files, which held
 * the training customers' factors, are refused (refit). A loaded model scores bit for bit as the
 * saved one and reports the same guarantee; like every {@link PrivateModel} it has no method that
 * refits or charges a budget.
 *
 * <p>Immutable and thread-safe.
 */
public final class DpIalsModel implements PrivateModel, Explainable {
  private final DpIals config;
  private final int numItems;
  private final float[] items;
  private final float[] itemGram;
  private final PrivacyGuarantee guarantee;

  DpIalsModel(DpIals config, int numItems, float[] items, float[] itemGram) {
    this(config, numItems, items, itemGram, config.guarantee());
  }

  private DpIalsModel(DpIals config, int numItems, float[] items, float[] itemGram, PrivacyGuarantee guarantee) {
    this.config = config;
    this.guarantee = guarantee;
    this.numItems = numItems;
    this.items = items;
    this.itemGram = itemGram;
  }

  /** The configuration this model was fitted with. */
  public DpIals config() {
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
    return numItems;
  }

  /** A copy of the private item factors, row-major {@code numItems × factors}. */
  public float[] itemFactors() {
    return items.clone();
  }

  /**
   * Scores a profile by folding it in; an empty profile scores every item 0.
   *
   * @throws IllegalArgumentException for an invalid profile or a wrong {@code scores} length
   */
  @Override
  public void scoreProfile(int[] itemIndices, float[] weights, float[] scores) {
    checkScores(scores);
    ScoringKernels.scoreAll(items, foldIn(itemIndices, weights), scores);
  }

  /**
   * The factors of a profile given the private item factors (exact Cholesky solve; weights are
   * ignored, as in the fit; a repeated item counts once per occurrence).
   *
   * @throws IllegalArgumentException for mismatched lengths, an index out of range, or a weight
   *     that is not finite and positive
   */
  public float[] foldIn(int[] itemIndices, float[] weights) {
    Profile.check(itemIndices, weights, numItems);
    float[] x = new float[config.factors()];
    IalsSolver s = solver();
    s.solveCholesky(profileRow(itemIndices), 0, items, itemGram, x, null, numItems, s.new Scratch());
    return x;
  }

  /**
   * Explains the {@link #foldIn} score of {@code item} by the item-based decomposition of Hu, Koren
   * &amp; Volinsky (2008, §5), as the non-private iALS does: with {@code W} the inverse of the
   * profile's system matrix built from the private item factors, profile item {@code j}
   * contributes {@code (1 + α/√k)·y_itemᵀ·W·y_j} ({@code k} profile items; weights are ignored, as
   * in the fit), and the contributions sum to the {@link #scoreProfile} score up to rounding. The
   * explanation reads only the given
   * profile and the released item factors, so shown to the customer herself it keeps the joint
   * differential privacy of her recommendations. An empty profile has score 0 and no reasons.
   * Cost O(k·f² + f³).
   */
  @Override
  public Explanation explain(int[] profileItems, float[] weights, int item, int maxReasons) {
    Profile profile = Profile.of(profileItems, weights, numItems);
    Profile.checkItem(item, numItems);
    int[] js = profile.items();
    float[] contributions = new float[js.length];
    double score = 0;
    if (js.length > 0) {
      score = solver().decompose(profileRow(js), items, itemGram, numItems, item, contributions);
    }
    return Explanation.ofTop(item, (float) score, js, contributions, maxReasons);
  }

  /** The fit's confidences {@code α/√k} on a profile of {@code k} items (binary, as in the fit). */
  private IalsSolver.Csr profileRow(int[] itemIndices) {
    int n = itemIndices.length;
    float[] aw = new float[n];
    Arrays.fill(aw, (float) (config.alpha() / Math.sqrt(n)));
    return new IalsSolver.Csr(new int[] {0, n}, itemIndices.clone(), aw, numItems);
  }

  private IalsSolver solver() {
    return new IalsSolver(config.factors(), config.alpha(), config.lambda(), config.regExponent(), 1);
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
    CorePreconditions.checkLength("scores", scores.length, "numItems()", numItems);
  }

  /**
   * The model's state for {@code ModelIo} (arrays shared, not copied): parameters, guarantee,
   * {@code item-ids}, {@code shape = [items, factors]} and {@code item-factors}. Nothing else: the
   * file is the release.
   */
  ModelIo.Contents toContents() {
    return PrivateModelFiles.contents(config, guarantee)
        .ints("shape", new int[] {numItems, config.factors()})
        .floats("item-factors", items)
        .build();
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
  public static DpIalsModel load(Path file) throws IOException {
    return fromContents(ModelIo.read(file));
  }

  /**
   * Rebuilds a model from its contents (the item Gram matrix is recomputed).
   *
   * @throws IllegalArgumentException naming the source if the contents are not a valid dp-ials
   *     model: wrong type or layout, unknown or invalid parameters, a guarantee that does not match
   *     them, a shape that does not match the catalogue and factors, or non-finite factors
   */
  static DpIalsModel fromContents(ModelIo.Contents c) {
    PrivateModelFiles.Loaded<DpIals> loaded = PrivateModelFiles.read(c, DpIals.NAME, p -> DpIals.savedBuilder(p).build());
    DpIals config = loaded.config();
    int f = config.factors();
    int n = loaded.numItems();
    int[] shape = c.ints("shape");
    if (shape.length != 2 || shape[0] != n || shape[1] != f) {
      throw new IllegalArgumentException(c.source() + ": shape must be [items = " + n + ", factors = " + f
          + "]. Provided: " + Arrays.toString(shape));
    }
    float[] items = PrivateModelFiles.finite(c, "item-factors", c.floats("item-factors"), (long) n * f);
    float[] gram = new IalsSolver(f, config.alpha(), config.lambda(), config.regExponent(), 1).gram(items, n);
    return new DpIalsModel(config, n, items, gram, loaded.guarantee());
  }

  @Override
  public String toString() {
    return "DpIalsModel{items=" + numItems + ", " + config + "}";
  }
}
