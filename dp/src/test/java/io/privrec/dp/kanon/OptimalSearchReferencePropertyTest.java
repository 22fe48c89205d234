package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The optimised search (roll-up hubs, reused dense and hashed roll-up tables, the DM bound) against
 * a straightforward reference on small random tables, in the settings of the Adult benchmark (Loss
 * and DM, suppression 0, 4%, 20% and 100%, k up to 12; tables and hierarchies built as in {@link
 * OptimalSearchPropertyTest}): the reference groups the records of every
 * transformation by their generalised labels ({@link Hierarchy#generalize}) in a hash map, takes
 * the classes smaller than k as suppressed and the transformation as anonymous when they fit the
 * limit; scores come from {@link Anonymizer#evaluate}, whose classes must agree with the
 * reference's. The search must return the reference's best node (lowest score, then fewest
 * generalisation steps, then the lexicographically smaller level vector), the same score, classes
 * and suppressed records.
 */
class OptimalSearchReferencePropertyTest {

  /** One transformation as the reference sees it. */
  private record Grouping(Map<List<String>, List<Integer>> classes, List<Integer> suppressedRows) {
    TreeMap<Integer, Integer> releasedHistogram(int k) {
      TreeMap<Integer, Integer> h = new TreeMap<>();
      for (List<Integer> rows : classes.values()) {
        if (rows.size() >= k) {
          h.merge(rows.size(), 1, Integer::sum);
        }
      }
      return h;
    }
  }

  @Provide
  Arbitrary<OptimalSearchPropertyTest.Case> cases() {
    return OptimalSearchPropertyTest.cases(9, 4, 120, 12, Arbitraries.of(0.0, 0.04, 0.2, 1.0),
        Arbitraries.of(QualityMetric.loss(), QualityMetric.discernibility()));
  }

  private static Grouping group(OptimalSearchPropertyTest.Case c, int[] levels) {
    Table t = c.table();
    Map<List<String>, List<Integer>> classes = new HashMap<>();
    for (int r = 0; r < t.rowCount(); r++) {
      List<String> key = new ArrayList<>();
      for (int q = 0; q < levels.length; q++) {
        key.add(c.hierarchies().get(q).generalize(t.text(r, q), levels[q]));
      }
      classes.computeIfAbsent(key, x -> new ArrayList<>()).add(r);
    }
    List<Integer> suppressed = new ArrayList<>();
    for (List<Integer> rows : classes.values()) {
      if (rows.size() < c.k()) {
        suppressed.addAll(rows);
      }
    }
    suppressed.sort(null);
    return new Grouping(classes, suppressed);
  }

  @Property(tries = 300)
  void anonymize_randomTables_matchesTheReferenceSearch(@ForAll("cases") OptimalSearchPropertyTest.Case c) {
    Anonymizer anonymizer = c.anonymizer();
    int d = c.hierarchies().size();
    int[] heights = new int[d];
    long size = 1;
    for (int q = 0; q < d; q++) {
      heights[q] = c.hierarchies().get(q).height();
      size *= heights[q] + 1;
    }
    int limit = (int) Math.floor(c.suppression() * c.table().rowCount());
    int[] bestLevels = null;
    Grouping bestGrouping = null;
    double bestScore = Double.POSITIVE_INFINITY;
    int bestSum = Integer.MAX_VALUE;
    int[] levels = new int[d];
    // Ids enumerate level vectors lexicographically, so the first of equal (score, sum) wins.
    for (long id = 0; id < size; id++) {
      OptimalSearchPropertyTest.levelsOf(id, heights, levels);
      Grouping g = group(c, levels);
      boolean anonymous = g.suppressedRows().size() <= limit;
      AnonymizationResult evaluated = anonymizer.evaluate(c.table(), levels);
      assertThat(evaluated.anonymous()).isEqualTo(anonymous);
      if (!anonymous) {
        continue;
      }
      assertThat(evaluated.suppressedRows()).isEqualTo(g.suppressedRows());
      assertThat(evaluated.classSizeHistogram()).isEqualTo(g.releasedHistogram(c.k()));
      int sum = Arrays.stream(levels).sum();
      if (evaluated.score() < bestScore || (evaluated.score() == bestScore && sum < bestSum)) {
        bestScore = evaluated.score();
        bestSum = sum;
        bestLevels = levels.clone();
        bestGrouping = g;
      }
    }

    AnonymizationResult result = anonymizer.anonymize(c.table());

    assertThat(bestLevels).isNotNull(); // full generalisation is anonymous: one class of >= k records
    List<Integer> expected = new ArrayList<>();
    for (int l : bestLevels) {
      expected.add(l);
    }
    assertThat(result.optimal()).isTrue();
    assertThat(result.transformation()).contains(expected);
    assertThat(result.score()).isEqualTo(bestScore);
    assertThat(result.suppressedRows()).isEqualTo(bestGrouping.suppressedRows());
    assertThat(result.classSizeHistogram()).isEqualTo(bestGrouping.releasedHistogram(c.k()));
    for (int r = 0; r < c.table().rowCount(); r++) {
      if (!result.isSuppressed(r)) {
        assertThat(result.classSize(result.classOf(r))).isGreaterThanOrEqualTo(c.k());
      }
    }
  }
}
