package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.CoOccurrence;
import io.privrec.core.cf.internal.ModelFiles;
import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.cf.internal.Params;
import io.privrec.core.cf.internal.Profile;
import io.privrec.core.cf.internal.UserRows;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.data.internal.CsrTranspose;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.internal.parallel.Parallel;
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

/**
 * A fitted {@link ItemKnn} model: the item ids it was fitted on, the full sparse co-occurrence
 * statistics and each item's kept neighbours. It holds item-side statistics only: no customer's
 * row. Every customer is scored from her profile.
 *
 * <h2>Scoring</h2>
 * {@link #scoreProfile} accumulates, for each profile item {@code j}, {@code x_j · sim(t, j)} into
 * the targets {@code t} whose neighbour lists contain {@code j} (primitive arrays, no boxing);
 * untouched items score 0. Repeated profile items count repeatedly.
 *
 * <h2>Erasure</h2>
 * {@link #forget} returns the model fitted without the erased customers' rows:
 * <ul>
 *   <li>weighting {@code none} and {@code tfidf}: the erased rows, read from {@link
 *       Erasure#before()} and transformed exactly as at fit (a customer's values depend only on her
 *       own row), are subtracted from the co-occurrence statistics and only the neighbour lists that
 *       can change are selected anew; cost about the erased rows' item pairs plus one pass over the
 *       statistics of the items they touch. Supports, and therefore {@code min-support} cuts and
 *       which pairs exist, are always exact. With {@code binarize=true} the statistics are exact
 *       integer sums (counts, and for {@code tfidf} fixed-point sums of {@code idf²}, see {@link
 *       ItemKnn#valueSumsSpec(int)}), so the result is bit for bit the model fitted from scratch
 *       (for {@code tfidf} while every value sum is below {@code 2^27} in units of {@code idf²});
 *   <li>{@code binarize=false} (weighting {@code none} or {@code tfidf}): the statistics are
 *       fixed-point sums of the values' products at the scale {@code F} the fit chose from its data
 *       ({@link ItemKnn#valueFractionBits}), which the model keeps ({@link #valueSumsSpec()}; saved
 *       in its file). The erased rows' sums are computed at the model's {@code F}: they are at most
 *       the model's sums, which are exact integers below {@code 2^53}, so they cannot overflow and
 *       the subtraction in double is exact. The result is bit for bit the model fitted from the
 *       remaining rows' sums at the model's {@code F}. {@code F} is a function of every customer's
 *       weights, so it must not outlive the erased ones: {@link #forget(Erasure)} first applies
 *       the rule to {@link Erasure#after()} (one pass over its rows) and, if it gives another
 *       {@code F} (only ever finer: erasure only lowers the counts and maxima the rule reads),
 *       refits from it; either way the result is bit for bit the fresh fit. {@link
 *       #forget(ItemCoCounts, ItemCoCounts)} cannot see the remaining rows and keeps the model's
 *       {@code F}: it equals the fresh fit whenever the rule gives the remaining rows that {@code
 *       F}, and otherwise differs from it only by the fixed-point rounding of each product (at
 *       most {@code 2^-(F+1)}) and the recorded scale. A model
 *       loaded from a file saved before exact sums (no scale) subtracts the erased rows' values
 *       summed in floating point, as it did: similarities agree with a refit up to double rounding
 *       (about 1e-15 relative);
 *   <li>weighting {@code bm25}: values depend on every customer's data (item lengths), so the
 *       model is refitted from {@link Erasure#after()} — exact, at the cost of a fit.
 * </ul>
 * {@link #forget(ItemCoCounts, ItemCoCounts)} does the same update from the erased customers'
 * sums computed elsewhere (weighting {@code none} or {@code tfidf}; with {@code binarize=false} at
 * the model's scale, {@link #valueSumsSpec()}), for a cluster that holds the rows. The erased data
 * is not retained by the returned model; the receiver is unchanged.
 *
 * <h2>Persistence</h2>
 * {@link #save} / {@link #load} use {@code ModelIo} (model type {@code item-knn}, layout 2):
 * sections {@code item-ids} (String[], the item ids in index order), {@code item-support}, {@code
 * item-squares}, {@code co-ptr}, {@code co-items}, {@code co-support}, {@code co-dot} (only for
 * non-binary values), {@code value-fraction-bits} (one int, the scale {@code F}: only for {@code
 * binarize=false} models fitted from exact sums), {@code nbr-ptr}, {@code nbr-items}, {@code
 * nbr-sims}. Their sizes depend on the items and co-occurring pairs, never on the number of
 * customers. Files saved before exact sums have no {@code value-fraction-bits} section: they load
 * and score exactly as before, and forget as before. Layout-1 files, which held the training
 * profiles, are refused (refit).
 *
 * <p>Immutable and thread-safe.
 */
