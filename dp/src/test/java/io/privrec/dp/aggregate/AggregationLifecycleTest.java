package io.privrec.dp.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

import io.privrec.dp.noise.ConfidenceInterval;
import io.privrec.dp.noise.DiscreteGaussianNoise;
import io.privrec.dp.noise.GaussianNoise;
import io.privrec.dp.noise.LaplaceNoise;
import io.privrec.dp.testing.TestRandoms;
import org.junit.jupiter.api.Test;

/**
 * Release-once lifecycle and results. Accuracy checks use epsilon = 50 with unit sensitivity: the
 * discrete Laplace noise is non-zero with probability 2e^-50/(1+e^-50) < 4e-22, so counts are exact
 * in practice, and continuous noise has scale 0.02.
 */
class AggregationLifecycleTest {

  private static final double EPSILON = 50;

  @Test
  void count_computeResultTwice_throwsIllegalState() {
    Count count = Count.builder().epsilon(1).noise(LaplaceNoise.create(TestRandoms.seeded("c2")))
        .build();
    count.computeResult();

    assertThatIllegalStateException().isThrownBy(count::computeResult)
        .withMessageContaining("released only once");
    assertThatIllegalStateException().isThrownBy(count::increment);
  }

  @Test
  void count_highEpsilon_returnsExactCountAndCoveringInterval() {
    Count count = Count.builder().epsilon(EPSILON)
        .noise(LaplaceNoise.create(TestRandoms.seeded("count_exact"))).build();
    for (int i = 0; i < 41; i++) {
      count.increment();
    }
    count.incrementBy(100);

    DpResult result = count.computeResult();

    assertThat(result.longValue()).isEqualTo(141);
    ConfidenceInterval ci = result.confidenceInterval(0.05);
    assertThat(ci.lowerBound()).isLessThanOrEqualTo(141);
    assertThat(ci.upperBound()).isGreaterThanOrEqualTo(141);
  }

  @Test
  void count_negativeIncrement_throwsAndKeepsState() {
    Count count = Count.builder().epsilon(EPSILON)
        .noise(LaplaceNoise.create(TestRandoms.seeded("count_negative"))).build();
    count.incrementBy(5);

    assertThatIllegalArgumentException().isThrownBy(() -> count.incrementBy(-1))
        .withMessageContaining("entries");
    assertThat(count.computeResult().longValue()).isEqualTo(5);
  }

  @Test
  void dpResult_badAlpha_throwsNamingAlpha() {
    DpResult result = Count.builder().epsilon(1).build().computeResult();

    assertThatIllegalArgumentException().isThrownBy(() -> result.confidenceInterval(1.0))
        .withMessageContaining("alpha");
  }

  @Test
  void boundedSum_highEpsilon_clampsAndSums() {
    BoundedSum sum = BoundedSum.builder().epsilon(EPSILON).lower(-1).upper(2)
        .noise(LaplaceNoise.create(TestRandoms.seeded("sum"))).build();
    sum.addEntries(0.5, 1.5, 10, -7, Double.POSITIVE_INFINITY);

    // 0.5 + 1.5 + 2 - 1 + 2 = 5; noise scale 2/50.
    assertThat(sum.computeResult().value()).isCloseTo(5.0, within(2.0));
  }

