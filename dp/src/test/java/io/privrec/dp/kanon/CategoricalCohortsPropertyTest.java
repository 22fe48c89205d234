package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Over random tables with a skewed categorical attribute, a second categorical attribute and a
 * numeric one: every cohort has at least k members, the cohorts cover every row exactly once, each
 * categorical description is exactly the set of categories its members hold (never a range), and
 * training rows look up their own cohort.
 */
class CategoricalCohortsPropertyTest {

  record Case(Table table, int k, int regions, int segments) {}

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(Arbitraries.integers().between(1, 150), Arbitraries.longs(),
        Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 9),
        Arbitraries.integers().between(1, 4))
        .as((n, seed, k, regions, segments) -> new Case(table(n, seed, regions, segments), Math.min(k, n), regions,
            segments));
  }

  private static Table table(int n, long seed, int regions, int segments) {
    SplittableRandom random = new SplittableRandom(seed);
    Table.Builder b = Table.builder().column("region", ColumnType.STRING).column("segment", ColumnType.STRING)
        .column("age", ColumnType.INTEGER);
    for (int i = 0; i < n; i++) {
      // Skewed: region r with weight about 1 / (r + 1).
      int r = (int) Math.min(regions - 1, Math.floor(Math.pow(regions + 1, random.nextDouble())) - 1);
      b.addRow("r" + (char) ('a' + r), "s" + random.nextInt(segments), 18 + random.nextInt(50));
    }
    return b.build();
  }

  @Property(tries = 300)
  void cohortsAreKAnonymousPartitionsWithSetDescriptions(@ForAll("cases") Case c) {
    Table t = c.table();
    List<String> qis = List.of("region", "segment", "age");
    Cohorts cohorts = Cohorts.fit(t, qis, c.k());
    Set<Integer> seen = new HashSet<>();
    Map<Integer, Set<String>> domains = Map.of(0, new TreeSet<>(t.column("region")), 1,
        new TreeSet<>(t.column("segment")));
    for (int i = 0; i < cohorts.count(); i++) {
      List<Integer> members = cohorts.members(i);
      assertThat(members).hasSize(cohorts.size(i));
      assertThat(cohorts.size(i)).isGreaterThanOrEqualTo(c.k());
      for (int row : members) {
        assertThat(seen.add(row)).isTrue();
        assertThat(cohorts.cohortOf(row)).isEqualTo(i);
      }
      for (int col = 0; col < 2; col++) {
        TreeSet<String> held = new TreeSet<>();
        for (int row : members) {
          held.add(t.text(row, col));
        }
        String d = cohorts.describe(i).get(qis.get(col));
        assertThat(d).doesNotStartWith("[");
        if (held.size() == 1) {
          assertThat(d).isEqualTo(held.first());
        } else if (held.equals(domains.get(col))) {
          assertThat(d).isEqualTo("*");
        } else {
          assertThat(d).isEqualTo("{" + String.join(", ", held) + "}");
        }
      }
    }
    assertThat(seen).hasSize(t.rowCount());
    for (int row = 0; row < t.rowCount(); row++) {
      Map<String, Object> attributes = Map.of("region", t.text(row, 0), "segment", t.text(row, 1), "age",
          t.text(row, 2));
      assertThat(cohorts.cohortOf(attributes)).isEqualTo(cohorts.cohortOf(row));
    }
    // Deterministic.
    Cohorts again = Cohorts.fit(t, qis, c.k());
    List<Map<String, String>> first = new ArrayList<>();
    List<Map<String, String>> second = new ArrayList<>();
    for (int i = 0; i < cohorts.count(); i++) {
      first.add(cohorts.describe(i));
    }
    for (int i = 0; i < again.count(); i++) {
      second.add(again.describe(i));
    }
    assertThat(second).isEqualTo(first);
  }
}