public final class ItemKnnModel implements ItemScorer, Explainable, SavableModel {
  static final String TYPE = "item-knn";
  static final int LAYOUT = 2;
  /** Section holding the scale {@code F} of a {@code binarize=false} model fitted from exact sums. */
  static final String VALUE_FRACTION_BITS = "value-fraction-bits";
  /** {@link #valueFractionBits} of a model without a scale of its own. */
  private static final int NO_SCALE = Integer.MIN_VALUE;

  private final ItemKnn config;
  private final IdIndex items;
  private final CoOccurrence co;
  // binarize=false: the scale F of the exact value sums, or NO_SCALE for floating-point sums (bm25,
  // files saved before exact sums); NO_SCALE with binarize=true (its scale is the configuration's).
  private final int valueFractionBits;
  // Neighbours by target: row t lists (source j, sim(t, j)), j increasing.
  private final int[] targetPtr;
  private final int[] targetIdx;
  private final float[] targetSim;
  // Transposed, for scoring: row j lists (target t, sim(t, j)), t increasing.
  private final int[] sourcePtr;
  private final int[] sourceIdx;
  private final float[] sourceSim;

  private ItemKnnModel(ItemKnn config, IdIndex items, CoOccurrence co, int valueFractionBits, int[] targetPtr,
      int[] targetIdx, float[] targetSim) {
    this.config = config;
    this.items = items;
    this.co = co;
    this.valueFractionBits = valueFractionBits;
    this.targetPtr = targetPtr;
    this.targetIdx = targetIdx;
    this.targetSim = targetSim;
    CsrTranspose sources = CsrTranspose.withValues(co.numItems(), targetPtr, targetIdx, targetSim);
    sourcePtr = sources.pointers();
    sourceIdx = sources.rows();
    sourceSim = sources.values();
  }

  static ItemKnnModel fit(ItemKnn config, InteractionMatrix train, FitListener listener) {
    // The rows are read during the fit only; the model keeps the statistics.
    UserRows rows = UserRows.of(train);
    int n = rows.numItems();
    if (!config.binarize() && config.usesValueSums()) {
      // Exact sums at the scale the data's maxima give, as a cluster computes them.
      int f = valueFractionBits(config, rows);
      ItemCoCounts counts = ItemCoCounts.ofRows(config.statisticsSpec(n), rows.pointers(), rows.items(), listener,
          0.0, 0.4);
      ItemCoCounts sums = ItemCoCounts.ofRows(config.valueSumsSpec(n, f), rows.pointers(), rows.items(),
          rows.weights(), listener, 0.4, 0.8);
      return fit(config, train.items(), counts, sums, listener);
    }
    if (config.binarize()) {
      // Exact sums: the same statistics, summed the same way, as a fit from sums computed elsewhere.
      boolean withSums = config.usesValueSums();
      ItemCoCounts counts = ItemCoCounts.ofRows(config.statisticsSpec(n), rows.pointers(), rows.items(), listener, 0.0,
          withSums ? 0.4 : 0.8);
      ItemCoCounts sums = withSums ? ItemCoCounts.ofRows(config.valueSumsSpec(n), rows.pointers(), rows.items(),
          listener, 0.4, 0.8) : null;
      return fit(config, train.items(), counts, sums, listener);
    }
    // bm25 with binarize=false: its values depend on every customer's weights, summed in floating point.
    return fitInFloatingPoint(config, train, rows, listener);
  }

  /**
   * The fit that sums the values {@link ItemKnn#values} in floating point ({@link
   * CoOccurrence#compute}): bm25 with {@code binarize=false}, and how every {@code binarize=false}
   * model was fitted before exact sums (the reference the exact fit is compared with).
   */
  static ItemKnnModel fitInFloatingPoint(ItemKnn config, InteractionMatrix train, UserRows rows,
      FitListener listener) {
    CoOccurrence co = CoOccurrence.compute(rows.numItems(), rows.pointers(), rows.items(), config.values(rows),
        listener, 0.0, 0.8);
    return select(config, train.items(), co, NO_SCALE, listener);
  }

  /** {@link ItemKnn#valueFractionBits} of the rows' item counts, largest weights and shortest rows. */
  private static int valueFractionBits(ItemKnn config, UserRows rows) {
    int n = rows.numItems();
    long[] counts = new long[n];
    float[] maxWeights = new float[n];
    int[] minLengths = new int[n];
    int[] ptr = rows.pointers();
    int[] items = rows.items();
    float[] weights = rows.weights();
    for (int u = 0; u + 1 < ptr.length; u++) {
      int length = ptr[u + 1] - ptr[u];
      for (int p = ptr[u]; p < ptr[u + 1]; p++) {
        int i = items[p];
        minLengths[i] = counts[i]++ == 0 ? length : Math.min(minLengths[i], length);
        maxWeights[i] = Math.max(maxWeights[i], weights[p]);
      }
    }
    return config.valueFractionBits(counts, maxWeights, minLengths);
  }

