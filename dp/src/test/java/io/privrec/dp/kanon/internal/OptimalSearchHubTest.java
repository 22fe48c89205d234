package io.privrec.dp.kanon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optimal search with roll-up hubs against the same search without them (every node lacking a
 * cached specialisation rolled up from the base cells): the same optimum, score, classes,
 * suppressed classes and number of checks, on skewed random tables (those of {@link
 * EncodedRollUpTest}), with hubs actually made.
 */
class OptimalSearchHubTest {
  private static OptimalSearch search(Encoded e, MetricKind kind, int k, double suppression) {
    Privacy privacy = new Privacy(k, List.of(), (int) Math.floor(suppression * e.records));
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.DAYS.toNanos(1);
    return new OptimalSearch(e, privacy, new Measures(e), kind, 0.5, Long.MAX_VALUE, deadline, 1);
  }

  @Test
  void hubs_sameOutcomeAsWithout() {
    int madeInAll = 0;
    int cases = 0;
    for (int dims : new int[] {4, 6}) {
      Encoded e = EncodedRollUpTest.encode(dims, 4_000, 0, 1, "hubs_sameOutcomeAsWithout" + dims);
      for (MetricKind kind : new MetricKind[] {MetricKind.DISCERNIBILITY, MetricKind.LOSS}) {
        for (int k : new int[] {2, 5, 50}) {
          for (double suppression : new double[] {0, 0.04}) {
            String what = dims + " dims, " + kind + ", k " + k + ", suppression " + suppression;
            OptimalSearch with = search(e, kind, k, suppression);
            OptimalSearch.Outcome a = with.run();
            OptimalSearch without = search(e, kind, k, suppression).withoutHubs();
            OptimalSearch.Outcome b = without.run();
            assertThat(without.hubsMade()).isZero();
            madeInAll += with.hubsMade();
            cases++;
            assertThat(a.checks).as(what).isEqualTo(b.checks);
            assertThat(a.complete).as(what).isEqualTo(b.complete);
            assertThat(Double.compare(a.score, b.score)).as(what).isZero();
            assertThat(a.best == null).as(what).isEqualTo(b.best == null);
            if (a.best != null) {
              assertThat(a.best.levels).as(what).containsExactly(b.best.levels);
              assertThat(a.best.size).as(what).containsExactly(b.best.size);
              assertThat(a.best.outlier).as(what).containsExactly(b.best.outlier);
              assertThat(e.classOfBaseCells(a.best)).as(what).containsExactly(e.classOfBaseCells(b.best));
            }
          }
        }
      }
    }
    assertThat(cases).isEqualTo(24);
    assertThat(madeInAll).as("hubs made over all cases").isPositive();
  }
}