  @Test
  void boundedSum_nanEntry_rejectedAndNotAdded() {
    BoundedSum sum = BoundedSum.builder().epsilon(EPSILON).lower(0).upper(1)
        .noise(LaplaceNoise.create(TestRandoms.seeded("sum_nan"))).build();
    sum.addEntry(1);

    assertThatIllegalArgumentException().isThrownBy(() -> sum.addEntry(Double.NaN))
        .withMessageContaining("NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> sum.addEntries(1, Double.NaN))
        .withMessageContaining("values[1]");
    double result = sum.computeResult().value();
    assertThat(result).isNotNaN().isCloseTo(1.0, within(1.0));
  }

  @Test
  void boundedSum_computeResultTwice_throwsIllegalState() {
    BoundedSum sum = BoundedSum.builder().epsilon(1).lower(0).upper(1).build();
    sum.computeResult();

    assertThatIllegalStateException().isThrownBy(sum::computeResult);
    assertThatIllegalStateException().isThrownBy(() -> sum.addEntry(0.5));
  }

  /**
   * Floating-point sums depend on the order of addition (an adversary controlling the order could
   * read the result's low bits). With the same noise draws, every order must give the same output.
   */
  @Test
  void boundedSum_permutedEntries_identicalResult() {
    double[] order1 = {1e16, 1.0, -1e16, 0.25, 3.0, -2.5e15, 1e-3};
    double[] order2 = {1.0, 0.25, 1e-3, 1e16, -2.5e15, -1e16, 3.0};
    // The naive sums differ, so the test is sensitive to order dependence.
    assertThat(naiveSum(order1)).isNotEqualTo(naiveSum(order2));

    double a = sumWithSeed(order1);
    double b = sumWithSeed(order2);

    assertThat(a).isEqualTo(b);
  }

  private static double naiveSum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  private static double sumWithSeed(double[] values) {
    BoundedSum sum = BoundedSum.builder().epsilon(1).lower(-1e17).upper(1e17)
        .noise(LaplaceNoise.create(TestRandoms.seeded("order"))).build();
    sum.addEntries(values);
    return sum.computeResult().value();
  }

  @Test
  void boundedMean_highEpsilon_closeToMeanWithCoveringInterval() {
    BoundedMean mean = BoundedMean.builder().epsilon(EPSILON).lower(1).upper(5)
        .maxContributionsPerPartition(2)
        .noise(LaplaceNoise.create(TestRandoms.seeded("mean"))).build();
    double[] ratings = {1, 2, 3, 4, 5, 5, 4, 4, 3, 9};
    for (double r : ratings) {
      mean.addEntry(r);
    }

    DpResult result = mean.computeResult();

    // True clamped mean: 36/10 = 3.6; noise on the normalised sum has scale 2*2*2/50.
    assertThat(result.value()).isCloseTo(3.6, within(0.2));
    ConfidenceInterval ci = result.confidenceInterval(0.05);
    assertThat(ci.lowerBound()).isLessThanOrEqualTo(3.6).isGreaterThanOrEqualTo(1);
    assertThat(ci.upperBound()).isGreaterThanOrEqualTo(3.6).isLessThanOrEqualTo(5);
  }

  @Test
  void boundedMean_noEntries_returnsValueWithinBounds() {
    BoundedMean mean = BoundedMean.builder().epsilon(1).delta(1e-6).lower(-2).upper(3)
        .noise(GaussianNoise.create(TestRandoms.seeded("mean_empty"))).build();

    assertThat(mean.computeResult().value()).isBetween(-2.0, 3.0);
    assertThatIllegalStateException().isThrownBy(mean::computeResult);
  }

  @Test
  void histogram_highEpsilon_exactCountsAndLifecycle() {
    Histogram histogram = Histogram.builder().epsilon(EPSILON).numberOfBins(4)
        .noise(LaplaceNoise.create(TestRandoms.seeded("histogram"))).build();
    int[] entries = {0, 1, 1, 3, 3, 3};
    for (int bin : entries) {
      histogram.add(bin);
    }
    assertThatIllegalArgumentException().isThrownBy(() -> histogram.add(4))
        .withMessageContaining("bin");

    Histogram.Result result = histogram.computeResult();

    assertThat(result.counts()).containsExactly(1, 2, 0, 3);
    assertThat(result.confidenceInterval(3, 0.01).upperBound()).isGreaterThanOrEqualTo(3);
    assertThatIllegalStateException().isThrownBy(histogram::computeResult);
    assertThatIllegalStateException().isThrownBy(() -> histogram.add(0));
  }

  @Test
  void histogram_discreteGaussian_countsNearTruth() {
    Histogram histogram = Histogram.builder().epsilon(EPSILON).delta(1e-6).numberOfBins(2)
        .noise(DiscreteGaussianNoise.create(TestRandoms.seeded("histogram_dg"))).build();
    for (int i = 0; i < 1000; i++) {
      histogram.add(i % 2);
    }

    long[] counts = histogram.computeResult().counts();

    // sigma ~ 0.1 at epsilon 50: deviations beyond 3 have probability < 1e-190.
    assertThat(counts[0]).isBetween(497L, 503L);
    assertThat(counts[1]).isBetween(497L, 503L);
  }
}
