package io.privrec.dp.aggregate;

import io.privrec.dp.noise.GaussianNoise;
import io.privrec.dp.noise.LaplaceNoise;
import io.privrec.dp.testing.DpAssertions;
import io.privrec.dp.testing.TestRandoms;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DP of the aggregations on datasets differing in one privacy unit that contributes the maximum
 * allowed (both directions; harness false-failure rate <= 1e-6 per test).
 */
@Tag("statistical")
class AggregationDpTest {

  private static final int N = 50_000;

  @Test
  void count_userWithThreeEntriesRemoved_isEpsilonDp() {
    LaplaceNoise noise = LaplaceNoise.create(TestRandoms.seeded("dp_count"));
    Supplier<Long> onD = () -> count(noise, 20);
    Supplier<Long> onNeighbour = () -> count(noise, 23);

    DpAssertions.assertApproximateDp(onD, onNeighbour, k -> Math.max(0, Math.min(45, k)), 1.0, 0,
        N);
  }

  private static long count(LaplaceNoise noise, int entries) {
    Count count = Count.builder().epsilon(1.0).maxContributionsPerPartition(3).noise(noise).build();
    count.incrementBy(entries);
    return count.computeResult().longValue();
  }

  @Test
  void boundedSum_userAtUpperBoundRemoved_isEpsilonDeltaDp() {
    GaussianNoise noise = GaussianNoise.create(TestRandoms.seeded("dp_sum"));
    double[] base = {0.5, 1.0, 2.0, 0.1};
    Supplier<Double> onD = () -> sum(noise, base, false);
    Supplier<Double> onNeighbour = () -> sum(noise, base, true);

    DpAssertions.assertApproximateDp(onD, onNeighbour,
        x -> Math.max(-40, Math.min(60, (long) Math.floor(x))), 1.0, 1e-5, N);
  }

  private static double sum(GaussianNoise noise, double[] base, boolean withExtraUser) {
    BoundedSum sum = BoundedSum.builder().epsilon(1.0).delta(1e-5).lower(0).upper(2.0)
        .maxContributionsPerPartition(2).noise(noise).build();
    sum.addEntries(base);
    if (withExtraUser) {
      sum.addEntries(2.0, 5.0);
    }
    return sum.computeResult().value();
  }
}