  /**
   * Fits from exact sums, as {@link ItemKnn#fit(IdIndex, ItemCoCounts,
   * ItemCoCounts, FitListener)}; the caller has checked the specs.
   */
  static ItemKnnModel fit(ItemKnn config, IdIndex items, ItemCoCounts counts, ItemCoCounts valueSums,
      FitListener listener) {
    int scale = config.binarize() ? NO_SCALE : valueSums.spec().fractionBits();
    return select(config, items, statistics(config, counts, valueSums), scale, listener);
  }

  /** The co-occurrence statistics of exact sums: counts alone, or with the fixed-point value sums. */
  private static CoOccurrence statistics(ItemKnn config, ItemCoCounts counts, ItemCoCounts valueSums) {
    if (valueSums == null) {
      return CoOccurrence.binary(counts.itemSums(), counts.pairPointers(), counts.pairColumns(), counts.pairSums());
    }
    if (valueSums.spec().usesWeights()) {
      return CoOccurrence.weightProducts(counts.itemSums(), valueSums.itemSums(), counts.pairPointers(),
          counts.pairColumns(), counts.pairSums(), valueSums.pairPointers(), valueSums.pairColumns(),
          valueSums.pairSums(), valueSums.spec().fractionBits());
    }
    long[] itemCounts = counts.itemSums();
    double[] factors = config.weighting() == ItemKnn.Weighting.BM25 ? config.bm25Factors(itemCounts) : null;
    return CoOccurrence.fixedPoint(itemCounts, valueSums.itemSums(), counts.pairPointers(), counts.pairColumns(),
        counts.pairSums(), valueSums.pairSums(), valueSums.spec().fractionBits(), factors);
  }

  /** Each item's neighbours from the statistics; progress stage {@code neighbours} (0.8 to 1.0). */
  private static ItemKnnModel select(ItemKnn config, IdIndex items, CoOccurrence co, int valueFractionBits,
      FitListener listener) {
    int n = co.numItems();
    Selector selector = new Selector(config, co, null, null, null, null);
    int[][] idx = new int[n][];
    float[][] sim = new float[n][];
    Parallel.forRange(n, 64, Parallel.defaultThreads(), () -> new long[n], (from, to, keys) -> {
      for (int t = from; t < to; t++) {
        selector.select(t, keys, idx, sim);
      }
    }, listener, "neighbours", 0.8, 1.0);
    return assemble(config, items, co, valueFractionBits, idx, sim);
  }

  private static ItemKnnModel assemble(ItemKnn config, IdIndex items, CoOccurrence co, int valueFractionBits,
      int[][] idx, float[][] sim) {
    int n = idx.length;
    int[] ptr = new int[n + 1];
    for (int t = 0; t < n; t++) {
      ptr[t + 1] = ptr[t] + idx[t].length;
    }
    int[] flatIdx = new int[ptr[n]];
    float[] flatSim = new float[ptr[n]];
    for (int t = 0; t < n; t++) {
      System.arraycopy(idx[t], 0, flatIdx, ptr[t], idx[t].length);
      System.arraycopy(sim[t], 0, flatSim, ptr[t], sim[t].length);
    }
    return new ItemKnnModel(config, items, co, valueFractionBits, ptr, flatIdx, flatSim);
  }

  /**
   * Selects targets' neighbour lists from co-occurrence statistics. In incremental mode (after
   * customers were erased) it is given the previous lists and which items were in a removed profile
   * ("touched"): a target that is not touched kept its pairs, its norm and the norms of untouched
   * candidates, so those candidates' similarities are unchanged, while touched candidates lost
   * norm and every similarity is non-increasing in the candidate's norm (for each measure, and in
   * floating point: sqrt, products, sums and divisions round monotonically and {@code Math.pow} is
   * semi-monotonic). A previous neighbour therefore still beats every untouched candidate it beat,
   * so an untouched candidate that was not kept cannot enter: only the previous neighbours and the
   * touched candidates compete, and the result is the list a full selection returns. For every
   * target, the previous neighbours' new keys also bound the new list from below when all of them
   * are still eligible (that many candidates reach their minimum), so only candidates reaching it
   * are ranked.
   */
  private static final class Selector {
    private final ItemKnn config;
    private final CoOccurrence co;
    private final double[] targetFactor;
    private final double[] sourceFactor;
    private final boolean[] touched; // null: full selection for every target
    private final int[] oldPtr;
    private final int[] oldIdx;
    private final float[] oldSim;

