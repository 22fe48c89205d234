package io.privrec.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.core.data.DatasetStats;
import io.privrec.core.data.EventKind;
import io.privrec.core.data.EventWeights;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.data.MatrixInvariants;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticStoreTest {

  private static SyntheticStore small(long seed) {
    return SyntheticStore.builder().seed(seed).customers(2_000).garments(400).events(40_000).build();
  }

  /** An order-sensitive fingerprint of the whole event stream. */
  private static long fingerprint(SyntheticStore store) {
    long[] h = {17};
    store.forEachEvent((c, g, kind, t) -> {
      h[0] = 31 * h[0] + c;
      h[0] = 31 * h[0] + g;
      h[0] = 31 * h[0] + kind.ordinal();
      h[0] = 31 * h[0] + t;
    });
    return h[0];
  }

  @Test
  void build_sameSeed_identicalCustomersGarmentsAndEvents() {
    SyntheticStore a = small(7);
    SyntheticStore b = small(7);

    assertThat(a.customers()).isEqualTo(b.customers());
    assertThat(a.garments()).isEqualTo(b.garments());
    assertThat(fingerprint(a)).isEqualTo(fingerprint(b));
    InteractionMatrix ma = a.interactions();
    InteractionMatrix mb = b.interactions();
    assertThat(ma.numInteractions()).isEqualTo(mb.numInteractions());
    for (int p = 0; p < ma.numInteractions(); p++) {
      assertThat(ma.itemAt(p)).isEqualTo(mb.itemAt(p));
      assertThat(ma.weightAt(p)).isEqualTo(mb.weightAt(p));
      assertThat(ma.timeAt(p)).isEqualTo(mb.timeAt(p));
    }
  }

  @Test
  void build_differentSeeds_differ() {
    SyntheticStore a = small(7);
    SyntheticStore b = small(8);

    assertThat(a.customers()).isNotEqualTo(b.customers());
    assertThat(a.garments()).isNotEqualTo(b.garments());
    assertThat(fingerprint(a)).isNotEqualTo(fingerprint(b));
  }

  @Test
  void forEachEvent_streamTwice_sameSequence() {
    SyntheticStore store = small(3);

    assertThat(fingerprint(store)).isEqualTo(fingerprint(store));
  }

  @Test
  void forEachEvent_emitsExactlyTheRequestedNumberOfEvents() {
    for (long events : new long[] {0, 1, 5, 999, 40_000}) {
      SyntheticStore store = SyntheticStore.builder().customers(500).garments(100).events(events).build();
      long[] n = {0};
      store.forEachEvent((c, g, k, t) -> n[0]++);
      assertThat(n[0]).as("events(%s)", events).isEqualTo(events).isEqualTo(store.numEvents());
    }
  }

  @Test
  void forEachEvent_fewEventsManyCustomers_exactCount() {
    SyntheticStore store = SyntheticStore.builder().customers(10_000).garments(50).events(3).build();
    long[] n = {0};

    store.forEachEvent((c, g, k, t) -> n[0]++);

    assertThat(n[0]).isEqualTo(3);
  }

  @Test
  void forEachEvent_eventsAreValidShopEvents() {
    SyntheticStore store = small(11);
    long yearStart = LocalDate.of(2024, 1, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    long yearEnd = LocalDate.of(2025, 1, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    long[] kinds = new long[EventKind.values().length];
    long[] outside = {0};
    long[] badIndex = {0};
    long[] returnsAfterYearEnd = {0};

    store.forEachEvent((c, g, kind, t) -> {
      kinds[kind.ordinal()]++;
      if (c < 0 || c >= 2_000 || g < 0 || g >= 400) {
        badIndex[0]++;
      }
      if (t < yearStart || t >= yearEnd + 22 * 86_400L) {
        outside[0]++;
      }
      if (t >= yearEnd && kind != EventKind.RETURN) {
        returnsAfterYearEnd[0]++;
      }
    });

    assertThat(badIndex[0]).isZero();
    assertThat(outside[0]).isZero();
    assertThat(kinds[EventKind.RATING.ordinal()]).isZero();
    assertThat(kinds[EventKind.VIEW.ordinal()]).isGreaterThan(kinds[EventKind.CART.ordinal()]);
    assertThat(kinds[EventKind.CART.ordinal()]).isGreaterThan(kinds[EventKind.PURCHASE.ordinal()]);
    assertThat(kinds[EventKind.PURCHASE.ordinal()]).isGreaterThan(kinds[EventKind.RETURN.ordinal()]);
    assertThat(kinds[EventKind.RETURN.ordinal()]).isPositive();
  }

  @Test
  void forEachEvent_eachCustomersEventsFollowViewCartPurchaseReturnOrder() {
    SyntheticStore store = small(5);
    int[] lastCustomer = {-1};
    Set<Long> viewed = new HashSet<>();
    Set<Long> carted = new HashSet<>();
    Set<Long> bought = new HashSet<>();
    long[] violations = {0};

    store.forEachEvent((c, g, kind, t) -> {
      assertThat(c).isGreaterThanOrEqualTo(lastCustomer[0]); // customer by customer
      lastCustomer[0] = c;
      long pair = (long) c << 32 | g;
      switch (kind) {
        case VIEW:
          viewed.add(pair);
          break;
        case CART:
          violations[0] += viewed.contains(pair) ? 0 : 1;
          carted.add(pair);
          break;
        case PURCHASE:
          violations[0] += carted.contains(pair) ? 0 : 1;
          bought.add(pair);
          break;
        case RETURN:
          violations[0] += bought.contains(pair) ? 0 : 1;
          break;
        default:
          violations[0]++;
      }
    });

    assertThat(violations[0]).isZero();
  }

  @Test
  void interactions_matrixAlignsWithCustomerAndGarmentLists() {
    SyntheticStore store = small(2);

    InteractionMatrix m = store.interactions();

    MatrixInvariants.assertValid(m);
    assertThat(m.hasTimestamps()).isTrue();
    assertThat(m.numUsers()).isEqualTo(2_000);
    assertThat(m.numItems()).isEqualTo(400);
    assertThat(m.users().id(123)).isEqualTo("c000123").isEqualTo(store.customers().get(123).id());
    assertThat(m.items().id(123)).isEqualTo("g00123").isEqualTo(store.garments().get(123).id());
    assertThat(store.interactions()).as("cached").isSameAs(m);
  }

  @Test
  void interactions_weightsAreSummedDefaultEventWeights() {
    SyntheticStore store = small(4);
    InteractionMatrix m = store.interactions();
    float[][] expected = new float[2_000][400];
    store.forEachEvent((c, g, kind, t) -> expected[c][g] += EventWeights.DEFAULT.weightOf(kind, 0f));

    long positive = 0;
    for (int c = 0; c < 2_000; c++) {
      for (int g = 0; g < 400; g++) {
        int p = m.find(c, g);
        if (expected[c][g] > 0) {
          positive++;
          assertThat(p).isNotNegative();
          assertThat(m.weightAt(p)).isEqualTo(expected[c][g]);
        } else {
          assertThat(p).isEqualTo(-1);
        }
      }
    }
    assertThat(m.numInteractions()).isEqualTo(positive);
  }

  @Test
  void interactions_customWeights_appliedToEvents() {
    SyntheticStore store = SyntheticStore.builder().customers(300).garments(60).events(3_000).build();

    InteractionMatrix views = store.interactions(new EventWeights(1f, 1e-3f, 1e-3f, 0f));

    assertThat(views.numInteractions()).isEqualTo(store.interactions().numInteractions());
    assertThatNullPointerException().isThrownBy(() -> store.interactions(null)).withMessage("weights");
  }

  @Test
  void customers_attributesInDocumentedRanges() {
    SyntheticStore store = small(9);
    Set<String> ids = new HashSet<>();

    for (Customer c : store.customers()) {
      assertThat(ids.add(c.id())).isTrue();
      assertThat(c.id()).matches("c\\d{6}");
      assertThat(c.age()).isBetween(18, 80);
      assertThat(c.heightCm()).isBetween(140, 205);
      assertThat(c.weightKg()).isBetween(38, 160);
      assertThat(c.dressSize()).isBetween(4, 26);
      assertThat(c.dressSize() % 2).isZero();
      assertThat(c.postcode()).matches("\\d{5}");
      assertThat(c.region()).isNotEmpty();
      assertThat(c.styleGroup()).isBetween(0, store.styleGroups() - 1);
    }
    assertThat(store.customers()).extracting(Customer::gender).contains(Customer.Gender.values());
    assertThat(store.customers()).extracting(Customer::bodyType).contains(Customer.BodyType.values());
  }

  @Test
  void garments_attributesInDocumentedRanges() {
    SyntheticStore store = small(9);

    for (Garment g : store.garments()) {
      assertThat(g.id()).matches("g\\d{5}");
      assertThat(g.price()).isGreaterThan(0);
      double cents = Math.round(g.price() * 100) % 100;
      assertThat(cents).isIn(49.0, 99.0);
      assertThat(g.styleGroup()).isBetween(0, store.styleGroups() - 1);
      if (g.category().equals("coat")) {
        assertThat(g.season()).isEqualTo(Garment.Season.AUTUMN_WINTER);
      }
    }
    assertThat(store.garments()).extracting(Garment::styleGroup).containsAll(
        java.util.stream.IntStream.range(0, store.styleGroups()).boxed().toList());
  }

  @Test
  void customers_listIsUnmodifiable() {
    SyntheticStore store = small(1);

    assertThatThrownByUnsupported(() -> store.customers().clear());
    assertThatThrownByUnsupported(() -> store.garments().clear());
  }

  private static void assertThatThrownByUnsupported(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    org.assertj.core.api.Assertions.assertThatThrownBy(call).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void events_mostlyFromPrimaryStyleGroup() {
    // Fixed seed, so the share is deterministic. Regular customers draw 70% (+ revisits) from
    // their primary group; without style groups the share would be about 1/16.
    SyntheticStore store = small(21);
    long[] inPrimary = {0};
    long[] views = {0};
    store.forEachEvent((c, g, kind, t) -> {
      if (kind == EventKind.VIEW) {
        views[0]++;
        if (store.garments().get(g).styleGroup() == store.customers().get(c).styleGroup()) {
          inPrimary[0]++;
        }
      }
    });

    assertThat(inPrimary[0] / (double) views[0]).isGreaterThan(0.5);
  }

  @Test
  void stats_defaultShape_hasLongTailAndOneOffCustomers() {
    SyntheticStore store = SyntheticStore.builder().customers(5_000).garments(500).events(100_000).build();

    DatasetStats stats = DatasetStats.of(store.interactions());

    // Fixed seed (deterministic); bounds bracket the documented design (30% one-off customers,
    // power-law popularity), far from a uniform store (Gini near 0, no single-interaction users).
    assertThat(stats.singleInteractionUserShare()).isBetween(0.25, 0.45);
    assertThat(stats.itemGini()).isBetween(0.45, 0.85);
  }

  @Test
  void forEachEvent_nullConsumer_throws() {
    assertThatNullPointerException().isThrownBy(() -> small(1).forEachEvent(null)).withMessage("consumer");
  }

  @Test
  void build_largeCounts_widenIds() {
    SyntheticStore store = SyntheticStore.builder().customers(10).garments(100_001).events(0).build();

    assertThat(store.garments().get(100_000).id()).isEqualTo("g100000");
    assertThat(store.garments().get(7).id()).isEqualTo("g000007");
    assertThat(store.customers().get(7).id()).isEqualTo("c000007");
    assertThat(SyntheticStore.id('c', 1_000_000, 7)).isEqualTo("c1000000");
  }

  @Test
  void builder_defaults_documentedValues() {
    SyntheticStore store = SyntheticStore.builder().events(0).build();

    assertThat(store.customers()).hasSize(50_000);
    assertThat(store.garments()).hasSize(5_000);
    assertThat(store.seed()).isEqualTo(42);
    assertThat(store.styleGroups()).isEqualTo(16);
    assertThat(store.year()).isEqualTo(2024);
    assertThat(SyntheticStore.builder().customers(1).garments(1).build().numEvents()).isEqualTo(1_000_000);
  }

  @Test
  void builder_invalidValues_rejectedWithParameterAndValue() {
    assertThatIllegalArgumentException().isThrownBy(() -> SyntheticStore.builder().customers(0).build())
        .withMessage("customers must be >= 1. Provided value: 0");
    assertThatIllegalArgumentException().isThrownBy(() -> SyntheticStore.builder().garments(-1).build())
        .withMessage("garments must be >= 1. Provided value: -1");
    assertThatIllegalArgumentException().isThrownBy(() -> SyntheticStore.builder().events(-5).build())
        .withMessage("events must be >= 0. Provided value: -5");
    assertThatIllegalArgumentException().isThrownBy(() -> SyntheticStore.builder().garments(10).styleGroups(11).build())
        .withMessage("styleGroups must be in [1, garments=10]. Provided value: 11");
    assertThatIllegalArgumentException().isThrownBy(() -> SyntheticStore.builder().oneOffShare(Double.NaN).build())
        .withMessage("oneOffShare must be in [0, 1). Provided value: NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> SyntheticStore.builder().oneOffShare(1).build())
        .withMessageContaining("oneOffShare must be in [0, 1)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SyntheticStore.builder().popularityExponent(Double.POSITIVE_INFINITY).build())
        .withMessage("popularityExponent must be finite and >= 0. Provided value: Infinity");
    assertThatIllegalArgumentException().isThrownBy(() -> SyntheticStore.builder().year(1900).build())
        .withMessage("year must be in [1971, 2200]. Provided value: 1900");
  }

  @Test
  void build_singleGarmentSingleGroup_works() {
    SyntheticStore store = SyntheticStore.builder().customers(10).garments(1).styleGroups(1).events(100).build();

    InteractionMatrix m = store.interactions();

    assertThat(m.numItems()).isEqualTo(1);
    MatrixInvariants.assertValid(m);
  }

  @Test
  void build_noOneOffCustomers_noForcedSingles() {
    SyntheticStore store = SyntheticStore.builder().customers(1_000).garments(200).events(50_000).oneOffShare(0)
        .build();

    // 50 events per customer on average: single-interaction customers are rare without one-offs.
    assertThat(DatasetStats.of(store.interactions()).singleInteractionUserShare()).isLessThan(0.1);
  }

  @Test
  void builder_reusedAfterBuild_doesNotAffectBuiltStore() {
    SyntheticStore.Builder builder = SyntheticStore.builder().customers(10).garments(5).events(20);
    SyntheticStore store = builder.build();
    builder.events(99).seed(1);

    assertThat(store.numEvents()).isEqualTo(20);
    assertThat(store.seed()).isEqualTo(42);
  }

  @Test
  void catalogue_isTheGarmentIdsInGarmentOrder_andLinesUpWithTheInteractionColumns() {
    SyntheticStore store = small(7);

    var catalogue = store.catalogue();

    assertThat(catalogue.size()).isEqualTo(store.garments().size());
    InteractionMatrix m = store.interactions();
    assertThat(m.numItems()).isEqualTo(catalogue.size());
    for (int g = 0; g < store.garments().size(); g++) {
      Garment garment = store.garments().get(g);
      assertThat(catalogue.items().id(g)).isEqualTo(garment.id());
      assertThat(m.items().id(g)).as("garment %d is column %d", g, g).isEqualTo(garment.id());
      assertThat(catalogue.attribute("category", garment.id())).isEqualTo(garment.category());
      assertThat(catalogue.attribute("brand", garment.id())).isEqualTo(garment.brand());
      assertThat(catalogue.attribute("colour", garment.id())).isEqualTo(garment.colour());
      assertThat(catalogue.attribute("season", garment.id())).isEqualTo(garment.season().name());
    }
    // Re-indexing the store's data onto its catalogue changes nothing.
    assertThat(m.onItems(catalogue.items()).numInteractions()).isEqualTo(m.numInteractions());
  }

  @Test
  void catalogue_dependsOnTheCatalogueParametersOnly_notOnEventsOrCustomers() {
    SyntheticStore a = SyntheticStore.builder().seed(5).customers(300).garments(120).events(1_000).build();
    SyntheticStore b = SyntheticStore.builder().seed(5).customers(900).garments(120).events(30_000).build();

    assertThat(b.catalogue().items().ids()).isEqualTo(a.catalogue().items().ids());
    assertThat(b.garments()).isEqualTo(a.garments());
  }
}
