package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every released class of every algorithm has at least k records and satisfies the requested
 * ℓ-diversity / t-closeness, checked independently from the output table; suppression never
 * exceeds the limit.
 */
class PrivacyModelPropertyTest {
  private static final int SENSITIVE_VALUES = 4;

  enum Model { NONE, DISTINCT, ENTROPY, RECURSIVE, EQUAL_T, ORDERED_T }

  record Case(Table table, int k, Model model, double suppression, AnonymizationAlgorithm algorithm) {}

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(Arbitraries.integers().between(5, 80), Arbitraries.longs(),
        Arbitraries.integers().between(1, 4), Arbitraries.of(Model.values()), Arbitraries.of(0.0, 0.1, 0.3),
        Arbitraries.of(AnonymizationAlgorithm.values()))
        .as((n, seed, k, model, s, algorithm) -> new Case(table(n, seed), k, model, s, algorithm));
  }

  private static Table table(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Table.Builder b = Table.builder().column("age", ColumnType.INTEGER).column("zip", ColumnType.STRING)
        .column("s", ColumnType.STRING);
    for (int i = 0; i < n; i++) {
      int age = 20 + random.nextInt(40);
      String zip = "8" + random.nextInt(3) + random.nextInt(3);
      // Sensitive value correlated with age, so that diversity and closeness bind.
      int s = Math.min(SENSITIVE_VALUES - 1, (age - 20) / 10 + (random.nextInt(4) == 0 ? 1 : 0));
      b.addRow(age, zip, "s" + s);
    }
    return b.build();
  }

  private static Anonymizer anonymizer(Case c) {
    List<String> ages = c.table().column("age");
    Anonymizer.Builder b = Anonymizer.builder()
        .quasiIdentifier("age", Hierarchy.intervals(20, 5).group(2).group(2).build(ages))
        .quasiIdentifier("zip", Hierarchy.masking(c.table().column("zip")))
        .sensitive("s")
        .k(c.k())
        .suppressionLimit(c.suppression())
        .algorithm(c.algorithm());
    switch (c.model()) {
      case DISTINCT:
        b.lDiversity("s", LDiversity.distinct(2));
        break;
      case ENTROPY:
        b.lDiversity("s", LDiversity.entropy(1.5));
        break;
      case RECURSIVE:
        b.lDiversity("s", LDiversity.recursive(3, 2));
        break;
      case EQUAL_T:
        b.tCloseness("s", TCloseness.equalDistance(0.4));
        break;
      case ORDERED_T:
        b.tCloseness("s", TCloseness.orderedDistance(0.3));
        break;
      default:
    }
    return b.build();
  }

  @Property(tries = 300)
  void anonymize_everyReleasedClass_satisfiesTheModels(@ForAll("cases") Case c) {
    AnonymizationResult r;
    try {
      r = anonymizer(c).anonymize(c.table());
    } catch (IllegalArgumentException unsatisfiable) {
      Assume.that(false);
      return;
    }
    int n = c.table().rowCount();
    assertThat(r.suppressedCount()).isLessThanOrEqualTo((int) Math.floor(c.suppression() * n));
    double[] global = distribution(c.table(), allRows(n));
    Map<Integer, List<Integer>> members = new HashMap<>();
    for (int row = 0; row < n; row++) {
      if (!r.isSuppressed(row)) {
        members.computeIfAbsent(r.classOf(row), x -> new ArrayList<>()).add(row);
      }
    }
    assertThat(members).hasSize(r.classCount());
    for (List<Integer> rows : members.values()) {
      assertThat(rows.size()).isGreaterThanOrEqualTo(c.k());
      // All rows of a class share their quasi-identifier labels.
      for (int row : rows) {
        assertThat(r.table().text(row, 0)).isEqualTo(r.table().text(rows.get(0), 0));
        assertThat(r.table().text(row, 1)).isEqualTo(r.table().text(rows.get(0), 1));
      }
      assertThat(satisfies(c.model(), distribution(c.table(), rows), global))
          .as("class %s under %s", rows, c.model()).isTrue();
    }
  }

  private static List<Integer> allRows(int n) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    return all;
  }

  private static double[] distribution(Table t, List<Integer> rows) {
    double[] p = new double[SENSITIVE_VALUES];
    for (int row : rows) {
      p[Integer.parseInt(t.text(row, 2).substring(1))] += 1.0 / rows.size();
    }
    return p;
  }

  private static boolean satisfies(Model model, double[] p, double[] q) {
    int distinct = 0;
    double entropy = 0;
    for (double x : p) {
      if (x > 0) {
        distinct++;
        entropy -= x * Math.log(x);
      }
    }
    switch (model) {
      case DISTINCT:
        return distinct >= 2;
      case ENTROPY:
        return entropy >= Math.log(1.5) - 1e-12;
      case RECURSIVE: {
        double[] sorted = p.clone();
        java.util.Arrays.sort(sorted);
        double tail = 0;
        for (int i = 0; i <= sorted.length - 2; i++) {
          tail += sorted[i];
        }
        return distinct >= 2 && sorted[sorted.length - 1] < 3 * tail + 1e-12;
      }
      case EQUAL_T: {
        double d = 0;
        for (int i = 0; i < p.length; i++) {
          d += Math.abs(p[i] - q[i]);
        }
        return d / 2 <= 0.4 + 1e-12;
      }
      case ORDERED_T: {
        // Only values present in the table count as the ordered domain.
        double cum = 0;
        double d = 0;
        int m = 0;
        for (int i = 0; i < p.length; i++) {
          if (q[i] > 0) {
            m++;
            cum += p[i] - q[i];
            d += Math.abs(cum);
          }
        }
        return m <= 1 || d / (m - 1) <= 0.3 + 1e-12;
      }
      default:
        return true;
    }
  }
}
