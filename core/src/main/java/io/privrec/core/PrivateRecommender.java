package io.privrec.core;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.Popularity;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.Algorithms;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.scoring.TopK;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PrivRec's facade: fits a recommender on a store's interactions and serves recommendations for
 * customers, anonymous visitors and batches.
 *
 * <pre>{@code
 * PrivateRecommender rec = PrivateRecommender.builder()
 *     .data(interactions)
 *     .algorithm("popularity")
 *     .build();
 * List<ScoredItem> top10 = rec.recommend("customer-42", 10);
 * List<ScoredItem> forVisitor = rec.recommendForSession(List.of("sku-1", "sku-7"), 10);
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Results are immutable lists of {@link ScoredItem}, best first, at most {@code k} long
 *       (shorter when fewer items remain after filtering); ties are broken by catalogue order.
 *   <li>Items the customer already interacted with are excluded unless {@link
 *       Builder#excludeSeen(boolean) excludeSeen(false)}; caller exclusions (e.g. out of stock)
 *       are removed too. Unknown ids in an exclusion set are ignored.
 *   <li>Unknown customers follow {@link ColdStart}: the popular items by default, or an
 *       {@link IllegalArgumentException}.
 *   <li>Anonymous visitors: {@link #recommendForSession} scores from the session's items only and
 *       keeps nothing about the visitor. Unknown item ids in a session are ignored.
 * </ul>
 *
 * <p>Thread-safe: immutable after {@link Builder#build()}; every call uses its own scratch space.
 */
public final class PrivateRecommender {
  private final InteractionMatrix data;
  private final Algorithm algorithm;
  private final ItemScorer scorer;
  private final ItemScorer popular;
  private final boolean excludeSeen;
  private final ColdStart coldStart;

  private PrivateRecommender(Builder b, ItemScorer scorer, ItemScorer popular) {
    this.data = b.data;
    this.algorithm = b.algorithm;
    this.scorer = scorer;
    this.popular = popular;
    this.excludeSeen = b.excludeSeen;
    this.coldStart = b.coldStart;
  }

  /** Starts configuring a recommender. */
  public static Builder builder() {
    return new Builder();
  }

  /** The training interactions. */
  public InteractionMatrix data() {
    return data;
  }

  /** The fitted algorithm's name and parameters. */
  public Algorithm algorithm() {
    return algorithm;
  }

  /** The fitted model (for evaluation and advanced use). */
  public ItemScorer scorer() {
    return scorer;
  }

  /**
   * Top-{@code k} items for a customer, excluding what she has seen.
   *
   * @throws IllegalArgumentException if {@code k < 0}, or the customer is unknown under {@link
   *     ColdStart#FAIL}
   */
  public List<ScoredItem> recommend(String customerId, int k) {
    return recommend(customerId, k, Set.of());
  }

  /**
   * Top-{@code k} items for a customer, excluding what she has seen and {@code excludedItemIds}.
   *
   * @throws IllegalArgumentException if {@code k < 0}, or the customer is unknown under {@link
   *     ColdStart#FAIL}
   */
  public List<ScoredItem> recommend(String customerId, int k, Set<String> excludedItemIds) {
    requireNonNull(customerId, "customerId");
    requireNonNull(excludedItemIds, "excludedItemIds");
    checkK(k);
    int user = data.users().indexOf(customerId);
    float[] scores = new float[data.numItems()];
    if (user < 0 || data.rowLength(user) == 0) {
      if (user < 0 && coldStart == ColdStart.FAIL) {
        throw new IllegalArgumentException("unknown customer id '" + customerId + "' (cold-start policy FAIL)");
      }
      popular.scoreProfile(new int[0], new float[0], scores);
    } else {
      scorer.scoreUser(user, scores);
      if (excludeSeen) {
        for (int p = data.rowStart(user); p < data.rowEnd(user); p++) {
          scores[data.itemAt(p)] = Float.NEGATIVE_INFINITY;
        }
      }
    }
    return finish(scores, k, excludedItemIds);
  }

  /**
   * Top-{@code k} items for an anonymous visitor from the items she looked at in this session;
   * the session's items are excluded from the result. Nothing about the visitor is stored.
   *
   * @param sessionItemIds item ids of the session, in any order; unknown ids and repeats ignored
   * @throws IllegalArgumentException if {@code k < 0}
   */
  public List<ScoredItem> recommendForSession(List<String> sessionItemIds, int k) {
    return recommendForSession(sessionItemIds, k, Set.of());
  }

  /**
   * Like {@link #recommendForSession(List, int)} with extra caller exclusions.
   *
   * @throws IllegalArgumentException if {@code k < 0}
   */
  public List<ScoredItem> recommendForSession(List<String> sessionItemIds, int k, Set<String> excludedItemIds) {
    requireNonNull(sessionItemIds, "sessionItemIds");
    requireNonNull(excludedItemIds, "excludedItemIds");
    checkK(k);
    int[] items = sessionItems(sessionItemIds);
    float[] weights = new float[items.length];
    java.util.Arrays.fill(weights, 1f);
    float[] scores = new float[data.numItems()];
    if (items.length == 0) {
      popular.scoreProfile(items, weights, scores);
    } else {
      scorer.scoreProfile(items, weights, scores);
      if (excludeSeen) {
        for (int i : items) {
          scores[i] = Float.NEGATIVE_INFINITY;
        }
      }
    }
    return finish(scores, k, excludedItemIds);
  }

  /**
   * Top-{@code k} lists for many customers (same rules as {@link #recommend(String, int)}), in the
   * order of {@code customerIds}; repeated ids appear once.
   *
   * @throws IllegalArgumentException if {@code k < 0}, or a customer is unknown under {@link
   *     ColdStart#FAIL} (then nothing is returned)
   */
  public Map<String, List<ScoredItem>> recommendBatch(Collection<String> customerIds, int k) {
    requireNonNull(customerIds, "customerIds");
    checkK(k);
    Map<String, List<ScoredItem>> result = new LinkedHashMap<>();
    for (String id : customerIds) {
      if (!result.containsKey(id)) {
        result.put(id, recommend(id, k));
      }
    }
    return Collections.unmodifiableMap(result);
  }

  private int[] sessionItems(List<String> ids) {
    IdIndex items = data.items();
    Set<Integer> seen = new HashSet<>();
    List<Integer> list = new ArrayList<>();
    for (String id : ids) {
      requireNonNull(id, "session item id");
      int i = items.indexOf(id);
      if (i >= 0 && seen.add(i)) {
        list.add(i);
      }
    }
    int[] result = new int[list.size()];
    for (int j = 0; j < result.length; j++) {
      result[j] = list.get(j);
    }
    java.util.Arrays.sort(result);
    return result;
  }

  private List<ScoredItem> finish(float[] scores, int k, Set<String> excluded) {
    IdIndex items = data.items();
    for (String id : excluded) {
      int i = items.indexOf(id);
      if (i >= 0) {
        scores[i] = Float.NEGATIVE_INFINITY;
      }
    }
    int[] top = TopK.select(scores, k);
    List<ScoredItem> result = new ArrayList<>(top.length);
    for (int i : top) {
      result.add(new ScoredItem(items.id(i), scores[i]));
    }
    return Collections.unmodifiableList(result);
  }

  private static void checkK(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0. Provided value: " + k);
    }
  }

  /** Configures and fits a {@link PrivateRecommender}. Not thread-safe. */
  public static final class Builder {
    private InteractionMatrix data;
    private Algorithm algorithm = Popularity.create();
    private boolean excludeSeen = true;
    private ColdStart coldStart = ColdStart.POPULAR;
    private FitListener listener = FitListener.NONE;

    private Builder() {}

    /** The training interactions (required). */
    public Builder data(InteractionMatrix data) {
      this.data = requireNonNull(data, "data");
      return this;
    }

    /** The algorithm by name with default parameters (see {@link Algorithms#names()}). */
    public Builder algorithm(String name) {
      return algorithm(name, Map.of());
    }

    /**
     * The algorithm by name with {@code key=value} parameters.
     *
     * @throws IllegalArgumentException for an unknown name, key or bad value
     */
    public Builder algorithm(String name, Map<String, String> params) {
      this.algorithm = Algorithms.create(name, params);
      return this;
    }

    /** A configured algorithm (default: popularity). */
    public Builder algorithm(Algorithm algorithm) {
      this.algorithm = requireNonNull(algorithm, "algorithm");
      return this;
    }

    /** Whether items the customer or visitor already has are filtered out (default true). */
    public Builder excludeSeen(boolean excludeSeen) {
      this.excludeSeen = excludeSeen;
      return this;
    }

    /** What to do for unknown customers (default {@link ColdStart#POPULAR}). */
    public Builder coldStart(ColdStart coldStart) {
      this.coldStart = requireNonNull(coldStart, "coldStart");
      return this;
    }

    /** Receives fitting progress (default none). */
    public Builder listener(FitListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Fits the model and returns the recommender.
     *
     * @throws IllegalStateException if no data was given
     */
    public PrivateRecommender build() {
      if (data == null) {
        throw new IllegalStateException("data(...) must be set before build()");
      }
      ItemScorer scorer = algorithm.fit(data, listener);
      ItemScorer popular = algorithm instanceof Popularity ? scorer : Popularity.create().fit(data, FitListener.NONE);
      return new PrivateRecommender(this, scorer, popular);
    }
  }
}