    Selector(ItemKnn config, CoOccurrence co, boolean[] touched, int[] oldPtr, int[] oldIdx, float[] oldSim) {
      this.config = config;
      this.co = co;
      this.targetFactor = config.factors(co.itemSquares(), true);
      this.sourceFactor = config.factors(co.itemSquares(), false);
      this.touched = touched;
      this.oldPtr = oldPtr;
      this.oldIdx = oldIdx;
      this.oldSim = oldSim;
    }

    /**
     * Keeps target t's best neighbours, stored in increasing source order; {@code keys} is scratch
     * of length at least numItems.
     */
    void select(int t, long[] keys, int[][] idx, float[][] sim) {
      if (touched == null) {
        keep(t, keys, scan(t, keys, 0), idx, sim);
      } else if (touched[t]) {
        keep(t, keys, scan(t, keys, floor(t, true)), idx, sim);
      } else if (anyTouched(co.neighbours(t))) {
        keep(t, keys, scanChanged(t, keys, floor(t, false)), idx, sim);
      } else {
        idx[t] = Arrays.copyOfRange(oldIdx, oldPtr[t], oldPtr[t + 1]);
        sim[t] = Arrays.copyOfRange(oldSim, oldPtr[t], oldPtr[t + 1]);
      }
    }

    /** Writes the keys of t's eligible candidates that are at least {@code floor}; returns their number. */
    private int scan(int t, long[] keys, long floor) {
      int[] nb = co.neighbours(t);
      int[] sup = co.supports(t);
      double ft = targetFactor[t];
      int minSupport = config.minSupport();
      int size = 0;
      for (int k = 0; k < nb.length; k++) {
        if (sup[k] >= minSupport) {
          int j = nb[k];
          float s = (float) config.similarity(co.dot(t, k), ft, sourceFactor[j]);
          if (s > 0 && Float.isFinite(s)) {
            size = append(keys, size, key(s, j), floor);
          }
        }
      }
      return size;
    }

    /**
     * As {@link #scan} for an untouched target after removals: untouched candidates compete only if
     * they were kept before, with their previous similarity.
     */
    private int scanChanged(int t, long[] keys, long floor) {
      int[] nb = co.neighbours(t);
      int[] sup = co.supports(t);
      double ft = targetFactor[t];
      int minSupport = config.minSupport();
      int old = oldPtr[t];
      int oldEnd = oldPtr[t + 1];
      int size = 0;
      for (int k = 0; k < nb.length; k++) {
        int j = nb[k];
        if (touched[j]) {
          if (sup[k] >= minSupport) {
            float s = (float) config.similarity(co.dot(t, k), ft, sourceFactor[j]);
            if (s > 0 && Float.isFinite(s)) {
              size = append(keys, size, key(s, j), floor);
            }
          }
        } else {
          while (old < oldEnd && oldIdx[old] < j) {
            old++;
          }
          if (old < oldEnd && oldIdx[old] == j) {
            size = append(keys, size, key(oldSim[old], j), floor);
          }
        }
      }
      return size;
    }

    /** Branch-free "if (key >= floor) keys[size++] = key" (keys and floor are non-negative). */
    private static int append(long[] keys, int size, long key, long floor) {
      keys[size] = key;
      return size + (int) ((floor - key - 1) >>> 63);
    }

    /**
     * A key that at least {@code neighbours} candidates of t reach, so only keys reaching it need
     * ranking: the smallest new key among t's previous neighbours when all of them are still
     * eligible and there were {@code neighbours} of them, else 0 (no bound).
     */
    private long floor(int t, boolean all) {
      int from = oldPtr[t];
      int to = oldPtr[t + 1];
      if (to - from < config.options().neighbours()) {
        return 0;
      }
      int[] nb = co.neighbours(t);
      int[] sup = co.supports(t);
      long floor = Long.MAX_VALUE;
      for (int p = from; p < to; p++) {
        int j = oldIdx[p];
        long key;
        if (all || touched[j]) {
          int k = Arrays.binarySearch(nb, j);
          if (k < 0 || sup[k] < config.minSupport()) {
            return 0;
          }
          float s = (float) config.similarity(co.dot(t, k), targetFactor[t], sourceFactor[j]);
          if (!(s > 0 && Float.isFinite(s))) {
            return 0;
          }
          key = key(s, j);
        } else {
          key = key(oldSim[p], j); // as scanChanged
        }
        floor = Math.min(floor, key);
      }
      return floor;
    }

