package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The lattice search (with all its pruning) must return exactly the transformation that brute
 * force finds: the anonymous node with the lowest score, ties broken by fewer generalisation steps
 * and then the lexicographically smaller level vector.
 */
class OptimalSearchPropertyTest {

  /** A random small table with 2 to 4 quasi-identifiers and a random hierarchy for each. */
  record Case(Table table, List<Hierarchy> hierarchies, int k, double suppression, QualityMetric metric) {
    Anonymizer anonymizer() {
      Anonymizer.Builder b = Anonymizer.builder();
      for (int q = 0; q < hierarchies.size(); q++) {
        b.quasiIdentifier("q" + q, hierarchies.get(q));
      }
      return b.k(k).suppressionLimit(suppression).metric(metric).build();
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    return cases(6, 3, 60, 5, Arbitraries.of(0.0, 0.05, 0.2), Arbitraries.of(QualityMetric.loss(),
        QualityMetric.precision(), QualityMetric.discernibility(), QualityMetric.discernibilityStar(),
        QualityMetric.averageClassSize(), QualityMetric.nonUniformEntropy(), QualityMetric.loss(0.8),
        QualityMetric.loss(0.2)));
  }

  /**
   * Random tables of 2 to 4 quasi-identifiers with up to {@code maxDomain} values, hierarchies of
   * up to 3 levels grouping up to {@code maxFanout} labels, up to {@code maxRows} rows (at least k)
   * and k up to {@code maxK}.
   */
  static Arbitrary<Case> cases(int maxDomain, int maxFanout, int maxRows, int maxK, Arbitrary<Double> suppression,
      Arbitrary<QualityMetric> metrics) {
    Arbitrary<Integer> dims = Arbitraries.integers().between(2, 4);
    return dims.flatMap(d -> {
      Arbitrary<List<Integer>> domains = Arbitraries.integers().between(2, maxDomain).list().ofSize(d);
      Arbitrary<List<Integer>> fanouts = Arbitraries.integers().between(2, maxFanout).list().ofSize(d);
      Arbitrary<List<Integer>> depths = Arbitraries.integers().between(1, 3).list().ofSize(d);
      Arbitrary<Integer> rows = Arbitraries.integers().between(1, maxRows);
      Arbitrary<Long> seeds = Arbitraries.longs();
      Arbitrary<Integer> ks = Arbitraries.integers().between(1, maxK);
      return Combinators.combine(domains, fanouts, depths, rows, seeds, ks, suppression, metrics)
          .as((dom, fan, dep, n, seed, k, s, m) -> build(dom, fan, dep, n, seed, k, s, m));
    });
  }

  static Case build(List<Integer> domains, List<Integer> fanouts, List<Integer> depths, int rows,
      long seed, int k, double suppression, QualityMetric metric) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    Table.Builder tb = Table.builder();
    List<Hierarchy> hierarchies = new ArrayList<>();
    for (int q = 0; q < domains.size(); q++) {
      tb.column("q" + q, ColumnType.STRING);
      List<String> order = new ArrayList<>();
      for (int v = 0; v < domains.get(q); v++) {
        order.add("v" + v);
      }
      Hierarchy.OrderedBuilder hb = Hierarchy.ordered(order);
      for (int l = 1; l < depths.get(q); l++) {
        hb.group(fanouts.get(q));
      }
      hierarchies.add(hb.build());
    }
    for (int r = 0; r < Math.max(rows, k); r++) {
      Object[] row = new Object[domains.size()];
      for (int q = 0; q < row.length; q++) {
        // Skewed values so that some classes are small and some large.
        int v = (int) Math.floor(domains.get(q) * Math.pow(random.nextDouble(), 2));
        row[q] = "v" + v;
      }
      tb.addRow(row);
    }
    return new Case(tb.build(), hierarchies, k, suppression, metric);
  }

  /** The level vector of lattice node {@code id}, level vectors numbered lexicographically. */
  static void levelsOf(long id, int[] heights, int[] levels) {
    long rest = id;
    for (int q = heights.length - 1; q >= 0; q--) {
      levels[q] = (int) (rest % (heights[q] + 1));
      rest /= heights[q] + 1;
    }
  }

  @Property(tries = 300)
  void anonymize_randomTables_matchesBruteForce(@ForAll("cases") Case c) {
    Anonymizer anonymizer = c.anonymizer();
    int d = c.hierarchies().size();
    int[] heights = new int[d];
    long size = 1;
    for (int q = 0; q < d; q++) {
      heights[q] = c.hierarchies().get(q).height();
      size *= heights[q] + 1;
    }
    int[] bestLevels = null;
    double bestScore = Double.POSITIVE_INFINITY;
    int bestSum = Integer.MAX_VALUE;
    int[] levels = new int[d];
    for (long id = 0; id < size; id++) {
      levelsOf(id, heights, levels);
      AnonymizationResult r = anonymizer.evaluate(c.table(), levels);
      if (!r.anonymous()) {
        continue;
      }
      int sum = 0;
      for (int l : levels) {
        sum += l;
      }
      // ids enumerate level vectors lexicographically, so the first of equal (score, sum) wins.
      if (r.score() < bestScore || (r.score() == bestScore && sum < bestSum)) {
        bestScore = r.score();
        bestSum = sum;
        bestLevels = levels.clone();
      }
    }
    AnonymizationResult result = anonymizer.anonymize(c.table());
    assertThat(bestLevels).isNotNull();
    List<Integer> expected = new ArrayList<>();
    for (int l : bestLevels) {
      expected.add(l);
    }
    assertThat(result.transformation()).contains(expected);
    assertThat(result.score()).isEqualTo(bestScore);
    assertThat(result.optimal()).isTrue();
    // Invariants: released classes have >= k records; suppression within the limit.
    for (int cls = 0; cls < result.classCount(); cls++) {
      assertThat(result.classSize(cls)).isGreaterThanOrEqualTo(c.k());
    }
    assertThat(result.suppressedCount()).isLessThanOrEqualTo((int) Math.floor(c.suppression() * c.table().rowCount()));
  }
}
