package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.dp.internal.DpItemKnnRelease;
import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.cf.internal.Profile;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.internal.CsrTranspose;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.model.PrivacyGuarantee;
import io.privrec.core.model.PrivateModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A fitted {@link DpItemKnn} model: the differentially private release over the public catalogue
 * (kept item pairs with noisy co-occurrence counts, noisy item counts) and the similarities
 * computed from it alone. The whole model is the release: (ε, δ)-differentially private for
 * add/remove-one-customer neighbours, the privacy unit being one customer and all her data (see
 * {@link DpItemKnn}); it keeps no customer's row or id and may be published. {@link #items()} is
 * exactly the catalogue, in its order. Every customer is scored from her own profile ({@link
 * #scoreProfile}), which the caller holds: joint differential privacy.
 *
 * <p>Scores: with first-order scores {@code f(t) = Σ_{j ∈ profile} sim(t, j)} over the kept
 * neighbours of {@code t}, {@code s(t) = f(t) + h · Σ_k f(k) sim(t, k) + w · c(t)/max c}, where
 * {@code h} is the two-hop weight (items similar to the items similar to the profile: the sparse
 * private graph's transitive links), {@code w} the popularity weight and {@code c} the noisy item
 * counts (negative read as 0). Profile weights are ignored (binary); repeated profile items count
 * repeatedly. Scores are finite.
 *
 * <h2>Persistence</h2>
 * {@link #save} / {@link #load} use {@code ModelIo} (model type {@code dp-item-knn}, layout 2):
 * the parameters, the {@link #guarantee()} of the fit, the catalogue ids ({@code item-ids}) and the
 * release as the model uses it (noisy item counts in user units, the number of released pairs,
 * each target's kept neighbours with their similarities). The file is the release: its size
 * depends on the catalogue and on the number of kept neighbour entries (a function of the release,
 * at most {@code n·min(neighbours, n − 1)}), never on the number of customers. Layout 1 files,
 * which held the training profiles, are refused (refit). A loaded model scores bit for bit as the
 * saved one and reports the same guarantee; like every {@link PrivateModel} it has no method that
 * refits or charges a budget.
 *
 * <p>Immutable and thread-safe.
 */
public final class DpItemKnnModel implements PrivateModel {
  private final DpItemKnn config;
  private final int numItems;
  private final int releasedPairs;
  private final double[] itemCounts;
  private final float[] prior;
  // Kept neighbours by target: row t lists (source j, sim(t, j)), j increasing.
  private final int[] targetPtr;
  private final int[] targetIdx;
  private final float[] targetSim;
  // Transposed for scoring: row j lists (target t, sim(t, j)).
  private final int[] sourcePtr;
  private final int[] sourceIdx;
  private final float[] sourceSim;
  /** Per-thread scratch for first-order scores (all zero between calls). */
  private final ThreadLocal<float[]> firstOrder;
  private final PrivacyGuarantee guarantee;

  private DpItemKnnModel(DpItemKnn config, int releasedPairs, double[] itemCounts, int[] targetPtr,
      int[] targetIdx, float[] targetSim, PrivacyGuarantee guarantee) {
    this.config = config;
    this.guarantee = guarantee;
    this.numItems = itemCounts.length;
    this.releasedPairs = releasedPairs;
    this.itemCounts = itemCounts;
    this.targetPtr = targetPtr;
    this.targetIdx = targetIdx;
    this.targetSim = targetSim;
    double max = 0;
    for (double c : itemCounts) {
      max = Math.max(max, c);
    }
    prior = new float[numItems];
    for (int i = 0; i < numItems; i++) {
      prior[i] = max > 0 ? (float) (config.popularityWeight() * Math.max(itemCounts[i], 0) / max) : 0f;
    }
    firstOrder = ThreadLocal.withInitial(() -> new float[numItems]);
    CsrTranspose sources = CsrTranspose.withValues(numItems, targetPtr, targetIdx, targetSim);
    sourcePtr = sources.pointers();
    sourceIdx = sources.rows();
    sourceSim = sources.values();
  }

  /** Builds the model from a release; {@code scale} converts counts to user units. */
  static DpItemKnnModel create(DpItemKnn config, DpItemKnnRelease release, double scale) {
    int n = release.numItems();
    double[] counts = new double[n];
    for (int i = 0; i < n; i++) {
      counts[i] = release.itemCounts()[i] / scale;
    }
    int[] ptr = release.pointers();
    int[] nb = release.neighbours();
    long[] values = release.values();
    // Symmetric candidate lists: pair (i, j) is a candidate of both i and j.
    int[] degree = new int[n + 1];
    for (int i = 0; i < n; i++) {
      for (int p = ptr[i]; p < ptr[i + 1]; p++) {
        degree[i + 1]++;
        degree[nb[p] + 1]++;
      }
    }
    for (int i = 0; i < n; i++) {
      degree[i + 1] += degree[i];
    }
    long[] keys = new long[degree[n]];
    int[] fill = Arrays.copyOf(degree, n);
    for (int i = 0; i < n; i++) {
      for (int p = ptr[i]; p < ptr[i + 1]; p++) {
        int j = nb[p];
        double norm = Math.sqrt(Math.max(counts[i], 0) * Math.max(counts[j], 0));
        float sim = (float) (values[p] / scale / (norm + config.options().shrink()));
        if (sim > 0 && Float.isFinite(sim)) {
          keys[fill[i]++] = key(sim, j);
          keys[fill[j]++] = key(sim, i);
        }
      }
    }
    int kept = 0;
    int[] keptPtr = new int[n + 1];
    for (int t = 0; t < n; t++) {
      // Best `neighbours` by similarity (ties: lower index), then re-keyed by index.
      Arrays.sort(keys, degree[t], fill[t]);
      int take = Math.min(fill[t] - degree[t], config.options().neighbours());
      long[] best = Arrays.copyOfRange(keys, fill[t] - take, fill[t]);
      for (int k = 0; k < take; k++) {
        best[k] = ((long) ~(int) best[k] << 32) | (best[k] >>> 32);
      }
      Arrays.sort(best);
      System.arraycopy(best, 0, keys, kept, take);
      kept += take;
      keptPtr[t + 1] = kept;
    }
    int[] idx = new int[kept];
    float[] sims = new float[kept];
    for (int k = 0; k < kept; k++) {
      idx[k] = (int) (keys[k] >>> 32);
      sims[k] = Float.intBitsToFloat((int) keys[k]);
    }
    return new DpItemKnnModel(config, nb.length, counts, keptPtr, idx, sims, config.guarantee());
  }

  /** Positive floats order like their bit patterns; {@code ~j} puts the lower index last among ties. */
  private static long key(float sim, int j) {
    return ((long) Float.floatToRawIntBits(sim) << 32) | (~j & 0xffffffffL);
  }

  /** The configuration the model was fitted with. */
  public DpItemKnn config() {
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

  /** Number of item pairs in the private release (before the per-target neighbour cut). */
  public int releasedPairs() {
    return releasedPairs;
  }

  /**
   * The released noisy item count in user units (weighted by the configured user weighting; may be
   * negative).
   *
   * @throws IllegalArgumentException if {@code item} is out of range
   */
  public double noisyItemCount(int item) {
    Profile.checkItem(item, numItems);
    return itemCounts[item];
  }

  /**
   * The similarity used to score {@code target} from a profile containing {@code source}: 0 if
   * {@code source} is not among {@code target}'s kept neighbours.
   *
   * @throws IllegalArgumentException if an index is out of range
   */
  public float similarity(int target, int source) {
    Profile.checkItem(target, numItems);
    Profile.checkItem(source, numItems);
    int p = Arrays.binarySearch(targetIdx, targetPtr[target], targetPtr[target + 1], source);
    return p >= 0 ? targetSim[p] : 0f;
  }

  @Override
  public void scoreProfile(int[] items, float[] weights, float[] scores) {
    Profile.check(items, weights, numItems);
    checkScores(scores);
    score(items, 0, items.length, scores);
  }

  /** Prior plus first-order scores, plus the two-hop term when its weight is positive. */
  private void score(int[] items, int from, int to, float[] scores) {
    System.arraycopy(prior, 0, scores, 0, numItems);
    float hop = (float) config.twoHopWeight();
    if (hop == 0) {
      for (int p = from; p < to; p++) {
        accumulate(items[p], 1f, scores);
      }
      return;
    }
    float[] first = firstOrder.get();
    for (int p = from; p < to; p++) {
      accumulate(items[p], 1f, first);
    }
    for (int t = 0; t < numItems; t++) {
      float f = first[t];
      if (f != 0) {
        scores[t] += f;
        accumulate(t, hop * f, scores);
        first[t] = 0;
      }
    }
  }

  private void accumulate(int source, float weight, float[] scores) {
    for (int p = sourcePtr[source], end = sourcePtr[source + 1]; p < end; p++) {
      scores[sourceIdx[p]] += weight * sourceSim[p];
    }
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
   * {@code item-ids}, {@code released-pairs}, {@code item-counts} and the neighbour lists {@code
   * nbr-ptr}, {@code nbr-items}, {@code nbr-sims}. Nothing else: the file is the release.
   */
  ModelIo.Contents toContents() {
    return PrivateModelFiles.contents(config, guarantee)
        .ints("released-pairs", new int[] {releasedPairs})
        .doubles("item-counts", itemCounts)
        .ints("nbr-ptr", targetPtr)
        .ints("nbr-items", targetIdx)
        .floats("nbr-sims", targetSim)
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
  public static DpItemKnnModel load(Path file) throws IOException {
    return fromContents(ModelIo.read(file));
  }

  /**
   * Rebuilds a model from its contents.
   *
   * @throws IllegalArgumentException naming the source if the contents are not a valid dp-item-knn
   *     model: wrong type or layout, unknown or invalid parameters, a guarantee that does not match
   *     them, or inconsistent, out-of-range or non-finite arrays
   */
  static DpItemKnnModel fromContents(ModelIo.Contents c) {
    PrivateModelFiles.Loaded<DpItemKnn> loaded = PrivateModelFiles.read(c, "dp-item-knn",
        p -> DpItemKnn.savedBuilder(p).build());
    int n = loaded.numItems();
    int pairs = PrivateModelFiles.single(c, "released-pairs", 0, Integer.MAX_VALUE);
    double[] counts = PrivateModelFiles.finite(c, "item-counts", c.doubles("item-counts"), n);
    int[] ptr = c.ints("nbr-ptr");
    int[] idx = c.ints("nbr-items");
    float[] sim = c.floats("nbr-sims");
    PrivateModelFiles.checkLength(c, "nbr-ptr", ptr.length, n + 1L);
    PrivateModelFiles.checkLength(c, "nbr-sims", sim.length, idx.length);
    if (ptr[0] != 0 || ptr[n] != idx.length) {
      throw new IllegalArgumentException(c.source() + ": nbr-ptr must run from 0 to the number of neighbours");
    }
    for (int t = 0; t < n; t++) {
      if (ptr[t + 1] < ptr[t]) {
        throw new IllegalArgumentException(c.source() + ": neighbour pointers decrease at item " + t);
      }
      for (int p = ptr[t]; p < ptr[t + 1]; p++) {
        if (idx[p] < 0 || idx[p] >= n || (p > ptr[t] && idx[p] <= idx[p - 1]) || !(sim[p] > 0 && Float.isFinite(sim[p]))) {
          throw new IllegalArgumentException(c.source() + ": invalid neighbour entry of item " + t + " at position " + p);
        }
      }
    }
    return new DpItemKnnModel(loaded.config(), pairs, counts, ptr, idx, sim, loaded.guarantee());
  }

  @Override
  public String toString() {
    return "DpItemKnnModel{items=" + numItems + ", releasedPairs=" + releasedPairs + ", config=" + config + "}";
  }
}