    /**
     * Positive floats order like their bit patterns; ~j puts the lower index first on ties and
     * makes every key distinct, so the kept set does not depend on how it is found.
     */
    private static long key(float s, int j) {
      return ((long) Float.floatToRawIntBits(s) << 32) | (~j & 0xffffffffL);
    }

    /** Keeps the best of the {@code size} candidate keys as t's list, in increasing source order. */
    private void keep(int t, long[] keys, int size, int[][] idx, float[][] sim) {
      int cap = Math.min(config.options().neighbours(), size);
      if (cap < size) {
        moveLargestToEnd(keys, size, cap);
      }
      int first = size - cap;
      for (int k = first; k < size; k++) {
        // Re-key by index to store the kept neighbours in increasing source order.
        int j = ~(int) keys[k];
        keys[k] = ((long) j << 32) | (keys[k] >>> 32);
      }
      Arrays.sort(keys, first, size);
      int[] ri = new int[cap];
      float[] rs = new float[cap];
      for (int k = 0; k < cap; k++) {
        ri[k] = (int) (keys[first + k] >>> 32);
        rs[k] = Float.intBitsToFloat((int) keys[first + k]);
      }
      idx[t] = ri;
      sim[t] = rs;
    }

    private boolean anyTouched(int[] candidates) {
      for (int j : candidates) {
        if (touched[j]) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Rearranges the distinct keys {@code a[0, size)} so that the {@code count} largest end up in
   * {@code a[size-count, size)} (Hoare's selection with a median-of-three pivot: linear on
   * average whatever the input order, unlike a bounded heap on ascending input).
   */
  private static void moveLargestToEnd(long[] a, int size, int count) {
    int target = size - count;
    int lo = 0;
    int hi = size - 1;
    while (hi > lo) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < a[lo]) {
        swap(a, lo, mid);
      }
      if (a[hi] < a[lo]) {
        swap(a, lo, hi);
      }
      if (a[hi] < a[mid]) {
        swap(a, mid, hi);
      }
      long pivot = a[mid];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          swap(a, i++, j--);
        }
      }
      // Now a[lo, j] <= pivot <= a[i, hi] and j < i.
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  private static void swap(long[] a, int i, int j) {
    long x = a[i];
    a[i] = a[j];
    a[j] = x;
  }

  /** The configuration the model was fitted with. */
  public ItemKnn config() {
    return config;
  }

  /** The item ids the model was fitted on, in index order. */
  @Override
  public IdIndex items() {
    return items;
  }

  @Override
  public int numItems() {
    return co.numItems();
  }

  /**
   * The similarity used to score {@code target} from a profile containing {@code source}: 0 if
   * {@code source} is not among {@code target}'s kept neighbours.
   *
   * @throws IllegalArgumentException if an index is out of range
   */
  public float similarity(int target, int source) {
    Profile.checkItem(target, numItems());
    Profile.checkItem(source, numItems());
    int p = Arrays.binarySearch(targetIdx, targetPtr[target], targetPtr[target + 1], source);
    return p >= 0 ? targetSim[p] : 0f;
  }

  /**
   * Number of training users who interacted with both items (0 for {@code i == j}).
   *
   * @throws IllegalArgumentException if an index is out of range
   */
  public int commonUsers(int i, int j) {
    Profile.checkItem(i, numItems());
    Profile.checkItem(j, numItems());
    int[] nb = co.neighbours(i);
    int p = Arrays.binarySearch(nb, j);
    return p >= 0 ? co.supports(i)[p] : 0;
  }

  @Override
  public void scoreProfile(int[] items, float[] weights, float[] scores) {
    Profile.check(items, weights, numItems());
    checkScores(scores);
    Arrays.fill(scores, 0f);
    for (int k = 0; k < items.length; k++) {
      accumulate(items[k], config.scoringValue(weights[k]), scores);
    }
  }

  private void accumulate(int source, float x, float[] scores) {
    int[] idx = sourceIdx;
    float[] sim = sourceSim;
    for (int p = sourcePtr[source], end = sourcePtr[source + 1]; p < end; p++) {
      scores[idx[p]] += x * sim[p];
    }
  }

  private void checkScores(float[] scores) {
    requireNonNull(scores, "scores");
    CorePreconditions.checkLength("scores", scores.length, "numItems()", numItems());
  }

  /**
   * Contribution of profile item {@code j} is {@code x_j · sim(item, j)}; the score is their sum in
   * increasing item order (equal to {@link #scoreProfile}'s for a profile in that order).
   */
  @Override
  public Explanation explain(int[] profileItems, float[] weights, int item, int maxReasons) {
    Profile profile = Profile.of(profileItems, weights, numItems());
    Profile.checkItem(item, numItems());
    int[] items = profile.items();
    float[] contributions = new float[items.length];
    float score = 0f;
    for (int k = 0; k < items.length; k++) {
      int p = Arrays.binarySearch(targetIdx, targetPtr[item], targetPtr[item + 1], items[k]);
      contributions[k] = p >= 0 ? config.scoringValue(profile.weights()[k]) * targetSim[p] : 0f;
      score += contributions[k];
    }
    return Explanation.ofTop(item, score, items, contributions, maxReasons);
  }

