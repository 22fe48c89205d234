package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.Params;
import io.privrec.core.cf.internal.UserRows;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.FitListener;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Item-based k-nearest-neighbour collaborative filtering: an item is recommended when it is
 * similar to the items in the customer's profile.
 *
 * <h2>Definition</h2>
 * Let {@code v(u,i)} be the value of user {@code u}'s interaction with item {@code i}: 1 when
 * {@link #binarize()} (the default), else its weight, then multiplied by the user {@link
 * Weighting}. From the co-occurrence statistics — dot product {@code d(t,j) = Σ_u v(u,t)·v(u,j)},
 * squared norms {@code q(i) = Σ_u v(u,i)²} and supports (numbers of users) — the similarity of a
 * target {@code t} to a profile item {@code j} is, with shrinkage {@code h}:
 * <ul>
 *   <li>{@code cosine}: {@code d / (√q(t)·√q(j) + h)};
 *   <li>{@code jaccard} (Tanimoto for non-binary values): {@code d / (q(t) + q(j) − d + h)};
 *   <li>{@code asymmetric} cosine (Aiolli 2013) with {@code alpha = α}: {@code d / (q(t)^α ·
 *       q(j)^(1−α) + h)} — {@code α = 0.5} is cosine; {@code α → 1} divides by the target's
 *       popularity (estimates P(j | t)), {@code α → 0} by the profile item's (P(t | j)).
 * </ul>
 * Pairs with fewer than {@code min-support} common users, and non-positive similarities, are
 * dropped. Each target keeps its {@code neighbours} most similar items (ties: lower index). A
 * profile {@code (j, x_j)} scores target {@code t} as {@code Σ_j x_j · sim(t, j)} over the kept
 * neighbours, with {@code x_j = 1} when binarized, else the profile weight.
 *
 * <h2>Parameters ({@link io.privrec.core.cf.Algorithms} keys)</h2>
 * <ul>
 *   <li>{@code similarity} = {@code cosine} | {@code jaccard} | {@code asymmetric}; default
 *       {@value #DEFAULT_SIMILARITY_NAME};
 *   <li>{@code neighbours}: integer in [1, 1,000,000], default {@value #DEFAULT_NEIGHBOURS};
 *   <li>{@code shrink}: number in [0, 1e9], default {@value #DEFAULT_SHRINK};
 *   <li>{@code alpha}: number in [0, 1], default {@value #DEFAULT_ALPHA} (asymmetric only);
 *   <li>{@code min-support}: integer in [1, 1,000,000], default 1;
 *   <li>{@code weighting} = {@code none} | {@code tfidf} | {@code bm25}; default {@value
 *       #DEFAULT_WEIGHTING_NAME};
 *   <li>{@code bm25-k1}: number in [0, 1e6], default {@value #DEFAULT_BM25_K1}; {@code bm25-b}: in
 *       [0, 1], default {@value #DEFAULT_BM25_B};
 *   <li>{@code binarize}: {@code true} | {@code false}, default true.
 * </ul>
 * {@code neighbours} and {@code shrink} form one {@link ItemKnnOptions} value, shared with {@link
 * io.privrec.core.cf.dp.DpItemKnn}. Defaults were tuned for NDCG@10 on three validation splits
 * carved from the training part of MovieLens 100K (ratings ≥ 4 as positives): asymmetric cosine
 * with {@code alpha = 0.3} (mild favour of popular profile items' targets), tfidf user weighting,
 * 100 neighbours and shrink 50 beat plain cosine there, and the optimum around them is flat
 * (measured figures: {@code docs/tuning.md}).
 *
 * <h2>User weighting</h2>
 * Down-weights heavy users, whose co-occurrences say little about any pair. With {@code m} items
 * in the catalogue and {@code |I(u)|} items in {@code u}'s profile, {@code idf(u) = ln(1 +
 * m/|I(u)|)}: {@code tfidf} multiplies values by {@code idf(u)}; {@code bm25} (Robertson et al.,
 * as in the implicit-feedback literature, documents = items, terms = users) uses {@code v·(k1+1) /
 * (v + k1·(1 − b + b·len(i)/avglen)) · idf(u)}, where {@code len(i) = Σ_u v(u,i)}.
 *
 * <h2>Exact statistics</h2>
 * With {@code binarize=true} (the default) the fit sums exact integers: the number of customers
 * holding each item and pair ({@link #statisticsSpec}) and, for {@code tfidf} and {@code bm25},
 * fixed-point sums of {@code idf(u)²} ({@link #valueSumsSpec}; each customer's {@code idf²} rounded
 * to {@value #VALUE_SUM_FRACTION_BITS} fraction bits). With {@code binarize=false} and weighting
 * {@code none} or {@code tfidf} it sums the counts and fixed-point sums of the products of the
 * customers' values ({@link #valueSumsSpec(int, int)}: each product rounded once to a multiple of
 * {@code 2^-F}, the scale {@code F} chosen from the data's item counts, largest weights and shortest
 * rows by {@link #valueFractionBits}, so that every sum is exact in a double). Sums of any split of
 * the customers add up to the same bits, so a cluster can compute them ({@link #fit(IdIndex,
 * ItemCoCounts, ItemCoCounts, FitListener)}) and the model equals the local fit bit for bit. Only
 * {@code bm25} with {@code binarize=false} sums its values in floating point (its item lengths
 * {@code Σ_u x_ui} enter every value).
 *
 * <h2>Erasure</h2>
 * The fitted {@link ItemKnnModel} keeps the full sparse co-occurrence statistics (item-side only,
 * no customer rows), so erased customers' rows can be subtracted incrementally ({@link
 * ItemKnnModel#forget}). Supports (and hence which pairs exist) are always exact; with weighting
 * {@code none} or {@code tfidf} so are the similarities: with {@code binarize=true} bit for bit the
 * model fitted without those customers, with {@code binarize=false} too for the local forget
 * (which refits when erasure changes the scale the rule gives), and from sums computed elsewhere
 * the model fitted from the remaining sums at the model's scale;
 * {@code bm25} refits. See {@link ItemKnnModel}.
 *
 * <h2>Cost</h2>
 * Fit: O(Σ_u |I(u)|²) time for the co-occurrences (parallel over items) plus O(P log) for
 * neighbour selection, where P is the number of co-occurring pairs; memory 8 bytes per pair (16
 * when values are not binary) plus 8 per kept neighbour. Scoring: O(Σ_{j ∈ profile} kept lists +
 * items).
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>References</h2>
 * <ul>
 *   <li>Sarwar, Karypis, Konstan, Riedl: Item-based collaborative filtering recommendation
 *       algorithms. WWW 2001.
 *   <li>Aiolli: Efficient top-N recommendation for very large scale binary rated datasets. RecSys
 *       2013 (asymmetric cosine).
 *   <li>Ferrari Dacrema, Cremonesi, Jannach: Are we really making much progress? RecSys 2019
 *       (shrinkage, feature weighting as tuned baselines).
 * </ul>
 */
public final class ItemKnn implements Algorithm {
  /** Default similarity (name). */
  public static final String DEFAULT_SIMILARITY_NAME = "asymmetric";
  /** Default number of neighbours kept per item. */
  public static final int DEFAULT_NEIGHBOURS = 100;
  /** Default shrinkage. */
  public static final double DEFAULT_SHRINK = 50.0;
  /** Default asymmetric-cosine exponent. */
  public static final double DEFAULT_ALPHA = 0.3;
  /** Default weighting (name). */
  public static final String DEFAULT_WEIGHTING_NAME = "tfidf";
  /** Default BM25 k1. */
  public static final double DEFAULT_BM25_K1 = 1.2;
  /** Default BM25 b. */
  public static final double DEFAULT_BM25_B = 0.75;
  /**
   * Fraction bits of the fixed-point {@code idf²} sums of {@code tfidf} and {@code bm25} with
   * {@code binarize=true} ({@link #valueSumsSpec}).
   */
  public static final int VALUE_SUM_FRACTION_BITS = 26;
  /**
   * Bits {@link #valueFractionBits} leaves below {@link ItemPairCounts#fractionBits(long[],
   * float[])}: its bound {@code M·2^F < 2^62} becomes {@code 2^52}, so every sum is exact in a double.
   */
  private static final int DOUBLE_HEADROOM_BITS = 10;

  /** Item-item similarity measure. */
  public enum Similarity {
    /** Cosine of the item vectors. */
    COSINE,
    /** Jaccard index of the user sets (Tanimoto coefficient for weighted values). */
    JACCARD,
    /** Asymmetric cosine with exponent {@code alpha} (Aiolli 2013). */
    ASYMMETRIC;

    /** The parameter value, e.g. {@code cosine}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** User weighting applied before computing similarities. */
  public enum Weighting {
    /** Values as they are. */
    NONE,
    /** Inverse user frequency {@code ln(1 + m/|I(u)|)}. */
    TFIDF,
    /** Okapi BM25 with item-length normalisation. */
    BM25;

    /** The parameter value, e.g. {@code bm25}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Similarity similarity;
  private final ItemKnnOptions options;
  private final double alpha;
  private final int minSupport;
  private final Weighting weighting;
  private final double bm25K1;
  private final double bm25B;
  private final boolean binarize;

  private ItemKnn(Builder b) {
    this.similarity = b.similarity;
    this.options = b.options;
    this.alpha = b.alpha;
    this.minSupport = b.minSupport;
    this.weighting = b.weighting;
    this.bm25K1 = b.bm25K1;
    this.bm25B = b.bm25B;
    this.binarize = b.binarize;
  }

  /** Starts a builder with the default parameters. */
  public static Builder builder() {
    return new Builder();
  }

  /** Item-kNN with the default parameters. */
  public static ItemKnn create() {
    return builder().build();
  }

  /**
   * Creates the algorithm from {@code key=value} parameters, as {@link Algorithms#create} does
   * for {@code "item-knn"}: reads the keys listed in the class documentation; missing keys take their defaults.
   *
   * @throws IllegalArgumentException for a malformed or out-of-range value or an unknown key
   */
  public static ItemKnn fromParams(Map<String, String> params) {
    return Algorithms.read("item-knn", params, ItemKnn::fromParams);
  }

  /**
   * Reads the parameters listed in the class documentation.
   *
   * @throws IllegalArgumentException for a bad value (unknown keys are rejected by {@link
   *     Params#checkNoneUnknown()})
   */
  static ItemKnn fromParams(Params params) {
    Builder b = builder();
    b.similarity(Similarity.valueOf(params.choice("similarity", DEFAULT_SIMILARITY_NAME, "cosine", "jaccard", "asymmetric")
        .toUpperCase(Locale.ROOT)));
    b.neighbours(params.integer("neighbours", DEFAULT_NEIGHBOURS, 1, 1_000_000));
    b.shrink(params.number("shrink", DEFAULT_SHRINK, 0, 1e9));
    b.alpha(params.number("alpha", DEFAULT_ALPHA, 0, 1));
    b.minSupport(params.integer("min-support", 1, 1, 1_000_000));
    b.weighting(Weighting.valueOf(params.choice("weighting", DEFAULT_WEIGHTING_NAME, "none", "tfidf", "bm25")
        .toUpperCase(Locale.ROOT)));
    b.bm25K1(params.number("bm25-k1", DEFAULT_BM25_K1, 0, 1e6));
    b.bm25B(params.number("bm25-b", DEFAULT_BM25_B, 0, 1));
    b.binarize(params.bool("binarize", true));
    return b.build();
  }

  @Override
  public String name() {
    return "item-knn";
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("similarity", similarity.key());
    p.put("neighbours", Integer.toString(options.neighbours()));
    p.put("shrink", Double.toString(options.shrink()));
    p.put("alpha", Double.toString(alpha));
    p.put("min-support", Integer.toString(minSupport));
    p.put("weighting", weighting.key());
    p.put("bm25-k1", Double.toString(bm25K1));
    p.put("bm25-b", Double.toString(bm25B));
    p.put("binarize", Boolean.toString(binarize));
    return p;
  }

  /**
   * Fits the model: co-occurrence statistics, then each item's neighbours. Progress stages:
   * {@code co-occurrence} (to 0.8), {@code neighbours} (to 1.0).
   */
  @Override
  public ItemKnnModel fit(InteractionMatrix train, FitListener listener) {
    requireNonNull(train, "train");
    requireNonNull(listener, "listener");
    return ItemKnnModel.fit(this, train, listener);
  }

  /**
   * The first sufficient statistic of this configuration over {@code numItems} items: unbounded
   * unit weights ({@link ItemCoCounts.Spec#unit}), the number of customers holding each item and
   * each pair (the supports). Every configuration but {@code bm25} with {@code binarize=false}
   * has it; with {@code binarize=true} and {@code weighting=none} it is the whole statistic
   * (values are 1, dot products are counts), otherwise the {@linkplain #usesValueSums() value
   * sums} complete it. {@code bm25} with {@code binarize=false} has no exact statistic: its item
   * lengths {@code Σ_u x_ui} enter every value, so {@link #fit(InteractionMatrix, FitListener)}
   * sums its values in floating point.
   *
   * @throws IllegalStateException for {@code bm25} with {@code binarize=false}
   * @throws IllegalArgumentException if {@code numItems < 0}
   */
  public ItemCoCounts.Spec statisticsSpec(int numItems) {
    if (!binarize && weighting == Weighting.BM25) {
      throw new IllegalStateException("item-knn with binarize=false and weighting=bm25 has no exact statistic (its"
          + " item lengths, sums of every customer's weights, enter every value): fit it on an InteractionMatrix");
    }
    return ItemCoCounts.Spec.unit(numItems);
  }

  /**
   * True if a fit from sums needs value sums besides the counts: {@code binarize=true} with {@code
   * tfidf} or {@code bm25} weighting ({@link #valueSumsSpec(int)}), or {@code binarize=false} with
   * {@code none} or {@code tfidf} ({@link #valueSumsSpec(int, int)}, whose scale depends on the
   * data).
   */
  public boolean usesValueSums() {
    return binarize ? weighting != Weighting.NONE : weighting != Weighting.BM25;
  }

  /**
   * The second sufficient statistic of {@code tfidf} and {@code bm25} weighting with {@code
   * binarize=true}: {@link ItemCoCounts.Spec#inverseUserFrequency inverseUserFrequency(numItems,}
   * {@value #VALUE_SUM_FRACTION_BITS}{@code )}, the fixed-point sums of {@code idf(u)²} over the
   * customers holding each item and each pair. A customer's values are all {@code idf(u)} (tfidf)
   * or {@code c(i)·idf(u)} (bm25, {@code c(i)} from the counts), so every squared norm and dot
   * product is the sum times item factors. Summing {@code idf(u)²} rounded to {@value
   * #VALUE_SUM_FRACTION_BITS} fraction bits (relative rounding below {@code 2^-27} per customer)
   * makes the sums exact integers: any split of the rows adds up to the same bits, and erasure
   * subtracts exactly.
   *
   * @throws IllegalStateException unless {@link #usesValueSums()} with {@code binarize=true} (with
   *     {@code binarize=false} the scale depends on the data: {@link #valueSumsSpec(int, int)})
   * @throws IllegalArgumentException if {@code numItems < 0}
   */
  public ItemCoCounts.Spec valueSumsSpec(int numItems) {
    if (!binarize && usesValueSums()) {
      throw new IllegalStateException("item-knn with binarize=false sums its values at a scale chosen from the data:"
          + " use valueSumsSpec(numItems, valueFractionBits(...))");
    }
    if (!usesValueSums()) {
      throw new IllegalStateException("item-knn has value sums only with binarize=true and weighting tfidf or bm25,"
          + " or binarize=false and weighting none or tfidf; this one has binarize=" + binarize + ", weighting="
          + weighting.key());
    }
    return ItemCoCounts.Spec.inverseUserFrequency(numItems, VALUE_SUM_FRACTION_BITS);
  }

  /**
   * The second sufficient statistic with {@code binarize=false} (weighting {@code none} or {@code
   * tfidf}) at the scale {@code fractionBits} ({@code F}, from {@link #valueFractionBits}): the
   * fixed-point sums of the products of the customers' values, {@code Σ_u v_ui·v_uj} over the
   * customers holding each pair and {@code Σ_u v_ui²} over those holding each item, each product
   * rounded once to a multiple of {@code 2^-F} ({@link ItemCoCounts.Spec#weightProducts} for
   * {@code none}, values {@code v = x}; {@link ItemCoCounts.Spec#idfWeightProducts} for {@code
   * tfidf}, values {@code v = x·idf(|I(u)|)}). Sums of any split of the rows at the same {@code F}
   * add up to the same bits; sums at different scales cannot be added.
   *
   * @throws IllegalStateException unless {@code binarize=false} with weighting {@code none} or
   *     {@code tfidf}
   * @throws IllegalArgumentException if {@code numItems < 0} or {@code fractionBits} is out of
   *     {@link ItemCoCounts.Spec#weightProducts}' range
   */
  public ItemCoCounts.Spec valueSumsSpec(int numItems, int fractionBits) {
    if (binarize || weighting == Weighting.BM25) {
      throw new IllegalStateException("item-knn sums weight products only with binarize=false and weighting none or"
          + " tfidf; this one has binarize=" + binarize + ", weighting=" + weighting.key());
    }
    return weighting == Weighting.NONE ? ItemCoCounts.Spec.weightProducts(numItems, fractionBits)
        : ItemCoCounts.Spec.idfWeightProducts(numItems, fractionBits);
  }

  /**
   * The scale {@code F} of the value sums with {@code binarize=false} ({@link #valueSumsSpec(int,
   * int)}), from per-item maxima of the data, so that every sum is exact in a double.
   *
   * <p><b>Rule.</b> Per item {@code i}, {@code W_i} bounds its values: its largest weight {@code
   * X_i} ({@code none}), or {@code X_i·idf(K_i)} rounded up to a float with one more float ulp
   * ({@code tfidf}; {@code K_i} the fewest items of a customer holding {@code i}, so {@code
   * idf(|I(u)|) <= idf(K_i)}, and the margin, at least {@code 2^-25} relative, covers the rounding
   * of the idf and of each product). {@code F} is {@link ItemPairCounts#fractionBits(long[],
   * float[]) ItemPairCounts' rule} on the counts and these bounds minus 10: that rule keeps {@code
   * M = max_i c_i·W_i²} below {@code 2^(62 − F)}, so here {@code M·2^F < 2^52}, and every sum (at
   * most {@code c_ij·W_i·W_j·2^F} plus half a unit per customer) stays below {@code 2^53}.
   *
   * <p><b>Consequences.</b>
   * <ul>
   *   <li>Every sum, and every sum of a subset of the customers, is an integer below {@code 2^53}:
   *       its double (the model's statistic) is exact, so erasure subtracts exactly in double.
   *   <li>Precision: each product is off by at most {@code 2^-(F+1) <= M·2^-52}, so an entry of
   *       {@code c} customers by at most {@code c·M·2^-52}; relative to an entry whose products are
   *       at least {@code p}, at most {@code M·2^-52/p} (below single precision while {@code M/p <
   *       2^28}, e.g. a million customers holding an item with weights from 1 to 5).
   *   <li>{@code F} depends on counts, maxima and minima only: the same however the rows were
   *       split. Erasing customers can only raise the rule's {@code F} (every {@code c_i} and
   *       {@code W_i} can only shrink).
   * </ul>
   *
   * @param itemCounts per item, the number of customers holding it ({@code >= 0})
   * @param maxWeights per item, its largest weight (finite, {@code > 0} for an item held by
   *     anyone; any value, e.g. 0, for the others)
   * @param minRowLengths per item, the fewest items a customer holding it has ({@code >= 1} for an
   *     item held by anyone); read for {@code tfidf} only (may be null for {@code none})
   * @throws IllegalStateException unless {@code binarize=false} with weighting {@code none} or
   *     {@code tfidf}
   * @throws IllegalArgumentException if the arrays differ in length or hold a value out of range
   *     (no value is quoted: they are data)
   * @throws NullPointerException if {@code itemCounts} or {@code maxWeights} is null, or {@code
   *     minRowLengths} for {@code tfidf}
   */
  public int valueFractionBits(long[] itemCounts, float[] maxWeights, int[] minRowLengths) {
    valueSumsSpec(0, 0); // the configuration check
    requireNonNull(itemCounts, "itemCounts");
    requireNonNull(maxWeights, "maxWeights");
    int n = itemCounts.length;
    if (maxWeights.length != n || (minRowLengths != null && minRowLengths.length != n)) {
      throw new IllegalArgumentException("itemCounts, maxWeights and minRowLengths must have one entry per item."
          + " Provided lengths: " + n + ", " + maxWeights.length + ", "
          + (minRowLengths == null ? "none" : minRowLengths.length));
    }
    float[] bounds = new float[n];
    boolean idf = weighting == Weighting.TFIDF;
    if (idf) {
      requireNonNull(minRowLengths, "minRowLengths");
    }
    for (int i = 0; i < n; i++) {
      if (itemCounts[i] <= 0) {
        continue; // nobody holds it: its sums are 0 (a negative count is refused by the rule)
      }
      float x = maxWeights[i];
      if (!(x > 0 && Float.isFinite(x)) || (idf && minRowLengths[i] < 1)) {
        throw new IllegalArgumentException("the largest weight of an item held by a customer must be finite and > 0,"
            + " and the fewest items of a customer holding it >= 1");
      }
      if (idf) {
        double v = x * StrictMath.log1p((double) n / minRowLengths[i]);
        bounds[i] = Math.nextUp((float) v);
        if (!Float.isFinite(bounds[i])) {
          throw new IllegalArgumentException("item-knn with tfidf: a weight times its customer's idf must stay within"
              + " float range");
        }
      } else {
        bounds[i] = x;
      }
    }
    int f = ItemPairCounts.fractionBits(itemCounts, bounds) - DOUBLE_HEADROOM_BITS;
    return Math.max(f, -ItemPairCounts.MAX_FRACTION_BITS);
  }

  /**
   * Fits from counts computed elsewhere (for example by a cluster), for {@code weighting=none}
   * with {@code binarize=true}: the model indexes {@code items}. For the counts of a matrix's rows
   * (over {@code items}, the matrix's item index) the model is bit for bit the one {@link
   * #fit(InteractionMatrix, FitListener)} gives on that matrix, which sums the same counts itself.
   * Progress stage: {@code neighbours} (0.8 to 1.0).
   *
   * @throws IllegalStateException as {@link #statisticsSpec}, or if the configuration {@linkplain
   *     #usesValueSums() uses value sums} (use {@link #fit(IdIndex, ItemCoCounts, ItemCoCounts,
   *     FitListener)})
   * @throws IllegalArgumentException if {@code counts} were not summed with {@link
   *     #statisticsSpec statisticsSpec(items.size())}, or a count exceeds {@code 2^31 − 1}
   * @throws NullPointerException if an argument is null
   */
  public ItemKnnModel fit(IdIndex items, ItemCoCounts counts, FitListener listener) {
    if (usesValueSums()) {
      throw new IllegalStateException("item-knn with " + (binarize ? "" : "binarize=false and ") + "weighting="
          + weighting.key() + " needs the value sums as well: use fit(items, counts, valueSums, listener)");
    }
    return fit(items, counts, null, listener);
  }

  /**
   * Fits from counts and value sums computed elsewhere: for {@code tfidf} or {@code bm25}
   * weighting with {@code binarize=true}, or {@code none} or {@code tfidf} with {@code
   * binarize=false} ({@code valueSums} null for {@code weighting=none} with {@code binarize=true}):
   * the model indexes {@code items}. For the sums of a matrix's rows (with {@code binarize=false},
   * at the scale {@link #valueFractionBits} gives for them) the model is bit for bit the one {@link
   * #fit(InteractionMatrix, FitListener)} gives on that matrix, which sums them itself. A {@code
   * binarize=false} model keeps the scale of its sums ({@link ItemKnnModel#valueSumsSpec()}).
   * Progress stage: {@code neighbours} (0.8 to 1.0).
   *
   * @param counts summed with {@link #statisticsSpec statisticsSpec(items.size())}
   * @param valueSums summed with {@link #valueSumsSpec(int) valueSumsSpec(items.size())} ({@code
   *     binarize=true}) or {@link #valueSumsSpec(int, int) valueSumsSpec(items.size(), F)} for some
   *     {@code F} ({@code binarize=false}) over the same rows, or null exactly when the
   *     configuration does not {@linkplain #usesValueSums() use them}
   * @throws IllegalStateException as {@link #statisticsSpec}
   * @throws IllegalArgumentException if a statistic was summed with another spec, {@code
   *     valueSums} is null or present against the configuration, the two were not summed over the
   *     same rows (their pairs differ; with {@code binarize=false}: a sum where no count is), a
   *     count exceeds {@code 2^31 − 1}, or a {@code binarize=false} sum exceeds {@code 2^53} (a
   *     scale finer than {@link #valueFractionBits} allows)
   * @throws NullPointerException if {@code items}, {@code counts} or {@code listener} is null
   */
  public ItemKnnModel fit(IdIndex items, ItemCoCounts counts, ItemCoCounts valueSums, FitListener listener) {
    requireNonNull(items, "items");
    requireNonNull(counts, "counts");
    requireNonNull(listener, "listener");
    checkStatistics(items.size(), counts, valueSums);
    return ItemKnnModel.fit(this, items, counts, valueSums, listener);
  }

  /** Checks the statistics' specs against this configuration over {@code numItems} items. */
  void checkStatistics(int numItems, ItemCoCounts counts, ItemCoCounts valueSums) {
    ItemCoCounts.Spec spec = statisticsSpec(numItems);
    if (!counts.spec().equals(spec)) {
      throw new IllegalArgumentException("counts must be summed with item-knn's spec " + spec + ". Provided: "
          + counts.spec());
    }
    if (!usesValueSums()) {
      if (valueSums != null) {
        throw new IllegalArgumentException("item-knn with weighting=none takes no value sums");
      }
      return;
    }
    if (valueSums == null) {
      throw new IllegalArgumentException("item-knn with " + (binarize ? "" : "binarize=false and ") + "weighting="
          + weighting.key() + " needs the value sums");
    }
    if (!binarize) {
      // Any scale: the model keeps it. A term can round to 0, so the sums' pairs are among the counts'.
      ItemCoCounts.Spec sumsSpec = valueSumsSpec(numItems, valueSums.spec().fractionBits());
      if (!valueSums.spec().equals(sumsSpec)) {
        throw new IllegalArgumentException("valueSums must be summed with item-knn's spec valueSumsSpec(" + numItems
            + ", F) for some F, e.g. " + sumsSpec + ". Provided: " + valueSums.spec());
      }
      return;
    }
    ItemCoCounts.Spec sumsSpec = valueSumsSpec(numItems);
    if (!valueSums.spec().equals(sumsSpec)) {
      throw new IllegalArgumentException("valueSums must be summed with item-knn's spec " + sumsSpec + ". Provided: "
          + valueSums.spec());
    }
    if (!Arrays.equals(counts.pairPointers(), valueSums.pairPointers())
        || !Arrays.equals(counts.pairColumns(), valueSums.pairColumns())) {
      throw new IllegalArgumentException("counts and valueSums must be summed over the same rows (their pairs differ)");
    }
  }

  /**
   * BM25's item factors {@code c(i) = (k1+1) / (1 + k1·(1 − b + b·len(i)/avglen))} of binarized
   * values, from the number of customers holding each item ({@code len(i)}; {@code avglen} their
   * mean over items held by anyone, 1 if none is).
   */
  double[] bm25Factors(long[] itemCounts) {
    double total = 0;
    int nonEmpty = 0;
    for (long c : itemCounts) {
      if (c > 0) {
        total += c;
        nonEmpty++;
      }
    }
    double avgLength = nonEmpty == 0 ? 1 : total / nonEmpty;
    double[] f = new double[itemCounts.length];
    for (int i = 0; i < f.length; i++) {
      double norm = 1 - bm25B + bm25B * itemCounts[i] / avgLength;
      f[i] = (bm25K1 + 1) / (1 + bm25K1 * norm);
    }
    return f;
  }

  /** The similarity measure. */
  public Similarity similarity() {
    return similarity;
  }

  /** The neighbourhood hyperparameters (shared with {@link io.privrec.core.cf.dp.DpItemKnn}). */
  public ItemKnnOptions options() {
    return options;
  }

  /** Asymmetric-cosine exponent. */
  public double alpha() {
    return alpha;
  }

  /** Minimum number of common users for a pair to count. */
  public int minSupport() {
    return minSupport;
  }

  /** The user weighting. */
  public Weighting weighting() {
    return weighting;
  }

  /** BM25 k1. */
  public double bm25K1() {
    return bm25K1;
  }

  /** BM25 b. */
  public double bm25B() {
    return bm25B;
  }

  /** Whether interaction weights are replaced by 1. */
  public boolean binarize() {
    return binarize;
  }

  @Override
  public String toString() {
    return "item-knn" + parameters();
  }

  /** True when every value is 1 (binarized without weighting): co-occurrences are counts. */
  boolean binaryValues() {
    return binarize && weighting == Weighting.NONE;
  }

  /** Value used in scoring for a profile weight. */
  float scoringValue(float weight) {
    return binarize ? 1f : weight;
  }

  /**
   * Per-item factors of the similarity's denominator, computed once per fit so that each pair costs
   * a product: {@code √q} (cosine) or {@code q^α} (asymmetric) as a target, {@code √q} or {@code
   * q^(1−α)} as a profile item; the squared norms themselves for jaccard.
   *
   * @param asTarget true for target factors, false for profile-item (source) factors
   */
  double[] factors(double[] squares, boolean asTarget) {
    double[] f = new double[squares.length];
    for (int i = 0; i < f.length; i++) {
      double q = squares[i];
      switch (similarity) {
        case COSINE:
          f[i] = Math.sqrt(q);
          break;
        case JACCARD:
          f[i] = q;
          break;
        case ASYMMETRIC:
          f[i] = Math.pow(q, asTarget ? alpha : 1 - alpha);
          break;
        default:
          throw new AssertionError(similarity);
      }
    }
    return f;
  }

  /**
   * Similarity of target {@code t} to profile item {@code j}, before the support cut, from the dot
   * product and the {@linkplain #factors factors} of {@code t} (as target) and {@code j} (as source).
   */
  double similarity(double dot, double targetFactor, double sourceFactor) {
    double denominator = similarity == Similarity.JACCARD ? targetFactor + sourceFactor - dot
        : targetFactor * sourceFactor;
    return dot / (denominator + options.shrink());
  }

  /**
   * Values {@code v(u,i)} aligned with {@code rows.items()}, or null when they are all 1.
   * Non-BM25 values depend only on the user's own row (and the catalogue size), which makes
   * incremental updates exact.
   */
  double[] values(UserRows rows) {
    if (binaryValues()) {
      return null;
    }
    int[] ptr = rows.pointers();
    float[] weights = rows.weights();
    double[] v = new double[weights.length];
    double[] itemLength = null;
    double avgLength = 0;
    if (weighting == Weighting.BM25) {
      itemLength = new double[rows.numItems()];
      int[] items = rows.items();
      for (int p = 0; p < items.length; p++) {
        itemLength[items[p]] += scoringValue(weights[p]);
      }
      int nonEmpty = 0;
      for (double len : itemLength) {
        if (len > 0) {
          avgLength += len;
          nonEmpty++;
        }
      }
      avgLength = nonEmpty == 0 ? 1 : avgLength / nonEmpty;
    }
    for (int u = 0; u + 1 < ptr.length; u++) {
      int len = ptr[u + 1] - ptr[u];
      double idf = Math.log1p((double) rows.numItems() / Math.max(len, 1));
      for (int p = ptr[u]; p < ptr[u + 1]; p++) {
        double x = scoringValue(weights[p]);
        if (weighting == Weighting.NONE) {
          v[p] = x;
        } else if (weighting == Weighting.TFIDF) {
          v[p] = x * idf;
        } else {
          double norm = 1 - bm25B + bm25B * itemLength[rows.items()[p]] / avgLength;
          v[p] = x * (bm25K1 + 1) / (x + bm25K1 * norm) * idf;
        }
      }
    }
    return v;
  }

  /** Values of a single profile for an incremental update (not for BM25). */
  double[] profileValues(float[] weights, int numItems) {
    if (binaryValues()) {
      return null;
    }
    if (weighting == Weighting.BM25) {
      throw new IllegalStateException("BM25 values depend on global statistics; refit instead");
    }
    double idf = Math.log1p((double) numItems / Math.max(weights.length, 1));
    double[] v = new double[weights.length];
    for (int k = 0; k < weights.length; k++) {
      double x = scoringValue(weights[k]);
      v[k] = weighting == Weighting.NONE ? x : x * idf;
    }
    return v;
  }

  /**
   * Configures {@link ItemKnn}: one {@link ItemKnnOptions} value ({@link #neighbours}, {@link
   * #shrink}) and the similarity and weighting settings; every setter validates at once and leaves
   * the builder unchanged on failure. Not thread-safe.
   */
  public static final class Builder implements ItemKnnOptions.Setters<Builder> {
    private Similarity similarity = Similarity.valueOf(DEFAULT_SIMILARITY_NAME.toUpperCase(Locale.ROOT));
    private ItemKnnOptions options = ItemKnnOptions.defaults();
    private double alpha = DEFAULT_ALPHA;
    private int minSupport = 1;
    private Weighting weighting = Weighting.valueOf(DEFAULT_WEIGHTING_NAME.toUpperCase(Locale.ROOT));
    private double bm25K1 = DEFAULT_BM25_K1;
    private double bm25B = DEFAULT_BM25_B;
    private boolean binarize = true;

    private Builder() {}

    /** The similarity measure. */
    public Builder similarity(Similarity similarity) {
      this.similarity = requireNonNull(similarity, "similarity");
      return this;
    }

    /**
     * Replaces the neighbourhood hyperparameters (e.g. the options of a {@link
     * io.privrec.core.cf.dp.DpItemKnn}).
     *
     * @throws NullPointerException if {@code options} is null
     */
    @Override
    public Builder options(ItemKnnOptions options) {
      this.options = requireNonNull(options, "options");
      return this;
    }

    @Override
    public ItemKnnOptions options() {
      return options;
    }

    /**
     * Asymmetric-cosine exponent.
     *
     * @throws IllegalArgumentException unless in {@code [0, 1]}
     */
    public Builder alpha(double alpha) {
      this.alpha = CorePreconditions.checkInRange("alpha", alpha, 0, 1);
      return this;
    }

    /**
     * Minimum number of common users for a pair.
     *
     * @throws IllegalArgumentException unless {@code >= 1}
     */
    public Builder minSupport(int minSupport) {
      this.minSupport = CorePreconditions.checkPositive("minSupport", minSupport);
      return this;
    }

    /** The user weighting. */
    public Builder weighting(Weighting weighting) {
      this.weighting = requireNonNull(weighting, "weighting");
      return this;
    }

    /**
     * BM25 k1.
     *
     * @throws IllegalArgumentException unless finite and {@code >= 0}
     */
    public Builder bm25K1(double k1) {
      this.bm25K1 = CorePreconditions.checkNonNegative("bm25K1", k1);
      return this;
    }

    /**
     * BM25 b.
     *
     * @throws IllegalArgumentException unless in {@code [0, 1]}
     */
    public Builder bm25B(double b) {
      this.bm25B = CorePreconditions.checkInRange("bm25B", b, 0, 1);
      return this;
    }

    /** Whether weights are replaced by 1. */
    public Builder binarize(boolean binarize) {
      this.binarize = binarize;
      return this;
    }

    /** The configured algorithm. */
    public ItemKnn build() {
      return new ItemKnn(this);
    }
  }
}
