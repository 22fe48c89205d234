package io.privrec.core;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.cf.dp.DpEase;
import io.privrec.core.cf.dp.DpEaseModel;
import io.privrec.core.cf.dp.DpPopularity;
import io.privrec.core.cf.dp.DpPopularityModel;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.CustomerAttributes;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.internal.cohort.CohortFitting;
import io.privrec.core.internal.cohort.CohortModel;
import io.privrec.core.internal.home.EventStore;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.Explainable;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.core.privacy.ConsentEvent;
import io.privrec.core.privacy.ConsentRegister;
import io.privrec.core.privacy.ConsentStatus;
import io.privrec.core.privacy.CustomerExport;
import io.privrec.core.privacy.ErasureProof;
import io.privrec.core.privacy.Purpose;
import io.privrec.core.privacy.RetentionPolicy;
import io.privrec.core.scoring.TopK;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyBudgetExceededException;
import io.privrec.dp.budget.PrivacyCost;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * PrivRec's facade: fits a recommender on a store's interactions and serves recommendations for
 * customers, anonymous visitors and batches, while honouring consent, erasure, access and
 * (optionally) differential privacy.
 *
 * <pre>{@code
 * PrivateRecommender rec = PrivateRecommender.builder()
 *     .data(interactions)
 *     .catalogue(Catalogue.of(productIds))  // the shop's public product list
 *     .algorithm("item-knn")
 *     .consent(register)                 // optional: GDPR / CCPA consent and opt-out
 *     .privacy(1.0, 1e-6)                // optional: publishable, customer-level (ε, δ)-DP model
 *     .build();
 * List<ScoredItem> top10 = rec.recommend("customer-42", 10);
 * List<ScoredItem> forVisitor = rec.recommendForSession(List.of("sku-1", "sku-7"), 10);
 * ErasureReceipt receipt = rec.forget("customer-42");
 * }</pre>
 *
 * <h2>What is public and what is protected</h2>
 * The shop's {@linkplain Builder#catalogue catalogue} is public: the model indexes exactly its
 * items, in its order, and interactions on other items are dropped before fitting. Everything
 * else — who bought what, how many customers there are, which customer holds which item — is
 * protected. In privacy mode the fitted model is a differentially private release: its shape, item
 * order and listed items are functions of the catalogue and the configuration only, its values
 * come from the private mechanisms, and the {@linkplain #privacyReport() publishable report}
 * depends on configuration and the releases only. Each customer is scored from her own data and
 * the release (joint differential privacy). Timing side channels (how long a call takes) are out
 * of scope.
 *
 * <h2>Customer data has one home</h2>
 * A fitted model holds item-side statistics only: no customer's row, factors or cohort. The
 * interactions live here, beside the facade: every customer is scored from her own interactions
 * against the model (with fold-in where the algorithm needs it), exactly as an anonymous session
 * is, and {@link #forget} deletes them here and updates the model through its one erasure role
 * ({@link ItemScorer#forget}).
 *
 * <h2>Recommendations</h2>
 * <ul>
 *   <li>Results are immutable lists of {@link ScoredItem}, best first, at most {@code k} long
 *       (shorter when fewer items remain after filtering); ties are broken by catalogue order.
 *   <li>Items the customer already interacted with are excluded unless {@link
 *       Builder#excludeSeen(boolean) excludeSeen(false)}; caller exclusions (e.g. out of stock)
 *       are removed too. Unknown ids in an exclusion set are ignored.
 *   <li>Unknown customers follow {@link ColdStart}, checked before any consent rule:
 *       non-personalised items by default, or an {@link IllegalArgumentException}.
 *   <li>Anonymous visitors: {@link #recommendForSession} scores from the session's items only and
 *       keeps nothing about the visitor. Unknown item ids in a session are ignored.
 *   <li>Non-personalised lists (no profile, personalisation withdrawn, empty session, and every
 *       list of the non-private popularity model) of a non-private recommender never show an item
 *       held by fewer than {@link Builder#fallbackMinCustomers(int) k} training customers (default
 *       {@value #DEFAULT_FALLBACK_MIN_CUSTOMERS}), so they never reveal a small group's baskets;
 *       in privacy mode they come from the private model.
 * </ul>
 *
 * <h2>Location cohorts ({@link Builder#attributes}, {@link Builder#cohorts})</h2>
 * Customers' attributes (region, age band, …) live here too. With cohorts configured, the
 * recommender forms k-anonymous cohorts of the consenting customers ({@link
 * Purpose#LOCATION_PERSONALISATION}), serves {@link #recommendForAttributes} to visitors who share
 * only some attributes, ranks customers with little history by a blend of their own ranking and
 * their cohort's ({@link CohortOptions}), and names the cohort in {@link
 * RecommendationExplanation#cohort()}. The cohort definitions are public (k-anonymous, not
 * differentially private); membership, sizes and counts are protected (see {@link
 * Builder#cohorts}).
 *
 * <h2>Consent ({@link Builder#consent})</h2>
 * Customers not allowed {@link Purpose#MODEL_TRAINING} contribute nothing to the model, and items
 * only they held are not in a catalogue-less model at all. Customers not allowed {@link
 * Purpose#PERSONALISATION} get non-personalised recommendations and no profile is read for them
 * (so even seen items are not filtered). A customer allowed personalisation but not training is
 * scored from her own items against the model, without being in it. A training withdrawal after
 * the recommender was built takes effect before the next call returns: she is removed from the
 * model through the erasure path (exact models), or removed with a retrain flagged (iALS); a
 * private model keeps its release. The report counts these withdrawals.
 *
 * <h2>Differential privacy ({@link Builder#privacy})</h2>
 * The chosen algorithm is replaced by its private variant ({@code item-knn} → {@code dp-item-knn}
 * and so on, whether chosen by name or as an instance), restricted to the catalogue (required);
 * its whole (ε, δ) is charged to the {@link PrivacyAccountant} before anything is released, and
 * {@link Builder#build()} fails with {@link io.privrec.dp.budget.PrivacyBudgetExceededException}
 * if the accountant cannot afford it.
 *
 * <h2>Erasure, access, transparency</h2>
 * {@link #forget} deletes a customer's interactions, redacts her id, erases her consent history
 * (keeping a pseudonymous proof) and updates the model (see {@link ModelUpdate}). {@link #export}
 * returns everything held about her as JSON; {@link #privacyReport()} describes the whole
 * recommender; {@link #explain} names the customer's own items behind a recommendation. No
 * exception message of this class repeats a customer id or a count of private data.
 *
 * <p>Thread-safe: reads see a consistent snapshot; {@link #forget} calls and consent updates are
 * serialised and publish a new snapshot atomically.
 */
public final class PrivateRecommender {
  /** Default {@link Builder#fallbackMinCustomers(int)}. */
  public static final int DEFAULT_FALLBACK_MIN_CUSTOMERS = 10;
  /**
   * Privacy mode: the share of the cohort budget spent on the per-cohort counts; the rest goes to
   * the release's global item counts, which the cohort ranking does not use (its global term is
   * the sum of the cohorts' counts).
   */
  static final double COHORT_COUNTS_SHARE = 0.9;

  private final Algorithm algorithm;
  private final boolean excludeSeen;
  private final ColdStart coldStart;
  private final ConsentRegister consent; // null: no consent management
  private final RetentionPolicy retention; // null: keep everything
  private final PrivacyAccountant accountant; // null: non-private
  private final Catalogue catalogue; // null: the items of the training data (non-private only)
  private volatile CohortOptions cohortOptions; // null: no cohorts; only the blend prior changes
  private final int fallbackMinCustomers;
  /** Non-private popularity: every list is the thresholded fallback ranking. */
  private final boolean nonPersonalised;
  private final Clock clock;
  private final Object writeLock = new Object();
  /** Salted digests of erased ids: detects a repeated erasure without keeping the raw id. */
  private final Set<String> erasedDigests = ConcurrentHashMap.newKeySet();
  private final byte[] erasureSalt = new byte[32];
  /** Customers who withdrew training consent since the last snapshot, applied before each call. */
  private final ConcurrentLinkedQueue<String> pendingWithdrawals = new ConcurrentLinkedQueue<>();
  /** Customers who withdrew location consent since the last snapshot, applied before each call. */
  private final ConcurrentLinkedQueue<String> pendingLocationWithdrawals = new ConcurrentLinkedQueue<>();
  private volatile State state;
  /**
   * Complete profiles of customers with events recorded after the model's data was taken (set by
   * {@link RecommenderHome}): such a customer is scored from this row instead of her row in {@code
   * state.data}, so her next recommendation uses her new events before any refit.
   */
  private final ConcurrentHashMap<String, EventStore.Profile> live = new ConcurrentHashMap<>();

  /** Everything that changes on erasure or consent withdrawal, published atomically. */
  private static final class State {
    final InteractionMatrix data; // all interactions held, indexed by the data's own ids
    final InteractionMatrix train; // the part the model was fitted on, on the model's item index
    final ItemScorer scorer;
    final int[] dataToModel; // data item index -> model item index, -1 outside the model
    final int[] counts; // training customers per model item; null in privacy mode
    final float[] fallback; // non-personalised scores over the model's items, -inf: never shown
    final int excludedByConsent;
    final long droppedByRetention;
    final int erased;
    final int withdrawnAfterBuild;
    final boolean retrainRecommended;
    final CustomerAttributes attributes; // null: none given
    final CohortModel cohorts; // null: no cohorts configured, or fewer than k members
    final int[] cohortOfUser; // data user index -> cohort of a member, -1 otherwise; null without cohorts

    State(InteractionMatrix data, InteractionMatrix train, ItemScorer scorer, int[] dataToModel, int[] counts,
        float[] fallback, int excludedByConsent, long droppedByRetention, int erased,
        int withdrawnAfterBuild, boolean retrainRecommended, CustomerAttributes attributes, CohortModel cohorts,
        int[] cohortOfUser) {
      this.data = data;
      this.train = train;
      this.scorer = scorer;
      this.dataToModel = dataToModel;
      this.counts = counts;
      this.fallback = fallback;
      this.excludedByConsent = excludedByConsent;
      this.droppedByRetention = droppedByRetention;
      this.erased = erased;
      this.withdrawnAfterBuild = withdrawnAfterBuild;
      this.retrainRecommended = retrainRecommended;
      this.attributes = attributes;
      this.cohorts = cohorts;
      this.cohortOfUser = cohortOfUser;
    }

    State with(InteractionMatrix newData, InteractionMatrix newTrain, ItemScorer newScorer, int[] newCounts,
        float[] newFallback, int newErased, int newWithdrawn, boolean retrain) {
      return new State(newData, newTrain, newScorer, dataToModel, newCounts, newFallback, excludedByConsent,
          droppedByRetention, newErased, newWithdrawn, retrain, attributes, cohorts, cohortOfUser);
    }

    State withCustomerSide(CustomerAttributes newAttributes, CohortModel newCohorts, int[] newCohortOfUser) {
      return new State(data, train, scorer, dataToModel, counts, fallback, excludedByConsent, droppedByRetention,
          erased, withdrawnAfterBuild, retrainRecommended, newAttributes, newCohorts, newCohortOfUser);
    }
  }

  private PrivateRecommender(Builder b, Algorithm algorithm, PrivacyAccountant accountant, State state) {
    this.algorithm = algorithm;
    this.excludeSeen = b.excludeSeen;
    this.coldStart = b.coldStart;
    this.consent = b.consent;
    this.retention = b.retention;
    this.accountant = accountant;
    this.catalogue = b.catalogue;
    this.cohortOptions = b.cohorts;
    this.fallbackMinCustomers = b.fallbackMinCustomers;
    this.nonPersonalised = accountant == null && "popularity".equals(algorithm.name());
    this.clock = b.clock;
    this.state = state;
    new SecureRandom().nextBytes(erasureSalt);
    if (consent != null) {
      consent.addListener(new WithdrawalListener(this, consent));
    }
  }

  /**
   * Queues training withdrawals for a recommender without keeping it alive: a register outlives
   * the recommenders built on it (e.g. one per nightly refit), so the listener holds the
   * recommender weakly and unregisters itself once it is gone.
   */
  private static final class WithdrawalListener implements java.util.function.Consumer<ConsentEvent> {
    private final java.lang.ref.WeakReference<PrivateRecommender> target;
    private final ConsentRegister register;

    WithdrawalListener(PrivateRecommender target, ConsentRegister register) {
      this.target = new java.lang.ref.WeakReference<>(target);
      this.register = register;
    }

    @Override
    public void accept(ConsentEvent event) {
      PrivateRecommender recommender = target.get();
      if (recommender == null) {
        register.removeListener(this);
      } else {
        recommender.onConsentChange(event);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Salted digest of an id, computed with {@code sha} (from {@link #sha256()}; reset here). */
  private String erasureDigest(MessageDigest sha, String customerId) {
    sha.reset();
    sha.update(erasureSalt);
    return HexFormat.of().formatHex(sha.digest(customerId.getBytes(StandardCharsets.UTF_8)));
  }

  /** Starts configuring a recommender. */
  public static Builder builder() {
    return new Builder();
  }

  /** All interactions currently held (erased customers' removed, their ids redacted). */
  public InteractionMatrix data() {
    return current().data;
  }

  /**
   * The interactions the current model stands for (consent and retention applied, erased and
   * withdrawn customers removed), indexed like the model ({@code trainingData().items()} is {@code
   * scorer().items()}); user indices line up with {@link #data()}.
   */
  public InteractionMatrix trainingData() {
    return current().train;
  }

  /** The fitted algorithm's name and parameters. */
  public Algorithm algorithm() {
    return algorithm;
  }

  /** The fitted model (for evaluation and advanced use); it holds item-side statistics only. */
  public ItemScorer scorer() {
    return current().scorer;
  }

  /** The public catalogue the model indexes, if one was given. */
  public Optional<Catalogue> catalogue() {
    return Optional.ofNullable(catalogue);
  }

  /** The privacy accountant, if the model is differentially private. */
  public Optional<PrivacyAccountant> accountant() {
    return Optional.ofNullable(accountant);
  }

  /** True if an erasure or withdrawal left the model approximate and a full retrain is recommended. */
  public boolean retrainRecommended() {
    return current().retrainRecommended;
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
    CorePreconditions.checkNonNegative("k", k);
    State s = current();
    int user = s.data.users().indexOf(customerId);
    EventStore.Profile liveRow = live.get(customerId);
    if (user < 0 && liveRow == null && coldStart == ColdStart.FAIL
        && (s.attributes == null || !s.attributes.contains(customerId))) {
      throw CorePreconditions.unknownCustomer("customerId", "the cold-start policy is FAIL");
    }
    Ranking ranking = rank(s, customerId, user, liveRow);
    float[] scores = ranking.scores();
    if (excludeSeen) {
      for (int i : ranking.profile().items()) {
        scores[i] = Float.NEGATIVE_INFINITY;
      }
    }
    return finish(s, scores, k, excludedItemIds);
  }

  /**
   * Her scores before exclusions, the profile they read (empty when personalisation is not
   * allowed) and, when her cohort took part, its cohorts and blend weight.
   */
  private record Ranking(float[] scores, Profile profile, int[] leaves, double cohortWeight) {}

  /** Her cohort attributes, when cohorts are fitted, she has attributes and allows their use. */
  private Map<String, String> customerCohortAttributes(State s, String customerId) {
    if (s.cohorts == null || s.attributes == null) {
      return null;
    }
    Map<String, String> given = s.attributes.valuesByName(customerId);
    if (given == null || (consent != null && !consent.isAllowed(customerId, Purpose.LOCATION_PERSONALISATION))) {
      return null;
    }
    return given;
  }

  private Ranking rank(State s, String customerId, int user, EventStore.Profile liveRow) {
    CohortOptions options = cohortOptions;
    boolean personal = consent == null || consent.isAllowed(customerId, Purpose.PERSONALISATION);
    Profile profile = personal ? Profile.of(s, user, liveRow) : Profile.EMPTY; // else her profile is not read
    int[] items = profile.items();
    Map<String, String> given = customerCohortAttributes(s, customerId);
    int[] leaves = given == null ? null : cohortsFor(s, given);
    double w = leaves == null ? 0 : options.cohortWeight(items.length, s.scorer.describedItems(items));
    if (w >= 1) {
      return new Ranking(cohortScores(s, given), profile, leaves, 1);
    }
    float[] scores;
    if (items.length == 0 || nonPersonalised) {
      scores = s.fallback.clone();
    } else {
      scores = new float[s.scorer.numItems()];
      s.scorer.scoreProfile(items, profile.weights(), scores);
    }
    if (w > 0) {
      blend(scores, cohortScores(s, given), w);
    }
    return new Ranking(scores, profile, w > 0 ? leaves : null, w);
  }

  /** Ranks fused by {@link #blend}: the top of each list, and the fusion constant. */
  private static final int FUSED_RANKS = 500;
  private static final double FUSION_K = 60;

  /**
   * Weighted reciprocal-rank fusion (Cormack, Clarke &amp; Büttcher, SIGIR 2009): {@code base[i] ←
   * (1 − w) / (60 + r_base(i)) + w / (60 + r_cohort(i))}, where {@code r} is the item's rank in
   * the list (1 = best) if it is among the list's top 500 and the term is 0 otherwise; items in
   * neither top list keep the base's order below every fused one. Ranks, unlike scores, need no
   * common scale, so neither model's score range nor a few outlying counts decide the mix. An
   * item the base never lists stays {@code -∞}.
   */
  private static void blend(float[] base, float[] cohort, double w) {
    double[] fused = new double[base.length];
    int[] topBase = TopK.select(base, FUSED_RANKS);
    int[] topCohort = TopK.select(cohort, FUSED_RANKS);
    for (int r = 0; r < topBase.length; r++) {
      fused[topBase[r]] += (1 - w) / (FUSION_K + r + 1);
    }
    for (int r = 0; r < topCohort.length; r++) {
      fused[topCohort[r]] += w / (FUSION_K + r + 1);
    }
    // Below every fused item: the base's own order, squeezed into (0, floor).
    double floor = Math.min(1 - w, w) / (FUSION_K + FUSED_RANKS + 1);
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float x : base) {
      if (Float.isFinite(x)) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
    }
    double span = max > min ? max - min : 1;
    for (int i = 0; i < base.length; i++) {
      if (base[i] == Float.NEGATIVE_INFINITY) {
        continue;
      }
      base[i] = (float) (fused[i] > 0 ? floor + fused[i] : floor * 0.5 * (base[i] - min) / span);
    }
  }

  private int[] cohortsFor(State s, Map<String, String> given) {
    return s.cohorts.cohorts().cohortsOf(CohortFitting.key(s.attributes, cohortOptions.attributes(), given));
  }

  /**
   * Cohort popularity for these attributes by backoff: the cohorts consistent with every given
   * cohort attribute, then without the last cohort attribute, and so on up to every cohort (see
   * {@link CohortModel#score(int[][], float[])}).
   */
  private float[] cohortScores(State s, Map<String, String> given) {
    List<String> names = cohortOptions.attributes();
    List<int[]> levels = new ArrayList<>();
    for (int keep = names.size(); keep >= 0; keep--) {
      Map<String, String> known = new HashMap<>();
      for (int a = 0; a < keep; a++) {
        String v = given.get(names.get(a));
        if (v != null) {
          known.put(names.get(a), v);
        }
      }
      int[] leaves = cohortsFor(s, known);
      if (levels.isEmpty() || !Arrays.equals(levels.get(levels.size() - 1), leaves)) {
        levels.add(leaves);
      }
    }
    float[] scores = new float[s.cohorts.numItems()];
    s.cohorts.score(levels.toArray(new int[0][]), scores);
    return scores;
  }

  /**
   * Top-{@code k} items for an anonymous visitor who shares only some attributes (e.g. {@code
   * Map.of("region", "North-West")}): the popularity of the smallest set of cohorts consistent with
   * what she shared. Any subset of the cohort attributes may be given; a missing, blank or unknown
   * value walks up (the lookup takes every cohort the value could belong to), and a coarser label
   * of a hierarchy (a region where cohorts split postcodes) stands for everything below it.
   * Attributes that do not define cohorts are ignored. Nothing about the visitor is stored. Without
   * enough consenting customers to form one cohort of {@code k}, the non-personalised ranking is
   * returned.
   *
   * @param attributes attribute name → value; values may be null (unknown)
   * @throws IllegalStateException if the recommender was built without {@link Builder#cohorts}
   * @throws IllegalArgumentException if {@code k < 0}
   */
  public List<ScoredItem> recommendForAttributes(Map<String, String> attributes, int k) {
    return recommendForAttributes(attributes, k, Set.of());
  }

  /**
   * Like {@link #recommendForAttributes(Map, int)} with caller exclusions (e.g. out of stock).
   *
   * @throws IllegalStateException if the recommender was built without {@link Builder#cohorts}
   * @throws IllegalArgumentException if {@code k < 0}
   */
  public List<ScoredItem> recommendForAttributes(Map<String, String> attributes, int k, Set<String> excludedItemIds) {
    requireNonNull(attributes, "attributes");
    requireNonNull(excludedItemIds, "excludedItemIds");
    CorePreconditions.checkNonNegative("k", k);
    requireCohorts();
    State s = current();
    float[] scores = s.cohorts == null ? s.fallback.clone() : cohortScores(s, attributes);
    return finish(s, scores, k, excludedItemIds);
  }

  /**
   * Explains a recommendation for an anonymous visitor with these attributes: the score and the
   * cohort it comes from (e.g. {@code "region North-West, age-band 25-34"}, or {@code "all
   * customers"}); there are no item reasons.
   *
   * @throws IllegalStateException if the recommender was built without {@link Builder#cohorts}
   * @throws IllegalArgumentException for an item this recommender does not list
   */
  public RecommendationExplanation explainForAttributes(Map<String, String> attributes, String itemId) {
    requireNonNull(attributes, "attributes");
    requireNonNull(itemId, "itemId");
    requireCohorts();
    State s = current();
    int item = listedItem(s, itemId);
    if (s.cohorts == null) {
      return explanation(itemId, s.fallback[item], List.of(), Optional.of("all customers"));
    }
    int[] leaves = cohortsFor(s, attributes);
    return explanation(itemId, cohortScores(s, attributes)[item], List.of(), Optional.of(s.cohorts.describe(leaves)));
  }

  /**
   * Sets the blend prior α of {@link CohortOptions} for calls that start afterwards, keeping the
   * fitted model, cohorts and everything held: for choosing α on validation data without fitting
   * (or spending privacy budget) again. {@code α = 0} ranks customers with a history by the model
   * alone.
   *
   * @throws IllegalStateException if the recommender was built without {@link Builder#cohorts}
   * @throws IllegalArgumentException unless α is finite and {@code >= 0}
   */
  public void setBlendPrior(double alpha) {
    requireCohorts();
    cohortOptions = cohortOptions.withBlendPrior(alpha);
  }

  /** The cohort options in use (with the current blend prior), if the recommender has cohorts. */
  public Optional<CohortOptions> cohortOptions() {
    return Optional.ofNullable(cohortOptions);
  }

  private void requireCohorts() {
    if (cohortOptions == null) {
      throw new IllegalStateException("this recommender has no cohorts: build it with Builder.cohorts(...) and"
          + " attributes(...)");
    }
  }

  private int listedItem(State s, String itemId) {
    int item = s.scorer.items().indexOf(itemId);
    if (item < 0 || hidden(s, item)) {
      throw CorePreconditions.failUnquoted("itemId", "must be an item of the model");
    }
    return item;
  }

  private static RecommendationExplanation explanation(String itemId, float score, List<ScoredItem> reasons,
      Optional<String> cohort) {
    if (!Float.isFinite(score)) {
      throw CorePreconditions.failUnquoted("itemId", "must be an item this recommender lists");
    }
    return new RecommendationExplanation(itemId, score, reasons, cohort);
  }

  /**
   * Her items on the model's index, ascending (items outside the model dropped), with their
   * weights. The order is canonical, so a profile built from her row in the data and one built
   * from her live row score bit for bit alike.
   */
  private record Profile(int[] items, float[] weights) {
    static final Profile EMPTY = new Profile(new int[0], new float[0]);

    /** From her live row if she has one, else her row in the data ({@code user < 0}: none). */
    static Profile of(State s, int user, EventStore.Profile liveRow) {
      if (liveRow != null) {
        IdIndex modelItems = s.scorer.items();
        long[] keyed = new long[liveRow.items().length];
        int n = 0;
        for (int j = 0; j < keyed.length; j++) {
          int i = liveRow.weights()[j] > 0 ? modelItems.indexOf(liveRow.items()[j]) : -1;
          if (i >= 0) {
            keyed[n++] = ((long) i << 32) | Float.floatToRawIntBits(liveRow.weights()[j]) & 0xffffffffL;
          }
        }
        return sorted(keyed, n);
      }
      if (user < 0) {
        return EMPTY;
      }
      long[] keyed = new long[s.data.rowLength(user)];
      int n = 0;
      for (int p = s.data.rowStart(user); p < s.data.rowEnd(user); p++) {
        int i = s.dataToModel[s.data.itemAt(p)];
        if (i >= 0) {
          keyed[n++] = ((long) i << 32) | Float.floatToRawIntBits(s.data.weightAt(p)) & 0xffffffffL;
        }
      }
      return sorted(keyed, n);
    }

    private static Profile sorted(long[] keyed, int n) {
      Arrays.sort(keyed, 0, n);
      int[] items = new int[n];
      float[] weights = new float[n];
      for (int j = 0; j < n; j++) {
        items[j] = (int) (keyed[j] >>> 32);
        weights[j] = Float.intBitsToFloat((int) keyed[j]);
      }
      return new Profile(items, weights);
    }
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
    CorePreconditions.checkNonNegative("k", k);
    State s = current();
    int[] items = sessionItems(s, sessionItemIds);
    if (items.length == 0 || nonPersonalised) {
      float[] scores = s.fallback.clone();
      if (excludeSeen) {
        for (int i : items) {
          scores[i] = Float.NEGATIVE_INFINITY;
        }
      }
      return finish(s, scores, k, excludedItemIds);
    }
    float[] scores = new float[s.scorer.numItems()];
    s.scorer.scoreProfile(items, ones(items.length), scores);
    if (excludeSeen) {
      for (int i : items) {
        scores[i] = Float.NEGATIVE_INFINITY;
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
    CorePreconditions.checkNonNegative("k", k);
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
   * @throws IllegalArgumentException for an item outside the model, an unknown customer, or {@code
   *     maxReasons < 1}
   */
  public RecommendationExplanation explain(String customerId, String itemId, int maxReasons) {
    requireNonNull(customerId, "customerId");
    State s = current();
    int user = s.data.users().indexOf(customerId);
    EventStore.Profile liveRow = live.get(customerId);
    if (user < 0 && liveRow == null && (s.attributes == null || !s.attributes.contains(customerId))) {
      throw CorePreconditions.unknownCustomer("customerId", "no data, live events or attributes of hers are held");
    }
    requireNonNull(itemId, "itemId");
    CorePreconditions.checkPositive("maxReasons", maxReasons);
    int item = listedItem(s, itemId);
    Ranking ranking = rank(s, customerId, user, liveRow);
    List<ScoredItem> reasons = ranking.cohortWeight() < 1
        ? reasons(s, ranking.profile().items(), ranking.profile().weights(), item, maxReasons) : List.of();
    Optional<String> cohort = ranking.leaves() == null ? Optional.empty()
        : Optional.of(s.cohorts.describe(ranking.leaves()));
    return explanation(itemId, ranking.scores()[item], reasons, cohort);
  }

  /**
   * Explains a session recommendation: which of the session's items led to {@code itemId}.
   *
   * @throws IllegalArgumentException for an item outside the model or {@code maxReasons < 1}
   */
  public RecommendationExplanation explainForSession(List<String> sessionItemIds, String itemId, int maxReasons) {
    requireNonNull(sessionItemIds, "sessionItemIds");
    State s = current();
    int[] items = sessionItems(s, sessionItemIds);
    return explainProfile(s, items, ones(items.length), itemId, maxReasons);
  }

  private RecommendationExplanation explainProfile(State s, int[] items, float[] weights, String itemId, int maxReasons) {
    requireNonNull(itemId, "itemId");
    CorePreconditions.checkPositive("maxReasons", maxReasons);
    int item = listedItem(s, itemId);
    float[] scores;
    if (items.length == 0) {
      scores = s.fallback;
    } else {
      scores = new float[s.scorer.numItems()];
      s.scorer.scoreProfile(items, weights, scores);
    }
    return explanation(itemId, scores[item], reasons(s, items, weights, item, maxReasons), Optional.empty());
  }


  /** Her items that contributed most to {@code item}'s model score (none for models that cannot say). */
  private static List<ScoredItem> reasons(State s, int[] items, float[] weights, int item, int maxReasons) {
    List<ScoredItem> reasons = new ArrayList<>();
    if (items.length > 0 && s.scorer instanceof Explainable) {
      Explanation e = ((Explainable) s.scorer).explain(items, weights, item, maxReasons);
      for (int r = 0; r < e.reasons().length; r++) {
        reasons.add(new ScoredItem(s.scorer.items().id(e.reasons()[r]), e.contributions()[r]));
      }
    }
    return reasons;
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
   * Erases customers in one batch, in time proportional to the batch's data for popularity,
   * item-kNN, EASE and every private model: deletes all their interactions, redacts their ids,
   * erases their consent history (the register keeps a pseudonymous proof, recording a withdrawal
   * first for a customer it never heard of) and updates the model once through its erasure role.
   * Validation happens before anything changes: an unknown or already erased id fails the whole
   * batch and changes nothing. Messages name the position in {@code customerIds}, never the id.
   *
   * @throws IllegalArgumentException if a customer is unknown or the collection is empty
   * @throws IllegalStateException if a customer was already erased
   */
  public ErasureReceipt forget(Collection<String> customerIds) {
    return forget(customerIds, true);
  }

  /**
   * {@link #forget(Collection)}; with {@code eraseConsent} false the caller has already erased
   * the customers from the consent register (a {@link RecommenderHome} completing an erasure that
   * a crash interrupted), so their being erased there is not an error.
   */
  ErasureReceipt forget(Collection<String> customerIds, boolean eraseConsent) {
    requireNonNull(customerIds, "customerIds");
    Set<String> ids = CorePreconditions.checkNotEmpty("customerIds", new LinkedHashSet<>(customerIds));
    synchronized (writeLock) {
      applyPendingWithdrawals();
      State s = state;
      int[] found = new int[ids.size()];
      int numFound = 0;
      List<String> digests = new ArrayList<>(ids.size());
      MessageDigest sha = sha256();
      int position = 0;
      for (String id : ids) {
        requireNonNull(id, "customer id");
        int u = s.data.users().indexOf(id);
        boolean inRegister = consent != null && consent.isKnown(id);
        String digest = erasureDigest(sha, id);
        digests.add(digest);
        boolean liveOnly = u < 0 && (live.containsKey(id) || (s.attributes != null && s.attributes.contains(id)));
        if (u < 0 && !liveOnly && (erasedDigests.contains(digest) || (eraseConsent && consent != null && consent.isErased(id)))) {
          throw new IllegalStateException("customerIds: the customer at position " + position + " was already erased");
        }
        if (u < 0 && !inRegister && !liveOnly && eraseConsent) {
          throw CorePreconditions.unknownCustomer("customerIds: the customer at position " + position,
              "nothing is held about her");
        }
        if (u >= 0) {
          found[numFound++] = u;
        }
        position++;
      }
      StringBuilder proofs = new StringBuilder("[");
      if (consent != null && eraseConsent) {
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
          if (!consent.isKnown(id)) {
            unknown.add(id);
          }
        }
        if (!unknown.isEmpty()) {
          consent.withdrawAll(unknown, Purpose.MODEL_TRAINING, "erasure-request"); // so a proof can be kept
        }
        for (ErasureProof proof : consent.eraseAll(ids, "erasure-request")) { // one compaction for the batch
          proofs.append(proofs.length() > 1 ? "," : "").append(CustomerExport.toJson(proof));
        }
      }
      proofs.append(']');
      for (String id : ids) {
        live.remove(id);
      }
      erasedDigests.addAll(digests);
      int[] erased = Arrays.copyOf(found, numFound);
      Arrays.sort(erased);
      long removed = 0;
      for (int u : erased) {
        removed += s.data.rowLength(u);
      }
      InteractionMatrix data = s.data.eraseUsers(erased);
      Removal r = removeFromModel(s, erased);
      pendingWithdrawals.removeIf(ids::contains);
      pendingLocationWithdrawals.removeIf(ids::contains);
      CustomerAttributes attributes = s.attributes == null ? null : s.attributes.without(ids);
      CohortModel cohorts = s.cohorts == null ? null
          : s.cohorts.without(s.train, erased, s.cohortOfUser, fallbackMinCustomers);
      state = s.with(data, r.train, r.result.model(), r.counts, r.fallback, s.erased + ids.size(),
          s.withdrawnAfterBuild, s.retrainRecommended || r.result.update() == ModelUpdate.APPROXIMATE_RETRAIN_RECOMMENDED)
          .withCustomerSide(attributes, cohorts, withoutMembers(s.cohortOfUser, erased));
      return new ErasureReceipt(ids.size(), removed, r.result.update(), proofs.toString());
    }
  }

  /**
   * Sets a customer's complete live profile (her items' summed weights; non-positive sums are
   * skipped when scoring); she is then scored from it.
   * Called by {@link RecommenderHome} after her events are durable.
   */
  void setLive(String customerId, EventStore.Profile row) {
    live.put(customerId, row);
  }

  /**
   * The current cohort model (definitions and counts), or null without cohorts or with too few
   * members; a {@link RecommenderHome} saves a private one with the model version.
   */
  CohortModel cohortModel() {
    return current().cohorts;
  }

  /**
   * Replaces the attribute table that customers' own cohort lookups read (a {@link
   * RecommenderHome} after a customer's attributes changed); the cohort definitions, counts and
   * memberships stay as fitted. Does nothing without cohorts.
   */
  void replaceAttributes(CustomerAttributes attributes) {
    requireNonNull(attributes, "attributes");
    synchronized (writeLock) {
      applyPendingWithdrawals();
      State s = state;
      if (cohortOptions != null && s.attributes != null) {
        state = s.withCustomerSide(attributes, s.cohorts, s.cohortOfUser);
      }
    }
  }

  /** Her live profile, if she has one. */
  EventStore.Profile liveProfile(String customerId) {
    return live.get(customerId);
  }

  /** A copy of {@code cohortOfUser} with {@code users} in no cohort (null stays null). */
  private static int[] withoutMembers(int[] cohortOfUser, int[] users) {
    if (cohortOfUser == null) {
      return null;
    }
    int[] out = cohortOfUser.clone();
    for (int u : users) {
      if (u < out.length) {
        out[u] = -1;
      }
    }
    return out;
  }

  /** The model and its derived tables after removing {@code users} (sorted) from training. */
  private record Removal(InteractionMatrix train, ModelUpdate.Result result, int[] counts, float[] fallback) {}

  private Removal removeFromModel(State s, int[] users) {
    InteractionMatrix train = s.train.eraseUsers(users);
    ModelUpdate.Result result = s.scorer.forget(new Erasure(s.train, train, users));
    if (s.counts == null) {
      return new Removal(train, result, null, s.fallback); // private: the release is kept
    }
    int[] counts = s.counts.clone();
    float[] fallback = s.fallback.clone();
    for (int u : users) {
      for (int p = s.train.rowStart(u); p < s.train.rowEnd(u); p++) {
        int i = s.train.itemAt(p);
        counts[i]--;
        fallback[i] = fallbackScore(counts[i]);
      }
    }
    return new Removal(train, result, counts, fallback);
  }

  private float fallbackScore(int count) {
    return count >= fallbackMinCustomers ? count : Float.NEGATIVE_INFINITY;
  }

  /**
   * Takes every training-consent withdrawal recorded since the last call into account now (each
   * public method does this first, so calling it is only needed to make the change before the next
   * request). Exact models remove her through the erasure path; iALS flags a retrain; a private
   * model keeps its release. Customers who granted training consent again in between are skipped.
   */
  public void applyConsentChanges() {
    if (consent == null || (pendingWithdrawals.isEmpty() && pendingLocationWithdrawals.isEmpty())) {
      return;
    }
    synchronized (writeLock) {
      applyPendingWithdrawals();
    }
  }

  private void onConsentChange(ConsentEvent event) {
    if (event.status() != ConsentStatus.WITHDRAWN) {
      return;
    }
    if (event.purpose() == Purpose.MODEL_TRAINING) {
      pendingWithdrawals.add(event.customerId());
    } else if (event.purpose() == Purpose.LOCATION_PERSONALISATION && cohortOptions != null) {
      pendingLocationWithdrawals.add(event.customerId());
    }
  }

  /** Applies queued withdrawals; the caller holds {@link #writeLock}. */
  private void applyPendingWithdrawals() {
    applyTrainingWithdrawals();
    applyLocationWithdrawals();
  }

  /**
   * Customers who withdrew location consent leave their cohort's counts (exact counts; a private
   * release is kept) and are no longer members; their interactions stay in the model.
   */
  private void applyLocationWithdrawals() {
    if (pendingLocationWithdrawals.isEmpty()) {
      return;
    }
    State s = state;
    Set<Integer> users = new java.util.TreeSet<>();
    for (String id; (id = pendingLocationWithdrawals.poll()) != null; ) {
      int u = s.data.users().indexOf(id);
      if (u >= 0 && s.cohortOfUser != null && u < s.cohortOfUser.length && s.cohortOfUser[u] >= 0
          && !consent.isAllowed(id, Purpose.LOCATION_PERSONALISATION)) {
        users.add(u);
      }
    }
    if (users.isEmpty()) {
      return;
    }
    int[] sorted = users.stream().mapToInt(Integer::intValue).toArray();
    CohortModel cohorts = s.cohorts == null ? null : s.cohorts.withoutMembership(s.train, sorted, s.cohortOfUser);
    state = s.withCustomerSide(s.attributes, cohorts, withoutMembers(s.cohortOfUser, sorted));
  }

  private void applyTrainingWithdrawals() {
    if (pendingWithdrawals.isEmpty()) {
      return;
    }
    State s = state;
    Set<Integer> users = new java.util.TreeSet<>();
    for (String id; (id = pendingWithdrawals.poll()) != null; ) {
      int u = s.data.users().indexOf(id);
      if (u >= 0 && s.train.rowLength(u) > 0 && !consent.isAllowed(id, Purpose.MODEL_TRAINING)) {
        users.add(u);
      }
    }
    if (users.isEmpty()) {
      return;
    }
    int[] sorted = users.stream().mapToInt(Integer::intValue).toArray();
    Removal r = removeFromModel(s, sorted);
    CohortModel cohorts = s.cohorts == null ? null
        : s.cohorts.without(s.train, sorted, s.cohortOfUser, fallbackMinCustomers);
    state = s.with(s.data, r.train, r.result.model(), r.counts, r.fallback, s.erased,
        s.withdrawnAfterBuild + sorted.length,
        s.retrainRecommended || r.result.update() == ModelUpdate.APPROXIMATE_RETRAIN_RECOMMENDED)
        .withCustomerSide(s.attributes, cohorts, s.cohortOfUser);
  }

  /** The current snapshot, after applying pending consent withdrawals. */
  private State current() {
    applyConsentChanges();
    return state;
  }

  /**
   * Everything held about a customer (GDPR arts. 15 and 20): her consent standing, history and
   * erasure proofs, her interactions and which model used her data — as JSON another service can
   * import. The model holds nothing of hers beyond aggregate statistics, so there is no per-customer
   * model state to export.
   *
   * @throws IllegalArgumentException if nothing is held about her (the id is not repeated)
   */
  public String export(String customerId) {
    requireNonNull(customerId, "customerId");
    State s = current();
    int user = s.data.users().indexOf(customerId);
    boolean inRegister = consent != null && (consent.isKnown(customerId) || consent.isErased(customerId));
    List<String> attributeValues = s.attributes == null ? null : s.attributes.values(customerId);
    if (user < 0 && !inRegister && attributeValues == null) {
      throw CorePreconditions.unknownCustomer("customerId", "nothing is held about her");
    }
    CustomerExport.Builder export = CustomerExport.forCustomer(customerId).generatedAt(clock.instant());
    if (consent != null) {
      export.consent(consent);
    }
    if (attributeValues != null) {
      boolean inCohorts = user >= 0 && s.cohortOfUser != null && user < s.cohortOfUser.length
          && s.cohortOfUser[user] >= 0;
      Map<String, String> values = new LinkedHashMap<>();
      for (int a = 0; a < attributeValues.size(); a++) {
        values.put(s.attributes.names().get(a), attributeValues.get(a));
      }
      Map<String, Object> section = new LinkedHashMap<>();
      section.put("values", values);
      section.put("usedForCohorts", inCohorts);
      export.section("attributes", section);
    }
    if (user >= 0) {
      export.interactions(s.data, customerId);
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("model", algorithm.name());
      model.put("parameters", new LinkedHashMap<>(algorithm.parameters()));
      model.put("trainedOnHerData", s.train.rowLength(user) > 0);
      model.put("differentiallyPrivate", accountant != null);
      export.section("models", List.of(model));
    }
    return export.toJson();
  }

  /**
   * The recommender's privacy report (see {@link PrivacyReport}): its {@linkplain
   * PrivacyReport#toText() publishable part} depends on configuration and DP releases only, its
   * {@linkplain PrivacyReport#internalText() internal part} holds exact counts for the
   * data-protection officer.
   */
  public PrivacyReport privacyReport() {
    State s = current();
    List<String> categories = new ArrayList<>(List.of("shopping interactions (customer id, item id, weight, time)"));
    if (consent != null) {
      categories.add("consent decisions (purpose, status, time, source)");
    }
    if (s.attributes != null) {
      categories.add("customer attributes (" + String.join(", ", s.attributes.names()) + ")");
    }
    List<String> purposes = new ArrayList<>(List.of(Purpose.MODEL_TRAINING.key() + ": fitting the recommendation model",
        Purpose.PERSONALISATION.key() + ": ranking items for a customer from her own history"));
    if (cohortOptions != null) {
      purposes.add(Purpose.LOCATION_PERSONALISATION.key() + ": placing customers in cohorts of at least "
          + cohortOptions.k() + " by " + String.join(", ", cohortOptions.attributes())
          + " and ranking items by their cohort's popularity"
          + (accountant != null ? " (differentially private cohort counts)" : ""));
    }
    int held = 0;
    int trained = 0;
    for (int u = 0; u < s.data.numUsers(); u++) {
      held += s.data.rowLength(u) > 0 ? 1 : 0;
      trained += s.train.rowLength(u) > 0 ? 1 : 0;
    }
    return new PrivacyReport(clock.instant(), categories, purposes, held, trained, s.excludedByConsent, s.erased,
        s.withdrawnAfterBuild, Optional.ofNullable(retention).map(RetentionPolicy::maxAge), s.droppedByRetention,
        algorithm.name(), algorithm.parameters(), Optional.ofNullable(catalogue).map(Catalogue::size),
        accountant == null ? Optional.of(fallbackMinCustomers) : Optional.empty(),
        Optional.ofNullable(accountant).map(PrivacyAccountant::total),
        Optional.ofNullable(accountant).map(PrivacyAccountant::spent),
        accountant == null ? List.of() : accountant.ledger());
  }

  /**
   * True if model item {@code i} must never be listed: without a catalogue, an item nobody in the
   * training data holds any more (only erased or withdrawn customers held it). Private models always
   * have a catalogue, so {@code counts} is there whenever this can be true.
   */
  private boolean hidden(State s, int i) {
    return catalogue == null && s.counts[i] == 0;
  }

  private int[] sessionItems(State s, List<String> ids) {
    IdIndex items = s.scorer.items();
    int[] result = new int[ids.size()];
    int n = 0;
    for (String id : ids) {
      requireNonNull(id, "session item id");
      int i = items.indexOf(id);
      if (i >= 0 && !hidden(s, i)) {
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

  /** Top {@code k} of {@code scores} (modified) without hidden and excluded items. */
  private List<ScoredItem> finish(State s, float[] scores, int k, Set<String> excluded) {
    IdIndex items = s.scorer.items();
    if (catalogue == null) {
      for (int i = 0; i < scores.length; i++) {
        if (hidden(s, i)) {
          scores[i] = Float.NEGATIVE_INFINITY;
        }
      }
    }
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


  /** Configures and fits a {@link PrivateRecommender}. Not thread-safe. */
  public static final class Builder {
    private InteractionMatrix data;
    private Catalogue catalogue;
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
    private int fallbackMinCustomers = DEFAULT_FALLBACK_MIN_CUSTOMERS;
    private Clock clock = Clock.systemUTC();
    private CustomerAttributes attributes;
    private CohortOptions cohorts;
    private CohortModel publishedCohorts; // the private cohort release saved with a published model
    private ItemScorer published; // a model fitted before (RecommenderHome), served without fitting
    private InteractionMatrix publishedTrain;

    private Builder() {}

    /**
     * Serves {@code model}, fitted earlier on {@code train} (on the data's user index), instead of
     * fitting: nothing is charged (a private model's charge is already in the durable ledger).
     * Consent and retention are not applied again; customers of {@code train} who have since
     * withdrawn training consent are removed through the usual withdrawal path on first use.
     */
    Builder published(ItemScorer model, InteractionMatrix train) {
      this.published = requireNonNull(model, "model");
      this.publishedTrain = requireNonNull(train, "train");
      return this;
    }

    /**
     * With {@link #published}: the private cohort release published with the model (null: none),
     * served as it is. A non-private published model's cohorts are fitted again from the
     * attributes, exactly.
     */
    Builder publishedCohorts(CohortModel cohorts) {
      this.publishedCohorts = cohorts;
      return this;
    }

    /** The store's interactions (required). */
    public Builder data(InteractionMatrix data) {
      this.data = requireNonNull(data, "data");
      return this;
    }

    /**
     * The shop's public product catalogue (required with {@link #privacy}): the model indexes
     * exactly its items in its order, and interactions on other items are dropped before fitting.
     * Without one, a non-private model indexes the items the (consented, retained) training data
     * holds.
     */
    public Builder catalogue(Catalogue catalogue) {
      this.catalogue = requireNonNull(catalogue, "catalogue");
      return this;
    }

    /** The algorithm by name with default parameters (see {@link Algorithms#names()}). */
    public Builder algorithm(String name) {
      return algorithm(name, Map.of());
    }

    /**
     * The algorithm by name with {@code key=value} parameters (default: popularity). With {@link
     * #privacy}, the private variant's parameters (e.g. {@code max-items-per-user}) are accepted
     * by the plain name too.
     *
     * @throws IllegalArgumentException for an unknown name, or parameters that neither the
     *     algorithm nor its private variant accepts
     */
    public Builder algorithm(String name, Map<String, String> params) {
      requireNonNull(name, "name");
      requireNonNull(params, "params");
      try {
        Algorithms.create(name, params); // validate now, in the caller's terms
      } catch (IllegalArgumentException e) {
        String dpName = privateName(name);
        if (!Algorithms.names().contains(name) || dpName.equals(name) || !Algorithms.names().contains(dpName)) {
          throw e;
        }
        try {
          Algorithms.create(dpName, params);
        } catch (IllegalArgumentException ignored) {
          throw e;
        }
      }
      this.algorithmName = name;
      this.algorithmParams = Map.copyOf(params);
      this.algorithm = null;
      return this;
    }

    /**
     * A configured algorithm instance. With {@link #privacy}, a non-private instance is replaced by
     * its private variant with the same parameters (a parameter that the variant does not have must
     * keep its default), and a private instance is used as it is.
     */
    public Builder algorithm(Algorithm algorithm) {
      this.algorithm = requireNonNull(algorithm, "algorithm");
      return this;
    }

    /** Whether items the customer or visitor already has are filtered out (default true). */
    public Builder excludeSeen(boolean excludeSeen) {
      this.excludeSeen = excludeSeen;
      return this;
    }

    /**
     * The customers' attributes (e.g. region, age band). They live here, beside the interactions:
     * {@link #forget} erases a customer's row, {@link #export} includes it. They are used only
     * through {@link #cohorts}, and only for customers allowed {@link
     * Purpose#LOCATION_PERSONALISATION} (when a consent register is attached).
     */
    public Builder attributes(CustomerAttributes attributes) {
      this.attributes = requireNonNull(attributes, "attributes");
      return this;
    }

    /**
     * Forms k-anonymous cohorts from the {@link #attributes} and serves them: {@link
     * #recommendForAttributes} for anonymous visitors, and for known customers a blend of their own
     * history and their cohort's popularity (see {@link CohortOptions}).
     *
     * <p><b>What is public.</b> The cohort definitions (which attribute values or ranges each
     * cohort covers, its cut points) are a k-anonymous function of the members' attributes: every
     * cohort holds at least {@code k} customers, but the definitions are not differentially
     * private (a range's ends are members' values). Members are the customers with attributes (and
     * {@link Purpose#LOCATION_PERSONALISATION} consent when a register is attached), in id order.
     * <b>What is protected.</b> Who is in which cohort, the cohorts' sizes, and what their members
     * hold: without privacy, cohort popularity lists only items that at least {@link
     * #fallbackMinCustomers} training customers hold; in privacy mode the per-cohort item counts
     * are (ε, δ)-differentially private for one customer and all her interactions (each customer
     * is in at most one cohort, so all cohorts' counts form one release by parallel composition,
     * McSherry, SIGMOD 2009), computed by {@link io.privrec.core.cf.dp.DpPopularity} with a
     * contribution bound of {@link CohortOptions#maxItemsPerCustomer()} items and charged to the
     * accountant with their own ledger entries, in addition to the model — or, with DP-EASE and
     * {@link CohortOptions#shareOfModelBudget()}, released by the model's own fit within its (ε,
     * δ) and single ledger entry ({@link io.privrec.core.cf.dp.DpEase.Builder#cohortCounts}).
     *
     * <p>With fewer than {@code k} members no cohort is formed and visitors get the
     * non-personalised ranking.
     *
     * @throws IllegalStateException from {@link #build()} if no {@link #attributes} are set or an
     *     attribute is not one of theirs
     */
    public Builder cohorts(CohortOptions cohorts) {
      this.cohorts = requireNonNull(cohorts, "cohorts");
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
     * The least number of training customers who must hold an item before a non-private,
     * non-personalised fallback may show it (default {@value #DEFAULT_FALLBACK_MIN_CUSTOMERS}), so
     * a fallback never reveals a small group's baskets. Not used in privacy mode, whose fallbacks
     * come from the private model.
     *
     * @throws IllegalArgumentException unless {@code k >= 1}
     */
    public Builder fallbackMinCustomers(int k) {
      this.fallbackMinCustomers = CorePreconditions.checkPositive("fallbackMinCustomers", k);
      return this;
    }

    /**
     * Makes the published model (ε, δ)-differentially private per customer: the algorithm is
     * replaced by its {@code dp-} variant with this budget. Needs a {@link #catalogue}.
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

    /** The clock used for retention, reports and a fresh accountant's ledger (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Applies retention and consent, fits the model and returns the recommender.
     *
     * @throws IllegalStateException if no data was given, an accountant without {@link #privacy},
     *     or {@link #privacy} without a {@link #catalogue}
     * @throws IllegalArgumentException if {@link #privacy} is set but the algorithm has no private
     *     variant
     * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if the accountant cannot afford
     *     the private model (nothing is fitted or released)
     */
    public PrivateRecommender build() {
      if (data == null) {
        throw new IllegalStateException("data(...) must be set before build()");
      }
      if (accountant != null && privacy == null && published == null) {
        throw new IllegalStateException("accountant(...) needs privacy(epsilon, delta)");
      }
      if (published != null) {
        return buildPublished();
      }
      checkCohortOptions();
      Algorithm chosen = chooseAlgorithm();
      boolean isPrivate = chosen instanceof PrivateAlgorithm;
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
      // The model's item universe: the public catalogue, or (non-private only) the items that the
      // consented, retained training data still holds, so excluded customers leave no item behind.
      train = catalogue != null ? train.onItems(catalogue.items()) : train.withoutUnusedItems();
      ItemScorer scorer;
      PrivacyAccountant charged = null;
      boolean sharesModelBudget = isPrivate && cohorts != null && cohorts.shareOfModelBudget().isPresent();
      FormedCohorts inModel = null; // cohorts whose counts the model releases in its own fit
      if (isPrivate) {
        PrivateAlgorithm p = (PrivateAlgorithm) chosen;
        PrivateAlgorithm fitted = p;
        if (sharesModelBudget) {
          if (!(p instanceof DpEase dpEase)) {
            throw new IllegalArgumentException("CohortOptions.shareOfModelBudget needs dp-ease, whose releases are"
                + " Gaussian and compose exactly; the algorithm is " + p.name());
          }
          inModel = formCohorts();
          if (inModel != null) {
            Map<String, Integer> cohortOfMember = new HashMap<>();
            for (int r = 0; r < inModel.members().size(); r++) {
              cohortOfMember.put(inModel.members().get(r), inModel.fitted().cohortOfMember()[r]);
            }
            fitted = dpEase.withCohortCounts(inModel.fitted().cohorts().count(),
                id -> cohortOfMember.getOrDefault(id, -1), cohorts.shareOfModelBudget().getAsDouble());
          }
        }
        PrivacyBudget cohortBudget = cohorts == null || sharesModelBudget ? null
            : cohorts.budget().orElse(privacy != null ? privacy : p.budget());
        charged = accountant != null ? accountant : PrivacyAccountant.create(cohortBudget == null
            ? (privacy != null ? privacy : p.budget()) : sum(privacy != null ? privacy : p.budget(), cohortBudget), clock);
        if (cohortBudget != null && !charged.canAllocate(PrivacyCost.approximateDp(
            p.budget().epsilon() + cohortBudget.epsilon(), p.budget().delta() + cohortBudget.delta()))) {
          throw new PrivacyBudgetExceededException("the accountant cannot afford the model and its cohort counts"
              + " (nothing was fitted or released)");
        }
        scorer = fitted.fit(train, listener, charged);
      } else {
        scorer = chosen.fit(train, listener);
      }
      if (scorer.items() != train.items()) {
        train = train.onItems(scorer.items());
      }
      State state = initialState(held, train, scorer, isPrivate, excluded, dropped);
      state = sharesModelBudget ? withCohortsInModel(state, inModel, scorer)
          : withCohorts(state, isPrivate ? charged : null, isPrivate ? ((PrivateAlgorithm) chosen).budget() : null);
      return new PrivateRecommender(this, chosen, charged, state);
    }

    /** Each consenting customer's cohort by lookup of her attributes (-1 if not placed in one). */
    private int[] memberships(State state, CohortModel model) {
      int[] cohortOfUser = new int[state.data.numUsers()];
      Arrays.fill(cohortOfUser, -1);
      for (String id : attributes.customers()) {
        int u = state.data.users().indexOf(id);
        if (u < 0 || (consent != null && !consent.isAllowed(id, Purpose.LOCATION_PERSONALISATION))) {
          continue;
        }
        int[] leaves = model.cohorts().cohortsOf(
            CohortFitting.key(attributes, cohorts.attributes(), attributes.valuesByName(id)));
        cohortOfUser[u] = leaves.length == 1 ? leaves[0] : -1;
      }
      return cohortOfUser;
    }

    private static PrivacyBudget sum(PrivacyBudget a, PrivacyBudget b) {
      return PrivacyBudget.of(a.epsilon() + b.epsilon(), Math.min(0.999, a.delta() + b.delta()));
    }

    private void checkCohortOptions() {
      if (cohorts == null) {
        return;
      }
      if (attributes == null) {
        throw new IllegalStateException("cohorts(...) needs the customers' attributes(...)");
      }
      for (String name : cohorts.attributes()) {
        if (!attributes.names().contains(name)) {
          throw new IllegalStateException("cohorts: attribute '" + name + "' is not one of the customer attributes "
              + attributes.names());
        }
      }
    }

    /**
     * The state with the customer attributes and, if configured, the cohorts: definitions fitted
     * on the consenting members' attributes, counts exact or (with {@code charged}) a private
     * release charged to it.
     */
    private State withCohorts(State state, PrivacyAccountant charged, PrivacyBudget modelBudget) {
      if (cohorts == null || attributes == null) {
        return state.withCustomerSide(attributes, null, null);
      }
      FormedCohorts formed = formCohorts();
      int[] cohortOfUser = cohortOfUser(state, formed);
      if (formed == null) {
        return state.withCustomerSide(attributes, null, cohortOfUser);
      }
      CohortFitting.Fitted fitted = formed.fitted();
      CohortModel model;
      if (charged == null) {
        model = CohortModel.exact(fitted.cohorts(), state.train, cohortOfUser, fallbackMinCustomers);
      } else {
        PrivacyBudget b = cohorts.budget().orElse(privacy != null ? privacy : modelBudget);
        DpPopularity.Builder release = DpPopularity.builder().epsilon(b.epsilon()).topK(0).cohortShare(COHORT_COUNTS_SHARE)
            .maxItemsPerUser(cohorts.maxItemsPerCustomer())
            .cohorts(fitted.cohorts().count(), id -> {
              int u = state.train.users().indexOf(id);
              return u < 0 ? -1 : cohortOfUser[u];
            });
        if (b.delta() > 0) {
          release.delta(b.delta());
        } else {
          release.noise(DpPopularity.NoiseKind.LAPLACE);
        }
        DpPopularityModel counts = release.build().withCatalogue(catalogue).fit(state.train, listener, charged);
        model = CohortModel.released(fitted.cohorts(), counts);
      }
      return state.withCustomerSide(attributes, model, cohortOfUser);
    }

    /** Cohorts fitted on {@code members} (in id order), {@code fitted.cohortOfMember()} aligned with them. */
    private record FormedCohorts(List<String> members, CohortFitting.Fitted fitted) {}

    /**
     * Cohorts of the customers with attributes who allow location personalisation (sorted: a
     * data-independent row order), or null if there are no attributes or fewer such customers than
     * {@code k}.
     */
    private FormedCohorts formCohorts() {
      if (attributes == null) {
        return null;
      }
      List<String> members = new ArrayList<>();
      for (String id : attributes.customers()) {
        if (consent == null || consent.isAllowed(id, Purpose.LOCATION_PERSONALISATION)) {
          members.add(id);
        }
      }
      Collections.sort(members);
      if (members.size() < cohorts.k()) {
        return null;
      }
      return new FormedCohorts(members, CohortFitting.fit(attributes, cohorts.attributes(), members, cohorts.k()));
    }

    /** Each customer's cohort in {@code formed} by her index in {@code state.data} (-1: none; all -1 if null). */
    private static int[] cohortOfUser(State state, FormedCohorts formed) {
      int[] cohortOfUser = new int[state.data.numUsers()];
      Arrays.fill(cohortOfUser, -1);
      if (formed != null) {
        for (int r = 0; r < formed.members().size(); r++) {
          int u = state.data.users().indexOf(formed.members().get(r));
          if (u >= 0) {
            cohortOfUser[u] = formed.fitted().cohortOfMember()[r];
          }
        }
      }
      return cohortOfUser;
    }

    /**
     * The state with the cohorts {@code formed} (null: too few members, the model was fitted
     * without cohort counts) and the counts the model {@code scorer} released in its fit.
     */
    private State withCohortsInModel(State state, FormedCohorts formed, ItemScorer scorer) {
      if (attributes == null) {
        return state.withCustomerSide(null, null, null);
      }
      CohortModel model = formed == null ? null
          : CohortModel.releasedInModel(formed.fitted().cohorts(), (DpEaseModel) scorer);
      return state.withCustomerSide(attributes, model, cohortOfUser(state, formed));
    }

    private PrivateRecommender buildPublished() {
      boolean isPrivate = published instanceof io.privrec.core.model.PrivateModel;
      if (isPrivate) {
        requireCatalogue();
      }
      Algorithm served = algorithm != null ? algorithm : Algorithms.create(algorithmName, algorithmParams);
      InteractionMatrix train = publishedTrain.items() == published.items() ? publishedTrain
          : publishedTrain.onItems(published.items());
      State state = initialState(data, train, published, isPrivate, 0, 0);
      if (isPrivate) {
        checkCohortOptions();
        state = state.withCustomerSide(attributes, cohorts == null ? null : publishedCohorts,
            publishedCohorts == null || cohorts == null ? null : memberships(state, publishedCohorts));
      } else {
        checkCohortOptions();
        state = withCohorts(state, null, null);
      }
      PrivateRecommender r = new PrivateRecommender(this, served, isPrivate ? accountant : null, state);
      if (consent != null) {
        for (int u = 0; u < train.numUsers(); u++) {
          if (train.rowLength(u) > 0) {
            r.pendingWithdrawals.add(train.users().id(u)); // re-checked against consent on first use
          }
        }
      }
      return r;
    }

    private State initialState(InteractionMatrix held, InteractionMatrix train, ItemScorer scorer, boolean isPrivate,
        int excluded, long dropped) {
      int[] dataToModel = new int[held.numItems()];
      for (int i = 0; i < dataToModel.length; i++) {
        dataToModel[i] = held.items().isRedacted(i) ? -1 : scorer.items().indexOf(held.items().id(i));
      }
      int[] counts = null;
      float[] fallback = new float[scorer.numItems()];
      if (isPrivate) {
        scorer.scoreProfile(new int[0], new float[0], fallback);
      } else {
        counts = train.itemCounts();
        for (int i = 0; i < counts.length; i++) {
          fallback[i] = counts[i] >= fallbackMinCustomers ? counts[i] : Float.NEGATIVE_INFINITY;
        }
      }
      return new State(held, train, scorer, dataToModel, counts, fallback, excluded, dropped, 0, 0, false, null, null,
          null);
    }

    private Algorithm chooseAlgorithm() {
      if (privacy == null) {
        Algorithm a = algorithm != null ? algorithm : Algorithms.create(algorithmName, algorithmParams);
        return a instanceof PrivateAlgorithm ? ((PrivateAlgorithm) a).withCatalogue(requireCatalogue()) : a;
      }
      requireCatalogue();
      Algorithm a;
      if (algorithm instanceof PrivateAlgorithm) {
        a = algorithm;
      } else if (algorithm != null) {
        a = privateVariant(algorithm.name(), nonDefaultParameters(algorithm), true);
      } else {
        a = privateVariant(algorithmName, algorithmParams, false);
      }
      return ((PrivateAlgorithm) a).withCatalogue(catalogue);
    }

    private Catalogue requireCatalogue() {
      if (catalogue == null) {
        throw new IllegalStateException("a differentially private model needs the shop's public catalogue(...): its"
            + " item universe must not come from the customers' data");
      }
      return catalogue;
    }

    /** The parameters of {@code algorithm} that differ from its name's defaults. */
    private static Map<String, String> nonDefaultParameters(Algorithm algorithm) {
      Map<String, String> defaults = Algorithms.create(algorithm.name(), Map.of()).parameters();
      Map<String, String> result = new LinkedHashMap<>();
      algorithm.parameters().forEach((key, value) -> {
        if (!value.equals(defaults.get(key))) {
          result.put(key, value);
        }
      });
      return result;
    }

    private Algorithm privateVariant(String name, Map<String, String> params, boolean typed) {
      String dpName = privateName(name);
      CorePreconditions.checkArgument(Algorithms.names().contains(dpName),
          "algorithm '%s' has no differentially private variant; known: %s", name, Algorithms.names());
      Map<String, String> p = new LinkedHashMap<>(params);
      p.put("epsilon", Double.toString(privacy.epsilon()));
      p.put("delta", Double.toString(privacy.delta()));
      try {
        Algorithm a = Algorithms.create(dpName, p);
        CorePreconditions.checkArgument(a instanceof PrivateAlgorithm, "'%s' is not a PrivateAlgorithm", dpName);
        return a;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException((typed ? "the " + name + " instance's parameters " + params.keySet()
            : "parameters of '" + name + "'") + " do not fit its private variant '" + dpName + "': " + e.getMessage(), e);
      }
    }

    private static String privateName(String name) {
      return name.startsWith("dp-") ? name : "dp-" + name;
    }
  }
}