  /**
   * Selects the lists of {@code affected} targets (all when null) with {@code selector}; the others
   * are kept as they are.
   */
  private ItemKnnModel reselect(Selector selector, boolean[] affected) {
    int n = numItems();
    int[][] idx = new int[n][];
    float[][] sim = new float[n][];
    Parallel.forRange(n, 64, Parallel.defaultThreads(), () -> new long[n], (from, to, keys) -> {
      for (int t = from; t < to; t++) {
        if (affected == null || affected[t]) {
          selector.select(t, keys, idx, sim);
        } else {
          idx[t] = Arrays.copyOfRange(targetIdx, targetPtr[t], targetPtr[t + 1]);
          sim[t] = Arrays.copyOfRange(targetSim, targetPtr[t], targetPtr[t + 1]);
        }
      }
    }, FitListener.NONE, "neighbours", 0, 1);
    return assemble(config, items, selector.co, valueFractionBits, idx, sim);
  }

  /**
   * The model without the erased customers, updated in one batch ({@link ModelUpdate#EXACT}; see
   * the class documentation for exactness): the change of the co-occurrence statistics is summed
   * over their rows, read from {@link Erasure#before()} and transformed as at fit, in one pass over
   * their item pairs and subtracted; the neighbour lists of items in an erased row are selected
   * anew and, for every other item, only the candidates in an erased row compete with its previous
   * neighbours (their similarities can only have risen). Cost about the erased rows' pairs plus one
   * pass over the statistics of the items they touch, instead of a fit; with {@code bm25} weighting
   * the model is refitted from {@link Erasure#after()}. The receiver is unchanged.
   *
   * @throws IllegalArgumentException if {@code erasure.before()} has another number of items, or
   *     the erased rows are not part of the data this model was fitted on
   */
  @Override
  public ModelUpdate.Result forget(Erasure erasure) {
    ModelFiles.checkErasure(erasure, numItems());
    if (config.weighting() == ItemKnn.Weighting.BM25 || !keepsScale(erasure.after())) {
      ItemKnnModel refit = fit(config, erasure.after(), FitListener.NONE);
      return new ModelUpdate.Result(new ItemKnnModel(config, items, refit.co, refit.valueFractionBits,
          refit.targetPtr, refit.targetIdx, refit.targetSim), ModelUpdate.EXACT);
    }
    InteractionMatrix before = erasure.before();
    int k = erasure.size();
    // The erased rows as compressed rows, with the values their statistics were built from.
    int[] ptr = new int[k + 1];
    for (int r = 0; r < k; r++) {
      ptr[r + 1] = ptr[r] + before.rowLength(erasure.user(r));
    }
    int[] erasedItems = new int[ptr[k]];
    float[] weights = new float[erasedItems.length];
    // A binarize=false model without a scale (saved before exact sums) subtracts floating-point sums.
    double[] values = config.binarize() || valueFractionBits != NO_SCALE ? null : new double[erasedItems.length];
    for (int r = 0; r < k; r++) {
      int u = erasure.user(r);
      for (int p = before.rowStart(u), q = ptr[r]; p < before.rowEnd(u); p++, q++) {
        erasedItems[q] = before.itemAt(p);
        weights[q] = before.weightAt(p);
      }
      if (values != null) {
        double[] v = config.profileValues(before.rowWeights(u), numItems());
        System.arraycopy(v, 0, values, ptr[r], v.length);
      }
    }
    if (values != null) {
      CoOccurrence removed = CoOccurrence.compute(numItems(), ptr, erasedItems, values, FitListener.NONE, 0, 1);
      return new ModelUpdate.Result(without(removed), ModelUpdate.EXACT);
    }
    int n = numItems();
    ItemCoCounts counts = ItemCoCounts.ofRows(config.statisticsSpec(n), ptr, erasedItems, FitListener.NONE, 0, 1);
    ItemCoCounts sums = config.usesValueSums()
        ? ItemCoCounts.ofRows(valueSumsSpec(), ptr, erasedItems, weights, FitListener.NONE, 0, 1) : null;
    return new ModelUpdate.Result(without(statistics(config, counts, sums)), ModelUpdate.EXACT);
  }

