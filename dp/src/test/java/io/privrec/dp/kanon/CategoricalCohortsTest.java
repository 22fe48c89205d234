package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Strict Mondrian cohorts over string attributes without a hierarchy: sets of categories. */
class CategoricalCohortsTest {
  private static final String[] REGIONS = {"Capital", "North", "South", "East", "West", "Islands"};
  private static final int[] COUNTS = {40, 25, 15, 10, 6, 4};

  /** 100 customers over six regions with uneven counts, rows interleaved, ages 18..77. */
  private static Table regions(long seed) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < REGIONS.length; i++) {
      for (int j = 0; j < COUNTS[i]; j++) {
        rows.add(REGIONS[i]);
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = rows.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String t = rows.get(i);
      rows.set(i, rows.get(j));
      rows.set(j, t);
    }
    Table.Builder b = Table.builder().column("region", ColumnType.STRING).column("age", ColumnType.INTEGER);
    for (String region : rows) {
      b.addRow(region, 18 + random.nextInt(60));
    }
    return b.build();
  }

  private static List<String> descriptions(Cohorts c, String attribute) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < c.count(); i++) {
      out.add(c.describe(i).get(attribute));
    }
    return out;
  }

  @Test
  void regionOnly_splitsIntoBalancedSetsOfCategories() {
    Cohorts c = Cohorts.fit(regions(1), List.of("region"), 10);
    // Root: {Capital, East} 50 | {North, South, West, Islands} 50; then East 10 | Capital 40,
    // North 25 | {South, West, Islands} 25, {West, Islands} 10 | South 15; West 6 | Islands 4 < k.
    assertThat(descriptions(c, "region")).containsExactly("East", "Capital", "North", "{Islands, West}", "South");
    assertThat(c.cohortOf(Map.of("region", "West"))).isEqualTo(3);
    assertThat(c.cohortOf(Map.of("region", "Islands"))).isEqualTo(3);
    assertThat(c.size(3)).isEqualTo(10);
    assertThat(c.size(1)).isEqualTo(40);
  }

  @Test
  void regionAndAge_cohortsHaveAtLeastKAndRegionIsNeverARange() {
    Table t = regions(2);
    int k = 8;
    Cohorts c = Cohorts.fit(t, List.of("region", "age"), k);
    assertThat(c.count()).isGreaterThan(5);
    int total = 0;
    for (int i = 0; i < c.count(); i++) {
      assertThat(c.size(i)).isGreaterThanOrEqualTo(k);
      total += c.size(i);
      TreeSet<String> held = new TreeSet<>();
      int minAge = Integer.MAX_VALUE;
      int maxAge = Integer.MIN_VALUE;
      for (int row : c.members(i)) {
        held.add(t.text(row, 0));
        int age = Integer.parseInt(t.text(row, 1));
        minAge = Math.min(minAge, age);
        maxAge = Math.max(maxAge, age);
      }
      String region = c.describe(i).get("region");
      assertThat(region).doesNotStartWith("[");
      String expected = held.size() == 1 ? held.first()
          : held.size() == REGIONS.length ? "*" : "{" + String.join(", ", held) + "}";
      assertThat(region).isEqualTo(expected);
      // The numeric attribute keeps its ranges.
      assertThat(c.describe(i).get("age")).isEqualTo(minAge == maxAge ? Integer.toString(minAge)
          : "[" + minAge + ", " + maxAge + "]");
    }
    assertThat(total).isEqualTo(t.rowCount());
    assertThat(descriptions(c, "age")).anyMatch(a -> a.startsWith("["));
  }

  @Test
  void allCategoriesInOneCohort_isStar_andSmallGroupsAreNotSplit() {
    Table t = Table.builder().column("region", ColumnType.STRING)
        .addRow("b").addRow("a").addRow("c").addRow("a").build();
    Cohorts c = Cohorts.fit(t, List.of("region"), 3);
    // No division into two sets leaves 3 records on both sides.
    assertThat(c.count()).isEqualTo(1);
    assertThat(c.describe(0)).containsEntry("region", "*");
  }

  @Test
  void balance_usesTheBestDivisionEvenIfNotAPrefixByCount() {
    // Counts A6 B5 C4 D3 E2: the only 10 | 10 division is {A, C} | {B, D, E}, which is not a cut of
    // the categories ordered by count (nor found by greedy largest-first balancing); with k = 10 it
    // must still be found.
    Table.Builder b = Table.builder().column("g", ColumnType.STRING);
    String[] names = {"A", "B", "C", "D", "E"};
    int[] counts = {6, 5, 4, 3, 2};
    for (int i = 0; i < names.length; i++) {
      for (int j = 0; j < counts[i]; j++) {
        b.addRow(names[i]);
      }
    }
    Cohorts c = Cohorts.fit(b.build(), List.of("g"), 10);
    assertThat(c.count()).isEqualTo(2);
    assertThat(c.size(0)).isEqualTo(10);
    assertThat(c.size(1)).isEqualTo(10);
    assertThat(descriptions(c, "g")).containsExactlyInAnyOrder("{A, C}", "{B, D, E}");
  }

  @Test
  void lookup_trainingCategoryJoinsTheCohortWhoseSetContainsIt_unseenCategoryJoinsALargerSide() {
    Table t = regions(3);
    Cohorts c = Cohorts.fit(t, List.of("region"), 10);
    for (int i = 0; i < c.count(); i++) {
      String d = c.describe(i).get("region");
      for (String region : REGIONS) {
        boolean contained = d.equals(region) || d.equals("*")
            || (d.startsWith("{") && List.of(d.substring(1, d.length() - 1).split(", ")).contains(region));
        assertThat(c.cohortOf(Map.of("region", region)) == i).isEqualTo(contained);
      }
    }
    // Unseen: the larger side at every split, i.e. Capital's cohort ({Capital, East} 50 goes left at
    // the root on ties, then Capital 40 > East 10).
    assertThat(c.cohortOf(Map.of("region", "Atlantis"))).isEqualTo(c.cohortOf(Map.of("region", "Capital")));
  }

  @Test
  void sameInput_sameCohorts() {
    Cohorts a = Cohorts.fit(regions(4), List.of("region", "age"), 5);
    Cohorts b = Cohorts.fit(regions(4), List.of("region", "age"), 5);
    assertThat(b.count()).isEqualTo(a.count());
    for (int i = 0; i < a.count(); i++) {
      assertThat(b.describe(i)).isEqualTo(a.describe(i));
      assertThat(b.members(i)).isEqualTo(a.members(i));
    }
  }

  @Test
  void withHierarchy_usesTheHierarchyLabels() {
    Hierarchy h = Hierarchy.of(List.of(List.of("Capital", "Centre", "*"), List.of("North", "Mainland", "*"),
        List.of("South", "Mainland", "*"), List.of("East", "Mainland", "*"), List.of("West", "Coast", "*"),
        List.of("Islands", "Coast", "*")));
    Table t = regions(5);
    Cohorts c = Cohorts.fit(t, List.of("region"), Map.of("region", h), 10);
    // Subtrees: Centre 40 | Mainland 50 | Coast 10; then Mainland splits into North 25, South 15,
    // East 10; Coast's leaves (6, 4) are below k; Centre (one leaf) is not refined further.
    assertThat(descriptions(c, "region")).containsExactlyInAnyOrder("Centre", "North", "South", "East", "Coast");
  }
}
