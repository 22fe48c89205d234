package io.privrec.core;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.Popularity;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.ModelErasure;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.Algorithms;
import io.privrec.core.model.Explainable;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.core.privacy.ConsentRegister;
import io.privrec.core.privacy.CustomerExport;
import io.privrec.core.privacy.ErasureProof;
import io.privrec.core.privacy.Purpose;
import io.privrec.core.privacy.RetentionPolicy;
import io.privrec.core.scoring.TopK;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PrivRec's facade: fits a recommender on a store's interactions and serves recommendations for
 * customers, anonymous visitors and batches, while honouring consent, erasure, access and
 * (optionally) differential privacy.
 *
 * <pre>{@code
 * PrivateRecommender rec = PrivateRecommender.builder()
 *     .data(interactions)
 *     .algorithm("item-knn")
 *     .consent(register)                 // optional: GDPR / CCPA consent and opt-out
 *     .privacy(1.0, 1e-6)                // optional: publishable, user-level (ε, δ)-DP model
 *     .build();
 * List<ScoredItem> top10 = rec.recommend("customer-42", 10);
 * List<ScoredItem> forVisitor = rec.recommendForSession(List.of("sku-1", "sku-7"), 10);
 * ErasureReceipt receipt = rec.forget("customer-42");
 * }</pre>
 *
 * <h2>Recommendations</h2>
 * <ul>
 *   <li>Results are immutable lists of {@link ScoredItem}, best first, at most {@code k} long
 *       (shorter when fewer items remain after filtering); ties are broken by catalogue order.
 *   <li>Items the customer already interacted with are excluded unless {@link
 *       Builder#excludeSeen(boolean) excludeSeen(false)}; caller exclusions (e.g. out of stock)
 *       are removed too. Unknown ids in an exclusion set are ignored.
 *   <li>Unknown customers follow {@link ColdStart}: non-personalised items by default, or an
 *       {@link IllegalArgumentException}.
 *   <li>Anonymous visitors: {@link #recommendForSession} scores from the session's items only and
 *       keeps nothing about the visitor. Unknown item ids in a session are ignored.
 * </ul>
 *
 * <h2>Consent ({@link Builder#consent})</h2>
 * Customers not allowed {@link Purpose#MODEL_TRAINING} contribute nothing to the model. Customers
 * not allowed {@link Purpose#PERSONALISATION} get non-personalised recommendations and no profile
 * is read for them (so even seen items are not filtered). A customer allowed personalisation but
 * not training is scored from her own items against the model (fold-in), without being in it.
 *
 * <h2>Differential privacy ({@link Builder#privacy})</h2>
 * The chosen algorithm is replaced by its private variant ({@code item-knn} → {@code dp-item-knn}
 * and so on); its whole (ε, δ) is charged to the {@link PrivacyAccountant} before anything is
 * released, and {@link Builder#build()} fails with {@link
 * io.privrec.dp.budget.PrivacyBudgetExceededException} if the accountant cannot afford it. Each
 * customer's recommendations use only her own data and the private model (joint DP). Non-personalised
 * fallbacks then come from the private model too, never from raw counts.
 *
 * <h2>Erasure, access, transparency</h2>
 * {@link #forget} deletes a customer's interactions, redacts her id, erases her consent history
 * (keeping a pseudonymous proof) and updates the model — exactly for popularity, item-kNN and
 * EASE; approximately for iALS (item factors re-solved, retrain recommended); DP models are kept
 * (see {@link ModelUpdate}). {@link #export} returns everything held about her as JSON; {@link
 * #privacyReport()} describes the whole recommender; {@link #explain} names the customer's own
 * items behind a recommendation.
 *
 * <p>Thread-safe: reads see a consistent snapshot; {@link #forget} calls are serialised and
 * publish a new snapshot atomically.
 */
public final class PrivateRecommender {
  private final Algorithm algorithm;
  private final boolean excludeSeen;
  private final ColdStart coldStart;
  private final ConsentRegister consent; // null: no consent management
  private final RetentionPolicy retention; // null: keep everything
  private final PrivacyAccountant accountant; // null: non-private
  private final Clock clock;
  private final Object writeLock = new Object();
  /** Salted digests of erased ids: detects a repeated erasure without keeping the raw id. */
  private final Set<String> erasedDigests = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final byte[] erasureSalt = new byte[32];
  private volatile State state;

  /** Everything that changes on erasure, published atomically. */
  private static final class State {
    final InteractionMatrix data; // all interactions held
    final InteractionMatrix train; // the part the model was fitted on
    final ItemScorer scorer;
    final ItemScorer fallback;
    final int excludedByConsent;
    final long droppedByRetention;
    final int erased;
    final boolean retrainRecommended;

    State(InteractionMatrix data, InteractionMatrix train, ItemScorer scorer, ItemScorer fallback, int excludedByConsent,
        long droppedByRetention, int erased, boolean retrainRecommended) {
      this.data = data;
      this.train = train;
      this.scorer = scorer;
      this.fallback = fallback;
      this.excludedByConsent = excludedByConsent;
      this.droppedByRetention = droppedByRetention;
      this.erased = erased;
      this.retrainRecommended = retrainRecommended;
    }
  }

  private PrivateRecommender(Builder b, Algorithm algorithm, PrivacyAccountant accountant, State state) {
    this.algorithm = algorithm;
    this.excludeSeen = b.excludeSeen;
    this.coldStart = b.coldStart;
    this.consent = b.consent;
    this.retention = b.retention;
    this.accountant = accountant;
    this.clock = b.clock;
    this.state = state;
    new java.security.SecureRandom().nextBytes(erasureSalt);
  }

  private static java.security.MessageDigest sha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Salted digest of an id, computed with {@code sha} (from {@link #sha256()}; reset here). */
  private String erasureDigest(java.security.MessageDigest sha, String customerId) {
    sha.reset();
    sha.update(erasureSalt);
    return java.util.HexFormat.of().formatHex(sha.digest(customerId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Starts configuring a recommender. */
  public static Builder builder() {
    return new Builder();
  }

  /** All interactions currently held (erased customers' removed, their ids redacted). */
  public InteractionMatrix data() {
    return state.data;
  }

  /** The interactions the current model was fitted on (consent and retention applied). */
  public InteractionMatrix trainingData() {
    return state.train;
  }

  /** The fitted algorithm's name and parameters. */
  public Algorithm algorithm() {
    return algorithm;
  }

  /** The fitted model (for evaluation and advanced use). */
  public ItemScorer scorer() {
    return state.scorer;
  }

  /** The privacy accountant, if the model is differentially private. */
  public Optional<PrivacyAccountant> accountant() {
    return Optional.ofNullable(accountant);
  }

  /** True if an erasure left the model approximate and a full retrain is recommended. */
  public boolean retrainRecommended() {
    return state.retrainRecommended;
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
    State s = state;
    float[] scores = new float[s.data.numItems()];
    if (consent != null && !consent.isAllowed(customerId, Purpose.PERSONALISATION)) {
      s.fallback.scoreProfile(new int[0], new float[0], scores); // her profile is not read
      return finish(s, scores, k, excludedItemIds);
    }
    int user = s.data.users().indexOf(customerId);
    if (user < 0 || s.data.rowLength(user) == 0) {
      if (user < 0 && coldStart == ColdStart.FAIL) {
        throw new IllegalArgumentException("unknown customer id '" + customerId + "' (cold-start policy FAIL)");
      }
      s.fallback.scoreProfile(new int[0], new float[0], scores);
      return finish(s, scores, k, excludedItemIds);
    }
    s.scorer.scoreProfile(s.data.rowItems(user), s.data.rowWeights(user), scores);
    if (excludeSeen) {
      for (int p = s.data.rowStart(user); p < s.data.rowEnd(user); p++) {
        scores[s.data.itemAt(p)] = Float.NEGATIVE_INFINITY;
      }
    }
    return finish(s, scores, k, excludedItemIds);
  }

  /**
   * Top-{@code k} items for an anonymous visitor from the items she looked at in this session;
   * the session's items are excluded from the result. No identifier is taken and nothing about
   * the visitor is stored: the call reads the model and returns.
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
    State s = state;
    int[] items = sessionItems(s, sessionItemIds);
    float[] weights = ones(items.length);
    float[] scores = new float[s.data.numItems()];
    if (items.length == 0) {
      s.fallback.scoreProfile(items, weights, scores);
    } else {
      s.scorer.scoreProfile(items, weights, scores);
      if (excludeSeen) {
        for (int i : items) {
          scores[i] = Float.NEGATIVE_INFINITY;
        }
      }
    }
    return finish(s, scores, k, excludedItemIds);
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

  /**
   * Explains why {@code itemId} would be recommended to a customer: her own items that contributed
   * most to its score. Models that cannot attribute scores (popularity, DP popularity, DP item-kNN)
   * return no reasons; a customer who withdrew personalisation gets none either (her profile is not
   * read). A private model's reasons come from her own items and the released model only, so
   * showing them to her keeps the guarantee (joint differential privacy).
   *
   * @param maxReasons at most this many reasons, {@code >= 1}
   * @throws IllegalArgumentException for an unknown item or customer, or {@code maxReasons < 1}
   */
  public RecommendationExplanation explain(String customerId, String itemId, int maxReasons) {
    requireNonNull(customerId, "customerId");
    State s = state;
    int user = s.data.users().require(customerId);
    if (consent != null && !consent.isAllowed(customerId, Purpose.PERSONALISATION)) {
      return explainProfile(s, new int[0], new float[0], itemId, maxReasons);
    }
    return explainProfile(s, s.data.rowItems(user), s.data.rowWeights(user), itemId, maxReasons);
  }

  /**
   * Explains a session recommendation: which of the session's items led to {@code itemId}.
   *
   * @throws IllegalArgumentException for an unknown item or {@code maxReasons < 1}
   */
  public RecommendationExplanation explainForSession(List<String> sessionItemIds, String itemId, int maxReasons) {
    requireNonNull(sessionItemIds, "sessionItemIds");
    State s = state;
    int[] items = sessionItems(s, sessionItemIds);
    return explainProfile(s, items, ones(items.length), itemId, maxReasons);
  }

  private RecommendationExplanation explainProfile(State s, int[] items, float[] weights, String itemId, int maxReasons) {
    requireNonNull(itemId, "itemId");
    if (maxReasons < 1) {
      throw new IllegalArgumentException("maxReasons must be >= 1. Provided value: " + maxReasons);
    }
    int item = s.data.items().require(itemId);
    float[] scores = new float[s.data.numItems()];
    (items.length == 0 ? s.fallback : s.scorer).scoreProfile(items, weights, scores);
    List<ScoredItem> reasons = new ArrayList<>();
    if (items.length > 0 && s.scorer instanceof Explainable) {
      Explanation e = ((Explainable) s.scorer).explain(items, weights, item, maxReasons);
      for (int r = 0; r < e.reasons().length; r++) {
        reasons.add(new ScoredItem(s.data.items().id(e.reasons()[r]), e.contributions()[r]));
      }
    }
    return new RecommendationExplanation(itemId, scores[item], reasons);
  }

  /**
   * Erases one customer (GDPR art. 17, CCPA right to delete): see {@link #forget(Collection)}.
   *
   * @throws IllegalArgumentException if the customer is unknown (neither in the data nor in the
   *     consent register)
   * @throws IllegalStateException if she was already erased
   */
  public ErasureReceipt forget(String customerId) {
    requireNonNull(customerId, "customerId");
    return forget(List.of(customerId));
  }

  /**
   * Erases customers in one batch, much cheaper than one call each: deletes all their interactions,
   * redacts their ids, erases their consent history (the register keeps a pseudonymous proof,
   * recording a withdrawal first for a customer it never heard of) and updates the model once.
   * Validation happens before anything changes: an unknown or already erased id fails the whole
   * batch and changes nothing.
   *
   * @throws IllegalArgumentException if a customer is unknown or the collection is empty
   * @throws IllegalStateException if a customer was already erased
   */
  public ErasureReceipt forget(Collection<String> customerIds) {
    requireNonNull(customerIds, "customerIds");
    Set<String> ids = new LinkedHashSet<>(customerIds);
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("customerIds must not be empty");
    }
    synchronized (writeLock) {
      State s = state;
      int[] found = new int[ids.size()];
      int numFound = 0;
      List<String> digests = new ArrayList<>(ids.size());
      java.security.MessageDigest sha = sha256();
      for (String id : ids) {
        requireNonNull(id, "customer id");
        int u = s.data.users().indexOf(id);
        boolean inRegister = consent != null && consent.isKnown(id);
        String digest = erasureDigest(sha, id);
        digests.add(digest);
        if (u < 0 && (erasedDigests.contains(digest) || (consent != null && consent.isErased(id)))) {
          throw new IllegalStateException("customer '" + id + "' was already erased");
        }
        if (u < 0 && !inRegister) {
          throw new IllegalArgumentException("unknown customer id '" + id + "': nothing is held about her");
        }
        if (u >= 0) {
          found[numFound++] = u;
        }
      }
      StringBuilder proofs = new StringBuilder("[");
      if (consent != null) {
        for (String id : ids) {
          if (!consent.isKnown(id)) {
            consent.withdraw(id, Purpose.MODEL_TRAINING, "erasure-request");
          }
          ErasureProof proof = consent.erase(id, "erasure-request");
          proofs.append(proofs.length() > 1 ? "," : "").append(CustomerExport.toJson(proof));
        }
      }
      proofs.append(']');
      erasedDigests.addAll(digests);
      int[] erased = Arrays.copyOf(found, numFound);
      long removed = 0;
      for (int u : erased) {
        removed += s.data.rowLength(u);
      }
      InteractionMatrix data = s.data.eraseUsers(erased);
      InteractionMatrix train = s.train == s.data ? data : s.train.eraseUsers(erased);
      ModelErasure.Result updated = ModelErasure.forget(algorithm, s.scorer, s.train, train, erased);
      ItemScorer fallback = accountant != null || s.fallback == s.scorer ? updated.model()
          : ModelErasure.forget(Popularity.create(), s.fallback, s.train, train, erased).model();
      state = new State(data, train, updated.model(), fallback, s.excludedByConsent, s.droppedByRetention,
          s.erased + ids.size(), s.retrainRecommended || updated.update() == ModelUpdate.APPROXIMATE_RETRAIN_RECOMMENDED);
      return new ErasureReceipt(ids.size(), removed, updated.update(), proofs.toString());
    }
  }

  /**
   * Everything held about a customer (GDPR arts. 15 and 20): her consent standing, history and
   * erasure proofs, her interactions, her derived profile (latent factors where the model has
   * them) and which model used her data — as JSON another service can import.
   *
   * @throws IllegalArgumentException if nothing is held about her
   */
  public String export(String customerId) {
    requireNonNull(customerId, "customerId");
    State s = state;
    int user = s.data.users().indexOf(customerId);
    boolean inRegister = consent != null && (consent.isKnown(customerId) || consent.isErased(customerId));
    if (user < 0 && !inRegister) {
      throw new IllegalArgumentException("unknown customer id '" + customerId + "': nothing is held about her");
    }
    CustomerExport.Builder export = CustomerExport.forCustomer(customerId).generatedAt(clock.instant());
    if (consent != null) {
      export.consent(consent);
    }
    if (user >= 0) {
      export.interactions(s.data, customerId);
      boolean trained = s.train.rowLength(user) > 0;
      export.section("models", json -> {
        json.beginArray().beginObject().name("model").value(algorithm.name())
            .name("parameters").beginObject();
        algorithm.parameters().forEach((key, v) -> json.name(key).value(v));
        json.endObject().name("trainedOnHerData").value(trained)
            .name("differentiallyPrivate").value(accountant != null).endObject().endArray();
      });
      if (trained && s.scorer instanceof io.privrec.core.cf.Ials.Model && accountant == null) {
        float[] factors = ((io.privrec.core.cf.Ials.Model) s.scorer).userVector(user);
        export.section("profile", json -> {
          json.beginObject().name("userFactors").beginArray();
          for (float f : factors) {
            json.value(f);
          }
          json.endArray().endObject();
        });
      }
    }
    return export.toJson();
  }

  /** The recommender's privacy report (see {@link PrivacyReport}). */
  public PrivacyReport privacyReport() {
    State s = state;
    List<String> categories = new ArrayList<>(List.of("shopping interactions (customer id, item id, weight, time)"));
    if (consent != null) {
      categories.add("consent decisions (purpose, status, time, source)");
    }
    List<String> purposes = List.of(Purpose.MODEL_TRAINING.key() + ": fitting the recommendation model",
        Purpose.PERSONALISATION.key() + ": ranking items for a customer from her own history");
    int held = 0;
    int trained = 0;
    for (int u = 0; u < s.data.numUsers(); u++) {
      held += s.data.rowLength(u) > 0 ? 1 : 0;
      trained += s.train.rowLength(u) > 0 ? 1 : 0;
    }
    return new PrivacyReport(clock.instant(), categories, purposes, held, trained, s.excludedByConsent, s.erased,
        Optional.ofNullable(retention).map(RetentionPolicy::maxAge), s.droppedByRetention, algorithm.name(),
        algorithm.parameters(), Optional.ofNullable(accountant).map(PrivacyAccountant::total),
        Optional.ofNullable(accountant).map(PrivacyAccountant::spent),
        accountant == null ? List.of() : accountant.ledger());
  }

  private static int[] sessionItems(State s, List<String> ids) {
    IdIndex items = s.data.items();
    int[] result = new int[ids.size()];
    int n = 0;
    for (String id : ids) {
      requireNonNull(id, "session item id");
      int i = items.indexOf(id);
      if (i >= 0) {
        result[n++] = i;
      }
    }
    int[] sorted = Arrays.copyOf(result, n);
    Arrays.sort(sorted);
    int distinct = 0;
    for (int j = 0; j < n; j++) {
      if (j == 0 || sorted[j] != sorted[j - 1]) {
        sorted[distinct++] = sorted[j];
      }
    }
    return Arrays.copyOf(sorted, distinct);
  }

  private static float[] ones(int n) {
    float[] w = new float[n];
    Arrays.fill(w, 1f);
    return w;
  }

  private static List<ScoredItem> finish(State s, float[] scores, int k, Set<String> excluded) {
    IdIndex items = s.data.items();
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
    private String algorithmName = "popularity";
    private Map<String, String> algorithmParams = Map.of();
    private Algorithm algorithm;
    private boolean excludeSeen = true;
    private ColdStart coldStart = ColdStart.POPULAR;
    private FitListener listener = FitListener.NONE;
    private ConsentRegister consent;
    private RetentionPolicy retention;
    private PrivacyBudget privacy;
    private PrivacyAccountant accountant;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The store's interactions (required). */
    public Builder data(InteractionMatrix data) {
      this.data = requireNonNull(data, "data");
      return this;
    }

    /** The algorithm by name with default parameters (see {@link Algorithms#names()}). */
    public Builder algorithm(String name) {
      return algorithm(name, Map.of());
    }

    /**
     * The algorithm by name with {@code key=value} parameters (default: popularity).
     *
     * @throws IllegalArgumentException for an unknown name, key or bad value
     */
    public Builder algorithm(String name, Map<String, String> params) {
      requireNonNull(name, "name");
      requireNonNull(params, "params");
      Algorithms.create(name, params); // validate now, in the caller's terms
      this.algorithmName = name;
      this.algorithmParams = Map.copyOf(params);
      this.algorithm = null;
      return this;
    }

    /** A configured algorithm instance. With {@link #privacy} it must be a {@link PrivateAlgorithm}. */
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

    /** Honours this consent register for training, personalisation and erasure. */
    public Builder consent(ConsentRegister consent) {
      this.consent = requireNonNull(consent, "consent");
      return this;
    }

    /** Drops interactions older than the policy's age before fitting (needs timestamps). */
    public Builder retention(RetentionPolicy retention) {
      this.retention = requireNonNull(retention, "retention");
      return this;
    }

    /**
     * Makes the published model (ε, δ)-differentially private per customer: the algorithm is
     * replaced by its {@code dp-} variant with this budget.
     *
     * @throws IllegalArgumentException if ε is not finite and {@code > 0} or δ not in {@code [0, 1)}
     */
    public Builder privacy(double epsilon, double delta) {
      this.privacy = PrivacyBudget.of(epsilon, delta);
      return this;
    }

    /**
     * The accountant to charge (for a store-wide budget shared by several models); by default a
     * fresh one whose total is the {@link #privacy} budget.
     */
    public Builder accountant(PrivacyAccountant accountant) {
      this.accountant = requireNonNull(accountant, "accountant");
      return this;
    }

    /** The clock used for retention and reports (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Applies retention and consent, fits the model and returns the recommender.
     *
     * @throws IllegalStateException if no data was given, or an accountant without {@link #privacy}
     * @throws IllegalArgumentException if {@link #privacy} is set but the algorithm has no private
     *     variant
     * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if the accountant cannot afford
     *     the private model (nothing is fitted or released)
     */
    public PrivateRecommender build() {
      if (data == null) {
        throw new IllegalStateException("data(...) must be set before build()");
      }
      if (accountant != null && privacy == null) {
        throw new IllegalStateException("accountant(...) needs privacy(epsilon, delta)");
      }
      Algorithm chosen = chooseAlgorithm();
      InteractionMatrix held = data;
      long dropped = 0;
      if (retention != null) {
        RetentionPolicy.Result r = retention.apply(held, clock.instant());
        held = r.data();
        dropped = r.dropped();
      }
      InteractionMatrix train = held;
      int excluded = 0;
      if (consent != null) {
        train = consent.keepAllowed(held, Purpose.MODEL_TRAINING);
        for (int u = 0; u < held.numUsers(); u++) {
          if (held.rowLength(u) > 0 && train.rowLength(u) == 0) {
            excluded++;
          }
        }
      }
      ItemScorer scorer;
      ItemScorer fallback;
      PrivacyAccountant charged = null;
      if (privacy != null) {
        charged = accountant != null ? accountant : PrivacyAccountant.create(privacy);
        scorer = ((PrivateAlgorithm) chosen).fit(train, listener, charged);
        fallback = scorer;
      } else {
        scorer = chosen.fit(train, listener);
        fallback = chosen instanceof Popularity ? scorer : Popularity.create().fit(train, FitListener.NONE);
      }
      State state = new State(held, train, scorer, fallback, excluded, dropped, 0, false);
      return new PrivateRecommender(this, chosen, charged, state);
    }

    private Algorithm chooseAlgorithm() {
      if (privacy == null) {
        return algorithm != null ? algorithm : Algorithms.create(algorithmName, algorithmParams);
      }
      if (algorithm != null) {
        if (!(algorithm instanceof PrivateAlgorithm)) {
          throw new IllegalArgumentException("privacy(...) needs a differentially private algorithm; '"
              + algorithm.name() + "' is not one");
        }
        return algorithm;
      }
      String name = algorithmName.startsWith("dp-") ? algorithmName : "dp-" + algorithmName;
      if (!Algorithms.names().contains(name)) {
        throw new IllegalArgumentException("algorithm '" + algorithmName + "' has no differentially private variant; known: "
            + Algorithms.names());
      }
      Map<String, String> params = new LinkedHashMap<>(algorithmParams);
      params.put("epsilon", Double.toString(privacy.epsilon()));
      params.put("delta", Double.toString(privacy.delta()));
      Algorithm a = Algorithms.create(name, params);
      if (!(a instanceof PrivateAlgorithm)) {
        throw new IllegalArgumentException("'" + name + "' is not a PrivateAlgorithm");
      }
      return a;
    }
  }
}