  /**
   * False if this is a {@code binarize=false} model with exact sums whose scale the rule would not
   * choose for {@code after}: its scale is a function of every customer's weights, erased ones
   * included, so it must not outlive them (one pass over {@code after}'s rows).
   */
  private boolean keepsScale(InteractionMatrix after) {
    return config.binarize() || valueFractionBits == NO_SCALE
        || valueFractionBits(config, UserRows.of(after)) == valueFractionBits;
  }

  /**
   * The spec of the value sums that erase customers from this model ({@link #forget(ItemCoCounts,
   * ItemCoCounts)}): {@link ItemKnn#valueSumsSpec(int) config().valueSumsSpec(numItems())} with
   * {@code binarize=true} ({@code tfidf}), and with {@code binarize=false} the weight products at
   * this model's own scale {@code F} ({@link ItemKnn#valueSumsSpec(int, int)}), which the erased
   * customers' sums must share whatever scale the rule would choose for them.
   *
   * @throws IllegalStateException if the model takes no value sums to forget: {@code
   *     binarize=true} with weighting {@code none} (counts alone) or {@code bm25} (refit), {@code
   *     binarize=false} with {@code bm25}, or a {@code binarize=false} model loaded from a file
   *     saved before exact sums (no scale: forget it with {@link #forget(Erasure)} or refit)
   */
  public ItemCoCounts.Spec valueSumsSpec() {
    if (config.weighting() == ItemKnn.Weighting.BM25) {
      throw new IllegalStateException("item-knn with weighting=bm25 cannot subtract customers: its item factors depend"
          + " on every customer; refit on the remaining data");
    }
    if (config.binarize()) {
      return config.valueSumsSpec(numItems());
    }
    if (valueFractionBits == NO_SCALE) {
      throw new IllegalStateException("this item-knn model with binarize=false was saved before exact sums (its file"
          + " holds no scale): forget customers with forget(Erasure), or refit");
    }
    return config.valueSumsSpec(numItems(), valueFractionBits);
  }

  /**
   * The model without the customers whose co-occurrence counts are {@code erased}, for {@code
   * weighting=none} with {@code binarize=true}: see {@link #forget(ItemCoCounts, ItemCoCounts)}.
   *
   * @throws IllegalStateException unless the configuration fits from counts alone
   * @throws IllegalArgumentException as {@link #forget(ItemCoCounts, ItemCoCounts)}
   * @throws NullPointerException if {@code erased} is null
   */
  public ItemKnnModel forget(ItemCoCounts erased) {
    requireNonNull(erased, "erased");
    if (config.usesValueSums()) {
      throw new IllegalStateException("item-knn with " + (config.binarize() ? "" : "binarize=false and ")
          + "weighting=" + config.weighting().key() + " needs the erased customers' value sums as well: use"
          + " forget(counts, valueSums)");
    }
    return forget(erased, null);
  }

  /**
   * The model without the customers whose sums are {@code erasedCounts} and {@code
   * erasedValueSums}, for sums computed elsewhere (e.g. by a cluster over the erased customers'
   * rows only): they are subtracted from the model's statistics and the neighbour lists are updated
   * exactly as {@link #forget(Erasure)} does, at the same cost (about the erased pairs plus one pass
   * over the statistics of the items they touch). The sums are integers, so the result is bit for
   * bit the model fitted without those customers (for {@code binarize=true} and {@code tfidf},
   * while every value sum of the model is below {@code 2^53}, i.e. {@code 2^27} in units of {@code
   * idf²}; for {@code binarize=false}, the model fitted from the remaining customers' sums at this
   * model's scale, see the class documentation). Weighting {@code none} or {@code tfidf} supports
   * it; {@code bm25}'s item factors depend on every customer (refit). The receiver is unchanged.
   *
   * @param erasedCounts the erased customers' counts, summed with {@link ItemKnn#statisticsSpec
   *     config().statisticsSpec(numItems())} over their rows on this model's items
   * @param erasedValueSums their value sums, summed with {@link #valueSumsSpec()} over the same
   *     rows, or null for {@code weighting=none} with {@code binarize=true}
   * @return the updated model, on this model's items
   * @throws IllegalStateException if the configuration does not fit from sums, is {@code bm25}, or
   *     the model is a {@code binarize=false} model without a scale (see {@link #valueSumsSpec()})
   * @throws IllegalArgumentException if a statistic was summed with another spec (or over another
   *     number of items), the value sums are missing or present against the configuration, a count
   *     exceeds {@code 2^31 − 1}, or the sums are not part of the model's (a support would become
   *     negative, or a pair is missing); no item is named
   * @throws NullPointerException if {@code erasedCounts} is null
   */
  public ItemKnnModel forget(ItemCoCounts erasedCounts, ItemCoCounts erasedValueSums) {
    requireNonNull(erasedCounts, "erasedCounts");
    ItemCoCounts.Spec sumsSpec = config.usesValueSums() || config.weighting() == ItemKnn.Weighting.BM25
        ? valueSumsSpec() : null;
    config.checkStatistics(numItems(), erasedCounts, erasedValueSums);
    if (sumsSpec != null && !erasedValueSums.spec().equals(sumsSpec)) {
      throw new IllegalArgumentException("the erased customers' value sums must be summed with the model's spec "
          + sumsSpec + " (valueSumsSpec(), at the model's scale). Provided: " + erasedValueSums.spec());
    }
    return without(statistics(config, erasedCounts, erasedValueSums));
  }

