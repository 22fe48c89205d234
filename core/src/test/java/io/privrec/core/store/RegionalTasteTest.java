package io.privrec.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.data.AttributeHierarchy;
import io.privrec.core.data.CustomerAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class RegionalTasteTest {

  private static SyntheticStore small(long seed) {
    return SyntheticStore.builder().seed(seed).customers(2_000).garments(400).events(40_000).build();
  }

  @Test
  void regionalTaste_coldStartCustomersFindMoreOfTheirGarmentsInTheirRegionsTopList() {
    // Tuning seed 7 (not the default 42). Cold-start customers (1 or 2 garments) draw 30% from their
    // region's taste, one-off and regular alike; the lists are counted on the other customers.
    SyntheticStore store = SyntheticStore.builder().seed(7).customers(20_000).garments(2_000).events(300_000)
        .build();

    RegionalTaste t = RegionalTaste.measure(store, 100);

    assertThat(t.coldCustomers()).isGreaterThan(5_000);
    assertThat(t.regionalTopShare()).as("%s", t).isGreaterThan(t.globalTopShare() + 0.015);
    // Region explains at most a third of the choices: the excess of own-region matches over other
    // regions' gives the share drawn from regional taste (30% of regular and of one-off draws).
    assertThat(t.ownMatchShare()).as("%s", t).isGreaterThan(t.otherMatchShare() + 0.05);
    assertThat(t.regionalShareEstimate()).as("%s", t).isBetween(0.15, 1.0 / 3);
    assertThat(t.mutualInformationShare()).as("%s", t).isPositive().isLessThan(0.05);
  }

  @Test
  void regionalShares_atMostAThird() {
    assertThat(SyntheticStore.REGIONAL_SHARE_REGULAR).isPositive().isLessThanOrEqualTo(1.0 / 3);
    assertThat(SyntheticStore.REGIONAL_SHARE_ONE_OFF).isPositive().isLessThanOrEqualTo(1.0 / 3);
    assertThat(SyntheticStore.REGIONAL_MATCH_FACTOR).isGreaterThan(1);
  }

  @Test
  void regionalTaste_sameSeedSameTaste_differentSeedDifferentTaste() {
    SyntheticStore a = small(7);
    SyntheticStore b = small(7);
    SyntheticStore c = small(8);
    boolean differs = false;
    for (int r = 0; r < SyntheticStore.numRegions(); r++) {
      for (Garment g : a.garments()) {
        assertThat(b.regionalMatches(r, g)).isEqualTo(a.regionalMatches(r, g));
        differs |= c.regionalMatches(r, g) != a.regionalMatches(r, g);
      }
      assertThat(b.regionalMatchProbability(r)).isEqualTo(a.regionalMatchProbability(r));
    }
    assertThat(differs).isTrue();
    assertThat(b.customerAttributes()).isEqualTo(a.customerAttributes());
  }

  @Test
  void geography_chainsRunFromPostcodeThroughDistrictRegionAndMacroRegionToTop() {
    SyntheticStore store = small(3);

    AttributeHierarchy geo = store.geography();

    assertThat(geo.levels()).isEqualTo(4);
    assertThat(chain(geo, "10000")).containsExactly("10000", "10***", "Capital", "Central", "*");
    assertThat(chain(geo, "20417")).containsExactly("20417", "20***", "North", "Northern", "*");
    assertThat(chain(geo, "34999")).containsExactly("34999", "34***", "North-West", "Northern", "*");
    assertThat(chain(geo, "50123")).containsExactly("50123", "50***", "East", "Central", "*");
    assertThat(chain(geo, "89999")).containsExactly("89999", "89***", "Islands", "Southern", "*");
    assertThat(geo.covers("90000")).isFalse();
    assertThat(geo.covers("09999")).isFalse();
    for (Customer c : store.customers()) {
      assertThat(geo.covers(c.postcode())).isTrue();
      assertThat(geo.generalise(c.postcode(), 1)).isEqualTo(c.postcode().substring(0, 2) + "***");
      assertThat(geo.generalise(c.postcode(), 2)).isEqualTo(c.region());
      assertThat(geo.generalise(c.postcode(), 3)).isEqualTo(SyntheticStore.regionHierarchy().generalise(c.region(),
          1));
    }
    assertThat(store.geography()).as("cached").isSameAs(geo);
  }

  @Test
  void regionHierarchy_groupsTheTenRegionsIntoThreeMacroRegions() {
    AttributeHierarchy h = SyntheticStore.regionHierarchy();

    assertThat(h.levels()).isEqualTo(2);
    for (String north : List.of("North", "North-East", "North-West")) {
      assertThat(chain(h, north)).containsExactly(north, "Northern", "*");
    }
    for (String central : List.of("Capital", "Midlands", "East")) {
      assertThat(chain(h, central)).containsExactly(central, "Central", "*");
    }
    for (String south : List.of("South", "South-East", "South-West", "Islands")) {
      assertThat(chain(h, south)).containsExactly(south, "Southern", "*");
    }
  }

  @Test
  void customerAttributes_oneRowPerCustomerInOrder_withDocumentedColumnsAndHierarchies() {
    SyntheticStore store = small(9);

    CustomerAttributes a = store.customerAttributes();

    assertThat(a.names()).containsExactly("region", "postcode", "age-band", "gender", "age");
    assertThat(a.size()).isEqualTo(store.customers().size());
    assertThat(List.copyOf(a.customers())).isEqualTo(store.customers().stream().map(Customer::id).toList());
    Set<String> bands = new HashSet<>();
    for (Customer c : store.customers()) {
      assertThat(a.value(c.id(), "region")).isEqualTo(c.region());
      assertThat(a.value(c.id(), "postcode")).isEqualTo(c.postcode());
      assertThat(a.value(c.id(), "gender")).isEqualTo(c.gender().name().toLowerCase(java.util.Locale.ROOT));
      assertThat(a.value(c.id(), "age")).isEqualTo(Integer.toString(c.age()));
      String band = a.value(c.id(), "age-band");
      bands.add(band);
      if (band.equals("65+")) {
        assertThat(c.age()).isGreaterThanOrEqualTo(65);
      } else {
        String[] range = band.split("-");
        assertThat(c.age()).isBetween(Integer.parseInt(range[0]), Integer.parseInt(range[1]));
      }
    }
    assertThat(bands).containsExactlyInAnyOrder("18-24", "25-34", "35-44", "45-54", "55-64", "65+");
    assertThat(a.hierarchy("region")).hasValueSatisfying(h -> assertThat(h.levels()).isEqualTo(2));
    assertThat(a.hierarchy("postcode")).hasValue(store.geography());
    assertThat(a.hierarchy("age-band")).isEmpty();
    assertThat(store.customerAttributes()).as("cached").isSameAs(a);
  }

  @Test
  void ageBand_boundaries() {
    assertThat(SyntheticStore.ageBand(18)).isEqualTo("18-24");
    assertThat(SyntheticStore.ageBand(24)).isEqualTo("18-24");
    assertThat(SyntheticStore.ageBand(25)).isEqualTo("25-34");
    assertThat(SyntheticStore.ageBand(54)).isEqualTo("45-54");
    assertThat(SyntheticStore.ageBand(64)).isEqualTo("55-64");
    assertThat(SyntheticStore.ageBand(65)).isEqualTo("65+");
    assertThat(SyntheticStore.ageBand(80)).isEqualTo("65+");
  }

  private static List<String> chain(AttributeHierarchy h, String value) {
    return java.util.stream.IntStream.rangeClosed(0, h.levels()).mapToObj(l -> h.generalise(value, l)).toList();
  }

  /**
   * Prints the figures of docs/synthetic-store.md ("Regional taste"): run with
   * {@code -Dprivrec.store.regionalTaste=true}; the output is in
   * {@code core/target/surefire-reports/io.privrec.core.store.RegionalTasteTest-output.txt}.
   */
  @Test
  @EnabledIfSystemProperty(named = "privrec.store.regionalTaste", matches = "true")
  void printDocumentedFigures() {
    SyntheticStore store = SyntheticStore.builder().seed(7).build();
    System.out.println("default store, seed 7, top-100: " + RegionalTaste.measure(store, 100));
    SyntheticStore small = SyntheticStore.builder().seed(7).customers(20_000).garments(2_000).events(300_000).build();
    System.out.println("test store, seed 7, top-100: " + RegionalTaste.measure(small, 100));
  }
}
