package io.privrec.core;

import static io.privrec.core.CohortShop.CUSTOMERS;
import static io.privrec.core.CohortShop.catalogue;
import static io.privrec.core.CohortShop.id;
import static io.privrec.core.CohortShop.north;
import static io.privrec.core.CohortShop.regions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.privrec.core.data.AttributeHierarchy;
import io.privrec.core.data.EventKind;
import io.privrec.core.privacy.Regime;
import io.privrec.dp.budget.LedgerEntry;
import io.privrec.dp.budget.PrivacyBudgetExceededException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cohorts in a home: fitted at refit from the stored attributes, restored on open (a private
 * release from its saved files, a non-private one fitted again), charged to the durable ledger,
 * used for new customers with attributes only, and left by erased customers.
 *
 * <p>The shop: 120 customers {@code c000…c119}; the first 60 live in the North, the others in the
 * South. Each bought two items: one of her region's five ({@code n0…n4} or {@code s0…s4}) and one
 * of ten shared items {@code g0…g9}, so every item is held by 12 customers.
 */
class RecommenderHomeCohortsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final List<String> NORTH_ITEMS = List.of("n0", "n1", "n2", "n3", "n4");
  private static final List<String> SOUTH_ITEMS = List.of("s0", "s1", "s2", "s3", "s4");

  @TempDir
  Path tmp;

  private static HomeOptions.Builder options() {
    return HomeOptions.builder().regime(Regime.OPT_OUT).algorithm("item-knn", Map.of()).fallbackMinCustomers(2)
        .clock(Clock.fixed(T0, ZoneOffset.UTC))
        .cohorts(CohortOptions.builder().attributes("region").k(50).build())
        .attributeHierarchy("region", regions());
  }

  private static HomeOptions privateOptions(double budget) {
    return options().algorithm("popularity", Map.of()).privacy(1.0, 1e-6).budget(budget, 1e-5).build();
  }

  /** A home with the shop's events and attributes (plus an age band, not a cohort attribute). */
  private RecommenderHome create(Path dir, HomeOptions options) {
    RecommenderHome home = RecommenderHome.create(dir, catalogue(), options);
    List<RecommenderHome.Event> events = new ArrayList<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      events.add(RecommenderHome.Event.of(id(c), (north(c) ? "n" : "s") + (c % 5), EventKind.PURCHASE, T0));
      events.add(RecommenderHome.Event.of(id(c), "g" + (c % 10), EventKind.PURCHASE, T0));
    }
    assertThat(home.recordAll(events).stored()).isEqualTo(2 * CUSTOMERS);
    for (int c = 0; c < CUSTOMERS; c++) {
      assertThat(home.setAttributes(id(c), Map.of("region", north(c) ? "North" : "South", "age-band", "30-39")))
          .isTrue();
    }
    return home;
  }

  private static List<String> ids(List<ScoredItem> items) {
    return items.stream().map(ScoredItem::itemId).toList();
  }

  private static Map<String, List<ScoredItem>> lists(RecommenderHome home) {
    Map<String, List<ScoredItem>> result = new LinkedHashMap<>();
    result.put("North", home.recommendForAttributes(Map.of("region", "North"), 20));
    result.put("South", home.recommendForAttributes(Map.of("region", "South"), 20));
    result.put("Country", home.recommendForAttributes(Map.of("region", "Country"), 20));
    result.put("nobody", home.recommendForAttributes(Map.of(), 20));
    for (int c : new int[] {3, 61, 100}) {
      result.put(id(c), home.recommend(id(c), 10));
    }
    return result;
  }

  @Test
  void nonPrivateHome_refitFormsCohortsFromStoredAttributes_andReopenGivesTheSameLists() throws Exception {
    Path dir = tmp.resolve("shop");
    Map<String, List<ScoredItem>> before;
    try (RecommenderHome home = create(dir, options().build())) {
      home.refit();
      assertThat(ids(home.recommendForAttributes(Map.of("region", "North"), 5)))
          .containsExactlyInAnyOrderElementsOf(NORTH_ITEMS);
      assertThat(ids(home.recommendForAttributes(Map.of("region", "South"), 5)))
          .containsExactlyInAnyOrderElementsOf(SOUTH_ITEMS);
      // Backoff with exact counts: n_North(n0) + (T_North / T_cohorts)·n_cohorts(n0) + (T_North / T)·n(n0).
      RecommendationExplanation e = home.explainForAttributes(Map.of("region", "North"), "n0");
      assertThat(e.score()).isCloseTo(12 + 0.5 * 12 + 0.5 * 12, within(1e-4));
      assertThat(e.cohort()).contains("region North");
      before = lists(home);
    }
    try (Stream<Path> files = Files.list(dir.resolve("models"))) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains("cohort"));
    }
    try (RecommenderHome home = RecommenderHome.open(dir, options().build())) {
      assertThat(lists(home)).isEqualTo(before);
    }
  }

  @Test
  void privateHome_dpEaseSharingItsBudget_savesTheCountsWithTheModel_andReopenGivesTheSameLists()
      throws Exception {
    Path dir = tmp.resolve("shop");
    HomeOptions shared = options().algorithm("dp-ease", Map.of()).privacy(1.0, 1e-6).budget(3.0, 1e-5)
        .cohorts(CohortOptions.builder().attributes("region").k(50).shareOfModelBudget(0.5).build()).build();
    Map<String, List<ScoredItem>> before;
    try (RecommenderHome home = create(dir, shared)) {
      String version = home.refit().id();
      // One charge of the model's (1, 1e-6) covers the model and the cohort counts.
      assertThat(home.budget().cumulative().orElseThrow().epsilon()).isCloseTo(1.0, within(1e-9));
      assertThat(Files.isRegularFile(dir.resolve("models").resolve(version + ".cohorts"))).isTrue();
      assertThat(Files.exists(dir.resolve("models").resolve(version + ".cohort-counts"))).isFalse();
      before = lists(home);
      assertThat(home.explainForAttributes(Map.of("region", "North"), "n0").cohort()).contains("region North");
    }
    try (RecommenderHome home = RecommenderHome.open(dir, shared)) {
      assertThat(lists(home)).isEqualTo(before); // bit for bit: the counts come from the saved model
      assertThat(home.budget().cumulative().orElseThrow().epsilon()).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void privateHome_servesTheSavedReleaseAfterReopen_withoutChargingAgain() throws Exception {
    Path dir = tmp.resolve("shop");
    Map<String, List<ScoredItem>> before;
    int charges;
    try (RecommenderHome home = create(dir, privateOptions(3.0))) {
      String version = home.refit().id();
      assertThat(home.budget().cumulative().orElseThrow().epsilon()).isCloseTo(2.0, within(1e-9));
      assertThat(Files.isRegularFile(dir.resolve("models").resolve(version + ".cohorts"))).isTrue();
      assertThat(Files.isRegularFile(dir.resolve("models").resolve(version + ".cohort-counts"))).isTrue();
      before = lists(home);
      charges = home.budget().charges();
    }
    try (RecommenderHome home = RecommenderHome.open(dir, privateOptions(3.0))) {
      assertThat(lists(home)).isEqualTo(before); // bit for bit: the same noisy counts
      assertThat(home.explainForAttributes(Map.of("region", "North"), "n0").cohort()).contains("region North");
      assertThat(home.budget().charges()).isEqualTo(charges);
      assertThat(home.budget().cumulative().orElseThrow().epsilon()).isCloseTo(2.0, within(1e-9));
      assertThat(home.recommender().orElseThrow().accountant().orElseThrow().ledger())
          .extracting(LedgerEntry::label).anyMatch(l -> l.contains("cohort"));
      // An erasure keeps the release as it was published.
      home.forget(List.of(id(0)));
      home.awaitErasures();
      assertThat(home.recommendForAttributes(Map.of("region", "North"), 20)).isEqualTo(before.get("North"));
      assertThat(home.attributes(id(0))).isEmpty();
    }
    try (RecommenderHome home = RecommenderHome.open(dir, privateOptions(3.0))) {
      assertThat(home.recommendForAttributes(Map.of("region", "North"), 20)).isEqualTo(before.get("North"));
      assertThat(home.budget().charges()).isEqualTo(charges);
    }
  }

  @Test
  void privateRefitThatCannotPayForModelAndCohortsIsRefusedWithNothingCharged() {
    // The model alone (ε = 1) fits in 1.5, the model and its cohort counts (ε = 2) do not.
    try (RecommenderHome home = create(tmp.resolve("shop"), privateOptions(1.5))) {
      assertThatThrownBy(home::refit).isInstanceOf(PrivacyBudgetExceededException.class);
      assertThat(home.budget().charges()).isZero();
      assertThat(home.model()).isEmpty();
    }
    try (RecommenderHome home = RecommenderHome.open(tmp.resolve("shop"), privateOptions(1.5))) {
      assertThat(home.budget().charges()).isZero();
    }
  }

  @Test
  void aNewCustomerWithAttributesOnlyGetsHerCohortsRanking() {
    try (RecommenderHome home = create(tmp.resolve("shop"), options().build())) {
      assertThat(home.setAttributes("newcomer", Map.of("region", "South"))).isTrue();
      home.refitInBackground("item-knn", Map.of(), null).join();
      List<ScoredItem> south = home.recommendForAttributes(Map.of("region", "South"), 5);
      assertThat(ids(south)).containsExactlyInAnyOrderElementsOf(SOUTH_ITEMS);
      assertThat(home.recommend("newcomer", 5)).isEqualTo(south);
      assertThat(home.explain("newcomer", "s0", 3).cohort()).contains("region South");
      // Attributes set after the refit are used for her own lookup at once.
      assertThat(home.setAttributes("latecomer", Map.of("region", "North"))).isTrue();
      assertThat(home.recommend("latecomer", 5)).isEqualTo(home.recommendForAttributes(Map.of("region", "North"), 5));
      assertThat(home.setAttributes("latecomer", Map.of("region", "South"))).isTrue();
      assertThat(home.recommend("latecomer", 5)).isEqualTo(south);
      // Without a value for every cohort attribute she is not in the cohort table: unknown there.
      assertThat(home.setAttributes("partial", Map.of("age-band", "20-29"))).isTrue();
      home.refit();
      assertThatIllegalArgumentException().isThrownBy(() -> home.explain("partial", "s0", 3));
      assertThat(home.recommend("latecomer", 5)).isEqualTo(south);
    }
  }

  /** n0 for the North once c000 is gone: 11 of 118 in the North, 11 of 238 in all cohorts and in all. */
  private static double expectedAfterErasure() {
    return 11 + 118.0 / 238 * 11 + 118.0 / 238 * 11;
  }

  @Test
  void forgetRemovesHerAttributesAndHerCountsFromTheCohorts() {
    Path dir = tmp.resolve("shop");
    try (RecommenderHome home = create(dir, options().build())) {
      home.refit();
      // c000 lives in the North and holds n0 and g0.
      home.forget(List.of(id(0)));
      assertThat(home.attributes(id(0))).isEmpty();
      assertThat(home.explainForAttributes(Map.of("region", "North"), "n0").score())
          .isCloseTo(expectedAfterErasure(), within(1e-4));
      home.awaitErasures();
      assertThat(home.export(id(1))).contains("North");
    }
    try (RecommenderHome home = RecommenderHome.open(dir, options().build())) {
      assertThat(home.attributes(id(0))).isEmpty();
      assertThat(home.explainForAttributes(Map.of("region", "North"), "n0").score())
          .isCloseTo(expectedAfterErasure(), within(1e-4));
    }
  }

  @Test
  void aHomeWithoutCohortsOrWithoutAModelRefusesAttributeLookups() {
    HomeOptions plain = HomeOptions.builder().regime(Regime.OPT_OUT).fallbackMinCustomers(2)
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    try (RecommenderHome home = create(tmp.resolve("plain"), plain)) {
      home.refit();
      assertThatIllegalStateException().isThrownBy(() -> home.recommendForAttributes(Map.of("region", "North"), 5))
          .withMessageContaining("no cohorts");
      assertThatIllegalStateException().isThrownBy(() -> home.explainForAttributes(Map.of(), "n0"))
          .withMessageContaining("no cohorts");
    }
    try (RecommenderHome home = RecommenderHome.create(tmp.resolve("empty"), catalogue(), options().build())) {
      assertThatIllegalStateException().isThrownBy(() -> home.recommendForAttributes(Map.of("region", "North"), 5))
          .withMessageContaining("no model fitted yet");
    }
  }

  @Test
  void optionsRejectHierarchiesWithoutCohortsOrForOtherAttributes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HomeOptions.builder().attributeHierarchy("region", regions()).build())
        .withMessageContaining("attributeHierarchy('region'").withMessageContaining("cohorts(...)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> options().attributeHierarchy("postcode", AttributeHierarchy.prefixes(1)).build())
        .withMessageContaining("'postcode'").withMessageContaining("[region]");
    assertThatIllegalArgumentException().isThrownBy(() -> options().attributeHierarchy(" ", regions()));
    assertThatIllegalArgumentException().isThrownBy(() -> options()
        .cohorts(CohortOptions.builder().attributes("re\ngion").build()).build()).withMessageContaining("position 0");
    HomeOptions o = options().build();
    assertThat(o.toBuilder().build().attributeHierarchies()).containsOnlyKeys("region");
    assertThat(HomeOptions.defaults().cohorts()).isEmpty();
  }
}
