package io.privrec.core;

import static io.privrec.core.CohortShop.CUSTOMERS;
import static io.privrec.core.CohortShop.catalogue;
import static io.privrec.core.CohortShop.id;
import static io.privrec.core.CohortShop.north;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.privrec.core.data.AttributeHierarchy;
import io.privrec.core.data.CustomerAttributes;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.privacy.ConsentRegister;
import io.privrec.core.privacy.PseudonymKey;
import io.privrec.core.privacy.Pseudonymizer;
import io.privrec.core.privacy.Purpose;
import io.privrec.core.privacy.Regime;
import io.privrec.dp.budget.LedgerEntry;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyBudgetExceededException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cohorts through the facade: anonymous visitors by attributes (partial, unknown and coarse
 * values), the blend for customers with little history, explanations, consent, erasure, export
 * and privacy mode.
 *
 * <p>The shop: 120 customers {@code c000…c119}; the first 60 live in the North (postcodes {@code
 * 1xxxx}), the others in the South ({@code 2xxxx}). Each holds two items: one of her region's five
 * ({@code n0…n4} or {@code s0…s4}) and one of ten shared items {@code g0…g9}, so every item is held
 * by 12 customers.
 */
class CohortRecommenderTest {

  private static InteractionMatrix shop() {
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.REJECT);
    for (int c = 0; c < CUSTOMERS; c++) {
      b.add(id(c), (north(c) ? "n" : "s") + (c % 5), 1f);
      b.add(id(c), "g" + (c % 10), 1f);
    }
    return b.build();
  }

  /** region (explicit hierarchy region → country → *), postcode (prefix hierarchy), age. */
  private static CustomerAttributes attributes(int extraNorthCustomers) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (int c = 0; c < CUSTOMERS + extraNorthCustomers; c++) {
      boolean n = c < CUSTOMERS ? north(c) : true;
      rows.put(id(c), List.of(n ? "North" : "South", (n ? "1" : "2") + String.format("%04d", c), Integer.toString(20 + c % 40)));
    }
    Map<String, List<String>> regions = new HashMap<>();
    regions.put("North", List.of("North", "Country", "*"));
    regions.put("South", List.of("South", "Country", "*"));
    return CustomerAttributes.of(List.of("region", "postcode", "age"), rows)
        .withHierarchy("region", AttributeHierarchy.of(regions))
        .withHierarchy("postcode", AttributeHierarchy.prefixes(1));
  }

  private static PrivateRecommender.Builder builder(String... cohortAttributes) {
    return PrivateRecommender.builder().data(shop()).catalogue(catalogue()).algorithm("item-knn")
        .attributes(attributes(1))
        .cohorts(CohortOptions.builder().attributes(cohortAttributes).k(50).build());
  }

  private static List<String> ids(List<ScoredItem> items) {
    return items.stream().map(ScoredItem::itemId).toList();
  }

  /**
   * The backoff score of an item for the North: its count {@code n} among the {@code t} counted
   * interactions of the North, of every cohort and of everyone, in units of the North's counts.
   */
  private static double backoff(double nNorth, double tNorth, double nCohorts, double tCohorts, double n, double t) {
    return nNorth + tNorth / tCohorts * nCohorts + tNorth / t * n;
  }

  @Test
  void recommendForAttributes_region_ranksItsCohortsTasteFirst() {
    PrivateRecommender rec = builder("region").build();
    assertThat(ids(rec.recommendForAttributes(Map.of("region", "North"), 5)))
        .containsExactlyInAnyOrder("n0", "n1", "n2", "n3", "n4");
    assertThat(ids(rec.recommendForAttributes(Map.of("region", "South"), 5)))
        .containsExactlyInAnyOrder("s0", "s1", "s2", "s3", "s4");
    // North, then every cohort, then everyone (61 members; the extra one holds nothing).
    assertThat(rec.explainForAttributes(Map.of("region", "North"), "n0").score())
        .isCloseTo(backoff(12, 120, 12, 240, 12, 240), within(1e-4));
    assertThat(rec.explainForAttributes(Map.of("region", "North"), "n0").cohort()).contains("region North");
  }

  @Test
  void recommendForAttributes_missingUnknownOrTopValue_walksUpToEveryCohort() {
    PrivateRecommender rec = builder("region").build();
    List<String> everyone = ids(rec.recommendForAttributes(Map.of(), 20));
    assertThat(ids(rec.recommendForAttributes(Map.of("region", "Atlantis"), 20))).isEqualTo(everyone);
    assertThat(ids(rec.recommendForAttributes(Map.of("region", "*"), 20))).isEqualTo(everyone);
    assertThat(ids(rec.recommendForAttributes(Map.of("region", "Country"), 20))).isEqualTo(everyone);
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("region", null);
    assertThat(ids(rec.recommendForAttributes(nullValue, 20))).isEqualTo(everyone);
    assertThat(ids(rec.recommendForAttributes(Map.of("colour", "red"), 20))).isEqualTo(everyone); // not a cohort attribute
    // Every cohort together: n_all(i) + 1·n(i) = 2·12 for every item.
    assertThat(rec.explainForAttributes(Map.of(), "s3").score()).isCloseTo(24, within(1e-4));
    // Described by the lowest label every cohort shares.
    assertThat(rec.explainForAttributes(Map.of(), "s3").cohort()).contains("region Country");
  }

  @Test
  void recommendForAttributes_hierarchyValueOrCoarserLabel_findsItsCohorts() {
    PrivateRecommender rec = builder("postcode").build();
    List<String> north = ids(rec.recommendForAttributes(Map.of("postcode", "1****"), 5));
    assertThat(north).containsExactlyInAnyOrder("n0", "n1", "n2", "n3", "n4");
    // A postcode nobody has, inside the North's prefix, and one of a North customer.
    assertThat(ids(rec.recommendForAttributes(Map.of("postcode", "19999"), 5))).isEqualTo(north);
    assertThat(ids(rec.recommendForAttributes(Map.of("postcode", "10007"), 5))).isEqualTo(north);
    assertThat(ids(rec.recommendForAttributes(Map.of("postcode", "2****"), 5)))
        .containsExactlyInAnyOrder("s0", "s1", "s2", "s3", "s4");
  }

  @Test
  void recommendForAttributes_partialAttributes_equalsTheUnionOfConsistentCohorts() {
    // k = 30 over region and age: the North and the South are each cut by age.
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).catalogue(catalogue()).algorithm("item-knn")
        .attributes(attributes(0)).cohorts(CohortOptions.builder().attributes("region", "age").k(30).build()).build();
    List<String> regionOnly = ids(rec.recommendForAttributes(Map.of("region", "North"), 5));
    assertThat(regionOnly).containsExactlyInAnyOrder("n0", "n1", "n2", "n3", "n4");
    // Region and age narrow it down further; the region alone takes every North cohort.
    assertThat(rec.explainForAttributes(Map.of("region", "North"), "n0").score())
        .isCloseTo(backoff(12, 120, 12, 240, 12, 240), within(1e-4));
    RecommendationExplanation narrow = rec.explainForAttributes(Map.of("region", "North", "age", "25"), "n0");
    assertThat(narrow.cohort().orElseThrow()).contains("region North").contains("age [");
  }

  @Test
  void recommend_newCustomerWithAttributesOnly_getsHerCohortsRankingAndItsReason() {
    PrivateRecommender rec = builder("region").coldStart(ColdStart.FAIL).build();
    String newcomer = id(CUSTOMERS); // in the attributes, no interactions
    assertThat(ids(rec.recommend(newcomer, 5))).containsExactlyInAnyOrder("n0", "n1", "n2", "n3", "n4");
    RecommendationExplanation why = rec.explain(newcomer, "n2", 3);
    assertThat(why.cohort()).contains("region North");
    assertThat(why.reasons()).isEmpty();
  }

  @Test
  void recommend_customerWithHistory_blendsHerProfileWithHerCohort() {
    PrivateRecommender withCohorts = builder("region").build();
    PrivateRecommender without = PrivateRecommender.builder().data(shop()).catalogue(catalogue())
        .algorithm("item-knn").build();
    // c000 holds n0 and g0; item-kNN alone ranks the co-held items, the blend adds her region's taste.
    RecommendationExplanation why = withCohorts.explain(id(0), "n1", 3);
    assertThat(why.cohort()).contains("region North");
    // Weight 4 / (4 + 2) on her cohort: the North's items she does not hold lead the fused ranking.
    assertThat(ids(withCohorts.recommend(id(0), 5))).contains("n1", "n2", "n3", "n4");
    assertThat(why.score()).isEqualTo(withCohorts.recommend(id(0), 20).stream()
        .filter(i -> i.itemId().equals("n1")).findFirst().orElseThrow().score(), within(1e-6));
    assertThat(ids(withCohorts.recommend(id(0), 20))).doesNotContain("n0", "g0");
    assertThat(ids(withCohorts.recommend(id(0), 5))).isNotEqualTo(ids(without.recommend(id(0), 5)));
    // α = 0: customers with a history are ranked by the model alone.
    PrivateRecommender off = PrivateRecommender.builder().data(shop()).catalogue(catalogue()).algorithm("item-knn")
        .attributes(attributes(1)).cohorts(CohortOptions.builder().attributes("region").blendPrior(0).build()).build();
    assertThat(ids(off.recommend(id(0), 10))).isEqualTo(ids(without.recommend(id(0), 10)));
    assertThat(off.explain(id(0), "n1", 3).cohort()).isEmpty();
    // The same switch on the fitted recommender, and back.
    List<ScoredItem> blended = withCohorts.recommend(id(0), 10);
    withCohorts.setBlendPrior(0);
    assertThat(withCohorts.recommend(id(0), 10)).isEqualTo(without.recommend(id(0), 10));
    assertThat(withCohorts.cohortOptions().orElseThrow().blendPrior()).isZero();
    withCohorts.setBlendPrior(CohortOptions.DEFAULT_BLEND_PRIOR);
    assertThat(withCohorts.recommend(id(0), 10)).isEqualTo(blended);
    assertThatIllegalStateException().isThrownBy(() -> without.setBlendPrior(1));
  }

  /**
   * The blend counts only the profile items the model holds statistics about ({@link
   * ItemScorer#describedItems}): a model that describes none of her items leaves her exactly her
   * cohort's ranking, one that describes one of her two items weighs the cohort by α / (α + 1).
   */
  @Test
  void recommend_historyTheModelDoesNotDescribe_countsOnlyTheDescribedItemsInTheBlend() {
    Algorithm itemKnn = io.privrec.core.cf.Algorithms.create("item-knn", Map.of());
    PrivateRecommender blind = builder("region").algorithm(describing(itemKnn, 0)).build();
    // c000 holds n0 and g0; the North's ranking without them, as a visitor from the North gets it.
    List<String> cohortRanking = ids(blind.recommendForAttributes(Map.of("region", "North"), 20)).stream()
        .filter(id -> !id.equals("n0") && !id.equals("g0")).limit(10).toList();
    assertThat(ids(blind.recommend(id(0), 10))).isEqualTo(cohortRanking);
    assertThat(blind.explain(id(0), "n1", 3).reasons()).isEmpty();
    // With every item described the model's ranking enters the blend again.
    PrivateRecommender all = builder("region").algorithm(describing(itemKnn, 2)).build();
    assertThat(ids(all.recommend(id(0), 10))).isEqualTo(ids(builder("region").build().recommend(id(0), 10)));
    assertThat(ids(all.recommend(id(0), 10))).isNotEqualTo(cohortRanking);
  }

  @Test
  void cohortWeight_countsDescribedItems_oneWithoutHistory_zeroWhenSwitchedOff() {
    CohortOptions options = CohortOptions.builder().attributes("region").blendPrior(4).build();
    assertThat(options.cohortWeight(0, 0)).isEqualTo(1.0);
    assertThat(options.cohortWeight(3, 0)).isEqualTo(1.0);
    assertThat(options.cohortWeight(3, 1)).isEqualTo(4.0 / 5);
    assertThat(options.cohortWeight(3, 3)).isEqualTo(4.0 / 7).isEqualTo(options.cohortWeight(3));
    assertThat(options.cohortWeight(-1)).isEqualTo(1.0);
    CohortOptions off = options.withBlendPrior(0);
    assertThat(off.cohortWeight(3, 0)).isZero();
    assertThat(off.cohortWeight(0, 0)).isEqualTo(1.0);
    assertThatIllegalArgumentException().isThrownBy(() -> options.cohortWeight(2, 3))
        .withMessageContaining("describedItems");
    assertThatIllegalArgumentException().isThrownBy(() -> options.cohortWeight(2, -1));
  }

  /** {@code algorithm}'s models, describing at most {@code described} items of any profile. */
  private static Algorithm describing(Algorithm algorithm, int described) {
    return new Algorithm() {
      @Override
      public String name() {
        return algorithm.name();
      }

      @Override
      public Map<String, String> parameters() {
        return algorithm.parameters();
      }

      @Override
      public ItemScorer fit(InteractionMatrix train, FitListener listener) {
        ItemScorer model = algorithm.fit(train, listener);
        return new ItemScorer() {
          @Override
          public IdIndex items() {
            return model.items();
          }

          @Override
          public void scoreProfile(int[] items, float[] weights, float[] scores) {
            model.scoreProfile(items, weights, scores);
          }

          @Override
          public int describedItems(int[] items) {
            return Math.min(described, items.length);
          }

          @Override
          public ModelUpdate.Result forget(Erasure erasure) {
            return model.forget(erasure);
          }
        };
      }
    };
  }

  @Test
  void consent_customerWithoutLocationConsent_isInNoCohortAndGetsNoCohortRanking() {
    ConsentRegister consent = ConsentRegister.builder().regime(Regime.OPT_IN)
        .pseudonymizer(Pseudonymizer.of(PseudonymKey.generate("k1"))).build();
    for (int c = 0; c <= CUSTOMERS; c++) {
      consent.grant(id(c), Purpose.MODEL_TRAINING, "test");
      consent.grant(id(c), Purpose.PERSONALISATION, "test");
      if (c != 0) {
        consent.grant(id(c), Purpose.LOCATION_PERSONALISATION, "test");
      }
    }
    PrivateRecommender rec = builder("region").consent(consent).build();
    assertThat(rec.explain(id(0), "n1", 3).cohort()).isEmpty();
    assertThat(rec.export(id(0))).contains("\"usedForCohorts\":false");
    assertThat(rec.export(id(1))).contains("\"usedForCohorts\":true");
    // She is not counted in the cohorts (n0: 11 of the North's 118 interactions, 238 in all
    // cohorts), only in the global counts (12 of 240).
    assertThat(rec.explainForAttributes(Map.of("region", "North"), "n0").score())
        .isCloseTo(backoff(11, 118, 11, 238, 12, 240), within(1e-4));
    // Withdrawing later takes her out of her cohort's counts before the next call returns.
    consent.withdraw(id(1), Purpose.LOCATION_PERSONALISATION, "test");
    assertThat(rec.explainForAttributes(Map.of("region", "North"), "n1").score())
        .isCloseTo(backoff(11, 116, 11, 236, 12, 240), within(1e-4));
    assertThat(rec.explain(id(1), "n2", 3).cohort()).isEmpty();
  }

  @Test
  void forget_erasesHerAttributesAndHerCohortCounts() {
    PrivateRecommender rec = builder("region").coldStart(ColdStart.FAIL).build();
    assertThat(rec.export(id(1))).contains("\"attributes\":{\"values\":{\"region\":\"North\",\"postcode\":\"10001\"");
    rec.forget(id(1)); // North, holds n1 and g1
    assertThatIllegalArgumentException().isThrownBy(() -> rec.export(id(1)));
    assertThatIllegalArgumentException().isThrownBy(() -> rec.recommend(id(1), 5));
    // n_North(n1) = 11 of 118, 11 of 238 in all cohorts and in all.
    assertThat(rec.explainForAttributes(Map.of("region", "North"), "n1").score())
        .isCloseTo(backoff(11, 118, 11, 238, 11, 238), within(1e-4));
    assertThatIllegalStateException().isThrownBy(() -> rec.forget(id(1)));
    // The newcomer, known only by her attributes, can be erased too.
    rec.forget(id(CUSTOMERS));
    assertThatIllegalArgumentException().isThrownBy(() -> rec.recommend(id(CUSTOMERS), 5));
  }

  @Test
  void privacyMode_cohortCountsAreAReleaseChargedToTheAccountant() {
    PrivateRecommender rec = builder("region").privacy(1, 1e-6).build();
    PrivacyAccountant accountant = rec.accountant().orElseThrow();
    assertThat(accountant.ledger()).extracting(LedgerEntry::label).anyMatch(l -> l.contains("cohort item counts"));
    assertThat(accountant.total().epsilon()).isCloseTo(2, within(1e-9));
    assertThat(rec.recommendForAttributes(Map.of("region", "North"), 5)).hasSize(5);
    assertThat(rec.privacyReport().toText()).contains("location_personalisation");

    PrivacyAccountant small = PrivacyAccountant.create(PrivacyBudget.of(1.5, 1e-5));
    assertThatThrownBy(() -> builder("region").privacy(1, 1e-6).accountant(small).build())
        .isInstanceOf(PrivacyBudgetExceededException.class);
    assertThat(small.ledger()).isEmpty();
  }

  @Test
  void privacyMode_dpEaseSharesItsBudgetWithTheCohortCounts() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).catalogue(catalogue()).algorithm("dp-ease")
        .attributes(attributes(1)).privacy(1, 1e-6)
        .cohorts(CohortOptions.builder().attributes("region").k(50).shareOfModelBudget(0.5).build()).build();
    PrivacyAccountant accountant = rec.accountant().orElseThrow();
    assertThat(accountant.ledger()).singleElement().extracting(LedgerEntry::label).asString()
        .contains("per-cohort item counts");
    assertThat(accountant.total().epsilon()).isCloseTo(1, within(1e-9));
    assertThat(rec.recommendForAttributes(Map.of("region", "North"), 5)).hasSize(5);
    assertThat(rec.explainForAttributes(Map.of("region", "North"), "n1").cohort()).contains("region North");

    // Too few members for one cohort: the model is fitted alone, visitors get its fallback.
    PrivateRecommender tooFew = PrivateRecommender.builder().data(shop()).catalogue(catalogue()).algorithm("dp-ease")
        .attributes(attributes(1)).privacy(1, 1e-6)
        .cohorts(CohortOptions.builder().attributes("region").k(500).shareOfModelBudget(0.5).build()).build();
    assertThat(tooFew.accountant().orElseThrow().ledger()).singleElement().extracting(LedgerEntry::label).asString()
        .doesNotContain("cohort");

    // Only DP-EASE's releases compose this way.
    assertThatIllegalArgumentException().isThrownBy(() -> PrivateRecommender.builder().data(shop())
        .catalogue(catalogue()).algorithm("dp-popularity").attributes(attributes(1)).privacy(1, 1e-6)
        .cohorts(CohortOptions.builder().attributes("region").k(50).shareOfModelBudget(0.5).build()).build())
        .withMessageContaining("dp-ease");
    assertThatIllegalStateException().isThrownBy(() -> CohortOptions.builder().attributes("region")
        .budget(PrivacyBudget.of(1, 1e-6)).shareOfModelBudget(0.5).build()).withMessageContaining("exclude");
    assertThatIllegalArgumentException().isThrownBy(() -> CohortOptions.builder().shareOfModelBudget(1))
        .withMessageContaining("shareOfModelBudget");
  }

  @Test
  void misuse_clearErrors() {
    PrivateRecommender plain = PrivateRecommender.builder().data(shop()).build();
    assertThatIllegalStateException().isThrownBy(() -> plain.recommendForAttributes(Map.of(), 5))
        .withMessageContaining("cohorts");
    assertThatIllegalStateException().isThrownBy(() -> PrivateRecommender.builder().data(shop())
        .cohorts(CohortOptions.builder().attributes("region").build()).build()).withMessageContaining("attributes");
    assertThatIllegalStateException().isThrownBy(() -> PrivateRecommender.builder().data(shop())
        .attributes(attributes(0)).cohorts(CohortOptions.builder().attributes("shoe-size").build()).build())
        .withMessageContaining("'shoe-size'");
    assertThatIllegalArgumentException().isThrownBy(() -> CohortOptions.builder().k(1))
        .withMessageContaining("k must be >= 2");
    assertThatIllegalArgumentException().isThrownBy(() -> CohortOptions.builder().blendPrior(Double.NaN))
        .withMessageContaining("blendPrior");
  }

  @Test
  void tooFewMembersForOneCohort_visitorsGetTheNonPersonalisedRanking() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).catalogue(catalogue()).algorithm("item-knn")
        .attributes(attributes(0)).cohorts(CohortOptions.builder().attributes("region").k(500).build()).build();
    assertThat(rec.recommendForAttributes(Map.of("region", "North"), 20))
        .isEqualTo(rec.recommendForSession(List.of(), 20));
    assertThat(rec.explainForAttributes(Map.of("region", "North"), "n1").cohort()).contains("all customers");
  }
}
