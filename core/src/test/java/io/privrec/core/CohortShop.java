package io.privrec.core;

import io.privrec.core.data.AttributeHierarchy;
import io.privrec.core.data.Catalogue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small shop of the cohort tests: 120 customers {@code c000…c119}, the first 60 in the North,
 * the others in the South; each holds one of her region's five items ({@code n0…n4} or {@code
 * s0…s4}) and one of ten shared items {@code g0…g9}, so every item is held by 12 customers.
 */
final class CohortShop {
  static final int CUSTOMERS = 120;

  private CohortShop() {}

  static String id(int c) {
    return String.format("c%03d", c);
  }

  static boolean north(int c) {
    return c < CUSTOMERS / 2;
  }

  /** The public catalogue: the North's, the South's and the shared items, in that order. */
  static Catalogue catalogue() {
    List<String> ids = new ArrayList<>();
    for (String prefix : List.of("n", "s")) {
      for (int i = 0; i < 5; i++) {
        ids.add(prefix + i);
      }
    }
    for (int i = 0; i < 10; i++) {
      ids.add("g" + i);
    }
    return Catalogue.of(ids);
  }

  /** Regions North and South, both in "Country". */
  static AttributeHierarchy regions() {
    Map<String, List<String>> chains = new LinkedHashMap<>();
    chains.put("North", List.of("North", "Country", "*"));
    chains.put("South", List.of("South", "Country", "*"));
    return AttributeHierarchy.of(chains);
  }
}