  /**
   * Subtracts {@code removed} from the statistics and selects anew the lists that can change: the
   * lists of items in an erased row, and for every other item only the candidates in an erased row
   * compete with its previous neighbours (their similarities can only have risen).
   */
  private ItemKnnModel without(CoOccurrence removed) {
    boolean[] touched = new boolean[numItems()];
    CoOccurrence updated = co.without(removed, touched);
    return reselect(new Selector(config, updated, touched, targetPtr, targetIdx, targetSim), null);
  }

  ModelIo.Contents toContents() {
    ModelIo.Contents.Builder b = ModelIo.Contents.builder(TYPE, LAYOUT)
        .parameters(config.parameters())
        .strings(ModelFiles.ITEM_IDS, ModelFiles.itemIds(items))
        .ints("item-support", co.itemSupports())
        .doubles("item-squares", co.itemSquares())
        .ints("co-ptr", co.flatPointers())
        .ints("co-items", co.flatNeighbours())
        .ints("co-support", co.flatSupports());
    if (!co.binary()) {
      b.doubles("co-dot", co.flatDots());
    }
    if (valueFractionBits != NO_SCALE) {
      b.ints(VALUE_FRACTION_BITS, new int[] {valueFractionBits});
    }
    return b.ints("nbr-ptr", targetPtr).ints("nbr-items", targetIdx).floats("nbr-sims", targetSim).build();
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
  public static ItemKnnModel load(Path file) throws IOException {
    return fromContents(ModelIo.read(file));
  }

  /**
   * Rebuilds a model from its contents.
   *
   * @throws IllegalArgumentException naming the source if the contents are not a valid item-kNN
   *     model of layout 2
   */
  static ItemKnnModel fromContents(ModelIo.Contents c) {
    requireNonNull(c, "contents");
    ModelFiles.requireLayout(c, TYPE, LAYOUT);
    String source = c.source();
    Params params = new Params(TYPE, c.parameters());
    ItemKnn config = ItemKnn.fromParams(params);
    params.checkNoneUnknown();
    IdIndex items = ModelFiles.readItems(c);
    int n = items.size();
    double[] dots = config.binaryValues() ? null : c.doubles("co-dot");
    CoOccurrence co = CoOccurrence.of(c.ints("item-support"), c.doubles("item-squares"), c.ints("co-ptr"),
        c.ints("co-items"), c.ints("co-support"), dots, source);
    int[] ptr = c.ints("nbr-ptr");
    int[] idx = c.ints("nbr-items");
    float[] sim = c.floats("nbr-sims");
    if (co.numItems() != n || ptr.length != n + 1 || ptr[0] != 0 || ptr[n] != idx.length || sim.length != idx.length) {
      throw new IllegalArgumentException(source + ": inconsistent neighbour arrays");
    }
    for (int t = 0; t < n; t++) {
      if (ptr[t + 1] < ptr[t]) {
        throw new IllegalArgumentException(source + ": neighbour pointers decrease at item " + t);
      }
      for (int p = ptr[t]; p < ptr[t + 1]; p++) {
        if (idx[p] < 0 || idx[p] >= n || (p > ptr[t] && idx[p] <= idx[p - 1]) || !(sim[p] > 0 && Float.isFinite(sim[p]))) {
          throw new IllegalArgumentException(source + ": invalid neighbour entry of item " + t);
        }
      }
    }
    int scale = NO_SCALE;
    if (c.sectionNames().contains(VALUE_FRACTION_BITS)) {
      int[] f = c.ints(VALUE_FRACTION_BITS);
      if (config.binarize() || config.weighting() == ItemKnn.Weighting.BM25 || f.length != 1
          || Math.abs(f[0]) > ItemPairCounts.MAX_FRACTION_BITS) {
        throw new IllegalArgumentException(source + ": invalid " + VALUE_FRACTION_BITS + " section");
      }
      scale = f[0];
    }
    return new ItemKnnModel(config, items, co, scale, ptr, idx, sim);
  }

  @Override
  public String toString() {
    return "ItemKnnModel{items=" + numItems() + ", neighbours=" + targetIdx.length + ", "
        + config + "}";
  }
}
