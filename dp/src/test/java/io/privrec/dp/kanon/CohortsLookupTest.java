package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Partial lookup ({@link Cohorts#cohortsOf}) and combined descriptions ({@link Cohorts#describe(int[])}). */
class CohortsLookupTest {

  static final Hierarchy CITIES = Hierarchy.of(List.of(List.of("paris", "france", "*"),
      List.of("lyon", "france", "*"), List.of("berlin", "germany", "*"), List.of("munich", "germany", "*")));
  static final List<String> QIS = List.of("age", "city", "segment");

  /** Every (age, city, segment) combination over a small grid, twice. */
  static Table grid() {
    Table.Builder b = Table.builder().column("age", ColumnType.INTEGER).column("city", ColumnType.STRING)
        .column("segment", ColumnType.STRING);
    for (int copy = 0; copy < 2; copy++) {
      for (int age : new int[] {20, 30, 40, 50}) {
        for (String city : CITIES.values()) {
          for (String segment : new String[] {"s1", "s2"}) {
            b.addRow(age, city, segment);
          }
        }
      }
    }
    return b.build();
  }

  static Cohorts fitGrid() {
    return Cohorts.fit(grid(), QIS, Map.of("city", CITIES), 2);
  }

  /** The sorted, distinct cohortOf over every completion of {@code known} from the given options. */
  private static int[] completions(Cohorts c, Map<String, Object> known) {
    TreeSet<Integer> out = new TreeSet<>();
    for (int age : new int[] {5, 20, 25, 30, 40, 50, 99}) {
      for (String city : CITIES.values()) {
        for (String segment : new String[] {"s1", "s2", "unseen"}) {
          Map<String, Object> full = new HashMap<>(Map.of("age", age, "city", city, "segment", segment));
          full.putAll(known);
          out.add(c.cohortOf(full));
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void emptyMap_givesEveryCohort() {
    Cohorts c = fitGrid();
    assertThat(c.count()).isGreaterThan(4);
    assertThat(c.cohortsOf(Map.of())).containsExactly(IntStream.range(0, c.count()).toArray());
    assertThat(c.cohortsOf(Map.of("unrelated", "x"))).containsExactly(IntStream.range(0, c.count()).toArray());
  }

  @Test
  void everyAttributeKnown_givesTheSingletonOfCohortOf() {
    Cohorts c = fitGrid();
    Table t = grid();
    for (int row = 0; row < t.rowCount(); row++) {
      Map<String, Object> all = Map.of("age", t.value(row, 0), "city", t.value(row, 1), "segment", t.value(row, 2),
          "extra", 1);
      assertThat(c.cohortsOf(all)).containsExactly(c.cohortOf(row));
    }
    // Unseen category and out-of-range number follow the cohortOf rule.
    Map<String, Object> odd = Map.of("age", 1000, "city", "lyon", "segment", "unseen");
    assertThat(c.cohortsOf(odd)).containsExactly(c.cohortOf(odd));
  }

  @Test
  void missingAttribute_isTheUnionOverItsValues() {
    Cohorts c = fitGrid();
    for (String dropped : QIS) {
      Map<String, Object> known = new HashMap<>(Map.of("age", 30, "city", "berlin", "segment", "s2"));
      known.remove(dropped);
      int[] got = c.cohortsOf(known);
      assertThat(got).as("without %s", dropped).containsExactly(completions(c, known));
      assertThat(got.length).as("without %s", dropped).isGreaterThan(1);
      // Null is the same as absent.
      Map<String, Object> withNull = new HashMap<>(known);
      withNull.put(dropped, null);
      assertThat(c.cohortsOf(withNull)).containsExactly(got);
    }
  }

  @Test
  void valueMissingFromTheHierarchy_isUnknown_soEveryCityUnderTheSplitsCounts() {
    Cohorts c = fitGrid();
    Map<String, Object> known = Map.of("age", 40, "segment", "s1");
    int[] unknownCity = c.cohortsOf(known);
    assertThat(unknownCity).hasSizeGreaterThan(1);
    for (String notALeaf : new String[] {"atlantis", "*"}) {
      Map<String, Object> m = new HashMap<>(known);
      m.put("city", notALeaf);
      assertThat(c.cohortsOf(m)).as(notALeaf).containsExactly(unknownCity);
    }
    // The union covers both countries: its description walks up to the top of the hierarchy.
    assertThat(c.describe(unknownCity)).containsEntry("city", "*");
    // Known to be in France: only French cities' cohorts, described as france.
    int[] paris = c.cohortsOf(Map.of("age", 40, "segment", "s1", "city", "paris"));
    int[] lyon = c.cohortsOf(Map.of("age", 40, "segment", "s1", "city", "lyon"));
    assertThat(c.describe(new int[] {paris[0], lyon[0]})).containsEntry("city", "france");
    // A coarser label of the hierarchy takes exactly the cohorts under it.
    Map<String, Object> inFrance = new HashMap<>(known);
    inFrance.put("city", "france");
    assertThat(c.cohortsOf(inFrance)).contains(paris[0], lyon[0]).hasSizeLessThan(unknownCity.length);
    assertThat(c.describe(c.cohortsOf(inFrance))).containsEntry("city", "france");
    // A chain whose value is unseen counts by its finest known label.
    inFrance.put("city", List.of("nice", "france", "*"));
    assertThat(c.cohortsOf(inFrance)).containsExactly(c.cohortsOf(Map.of("age", 40, "segment", "s1", "city", "france")));
  }

  @Test
  void unplaceableNumbers_areUnknown_outOfRangeNumbersJoinTheEnd() {
    Cohorts c = fitGrid();
    int[] noAge = c.cohortsOf(Map.of("city", "munich", "segment", "s2"));
    for (Object bad : new Object[] {"old", Double.NaN, Double.POSITIVE_INFINITY, LocalDate.of(2020, 1, 1), ""}) {
      assertThat(c.cohortsOf(Map.of("age", bad, "city", "munich", "segment", "s2"))).as("%s", bad)
          .containsExactly(noAge);
    }
    assertThat(c.cohortsOf(Map.of("age", -7, "segment", "s2"))).containsExactly(c.cohortsOf(Map.of("age", 20,
        "segment", "s2")));
    assertThat(c.cohortsOf(Map.of("age", 1e9))).containsExactly(c.cohortsOf(Map.of("age", "50")));
  }

  @Test
  void describe_ofSeveralCohorts_combinesLabels() {
    Table ages = Table.builder().column("age", ColumnType.INTEGER)
        .addRow(20).addRow(21).addRow(30).addRow(31).addRow(40).addRow(41).addRow(50).addRow(51).build();
    Cohorts a = Cohorts.fit(ages, List.of("age"), 2);
    int c20 = a.cohortOf(0);
    int c30 = a.cohortOf(2);
    int c50 = a.cohortOf(6);
    assertThat(a.describe(new int[] {c30, c20})).containsExactly(Map.entry("age", "[20, 31]"));
    assertThat(a.describe(new int[] {c20, c50})).containsExactly(Map.entry("age", "[20, 51]"));
    assertThat(a.describe(new int[] {c30, c30})).isEqualTo(a.describe(c30));

    Table segments = Table.builder().column("segment", ColumnType.STRING)
        .addRow("a").addRow("a").addRow("b").addRow("b").addRow("c").addRow("c").build();
    Cohorts s = Cohorts.fit(segments, List.of("segment"), 2);
    assertThat(s.count()).isEqualTo(3);
    int ca = s.cohortOf(0);
    int cb = s.cohortOf(2);
    int cc = s.cohortOf(4);
    assertThat(s.describe(new int[] {cb, ca})).containsEntry("segment", "{a, b}");
    assertThat(s.describe(new int[] {ca, cb, cc})).containsEntry("segment", "*");
    assertThat(s.describe(new int[] {ca})).containsEntry("segment", "a");

    Cohorts g = fitGrid();
    int[] all = g.cohortsOf(Map.of());
    Map<String, String> everything = g.describe(all);
    assertThat(everything).containsExactly(Map.entry("age", "[20, 50]"), Map.entry("city", "*"),
        Map.entry("segment", "*"));
    for (int c = 0; c < g.count(); c++) {
      assertThat(g.describe(new int[] {c})).isEqualTo(g.describe(c));
    }
  }

  @Test
  void describe_badArguments_throw() {
    Cohorts c = fitGrid();
    assertThatIllegalArgumentException().isThrownBy(() -> c.describe(new int[0])).withMessageContaining("cohorts");
    assertThatIllegalArgumentException().isThrownBy(() -> c.describe(new int[] {0, c.count()}))
        .withMessageContaining("cohort must be in [0, count())");
  }
}
