package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Partial lookup over random tables. */
class CohortsLookupPropertyTest {

  /**
   * Random tables and random subsets of known attributes: the lookup of a training row with some
   * attributes removed (or made unplaceable) contains its cohort; with none removed it is exactly
   * its cohort; every returned cohort has at least k members.
   */
  @Property(tries = 200)
  void partialLookupOfATrainingRow_containsItsCohort(@ForAll @IntRange(min = 1, max = 120) int n,
      @ForAll @IntRange(min = 1, max = 8) int k, @ForAll long seed) {
    k = Math.min(k, n);
    SplittableRandom random = new SplittableRandom(seed);
    Table.Builder b = Table.builder().column("age", ColumnType.INTEGER).column("city", ColumnType.STRING)
        .column("segment", ColumnType.STRING).column("since", ColumnType.DATE);
    List<String> cities = CohortsLookupTest.CITIES.values();
    for (int i = 0; i < n; i++) {
      b.addRow(18 + random.nextInt(40), cities.get(random.nextInt(cities.size())), "s" + random.nextInt(5),
          LocalDate.of(2020, 1, 1).plusDays(random.nextInt(400)));
    }
    Table t = b.build();
    List<String> qis = List.of("age", "city", "segment", "since");
    Cohorts c = Cohorts.fit(t, qis, Map.of("city", CohortsLookupTest.CITIES), k);
    for (int row = 0; row < n; row++) {
      Map<String, Object> values = new HashMap<>();
      for (int q = 0; q < qis.size(); q++) {
        values.put(qis.get(q), t.value(row, q));
      }
      assertThat(c.cohortsOf(values)).containsExactly(c.cohortOf(row));
      int mask = random.nextInt(1 << qis.size());
      for (int q = 0; q < qis.size(); q++) {
        if ((mask & (1 << q)) != 0) {
          if (random.nextBoolean()) {
            values.remove(qis.get(q));
          } else {
            values.put(qis.get(q), q == 1 ? "nowhere" : q == 2 ? null : "not a value");
          }
        }
      }
      int[] got = c.cohortsOf(values);
      assertThat(got).contains(c.cohortOf(row)).isSorted().doesNotHaveDuplicates();
      for (int cohort : got) {
        assertThat(c.size(cohort)).isGreaterThanOrEqualTo(k);
      }
    }
  }
}
