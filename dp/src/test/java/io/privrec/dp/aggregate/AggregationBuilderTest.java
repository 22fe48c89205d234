package io.privrec.dp.aggregate;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.dp.noise.DiscreteGaussianNoise;
import io.privrec.dp.noise.GaussianNoise;
import io.privrec.dp.noise.LaplaceNoise;
import io.privrec.dp.testing.TestRandoms;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every builder parameter of every aggregation against missing, NaN, ±∞, 0 and negative values. */
class AggregationBuilderTest {

  /** Builds an aggregation from a builder configured by the consumer (bounds preset valid). */
  interface Factory {
    void build(Consumer<AbstractBuilder<?>> configure);
  }

  static Stream<Arguments> aggregations() {
    return Stream.of(
        Arguments.of("Count", (Factory) c -> {
          Count.Builder b = Count.builder();
          c.accept(b);
          b.build();
        }),
        Arguments.of("BoundedSum", (Factory) c -> {
          BoundedSum.Builder b = BoundedSum.builder().lower(0).upper(1);
          c.accept(b);
          b.build();
        }),
        Arguments.of("BoundedMean", (Factory) c -> {
          BoundedMean.Builder b = BoundedMean.builder().lower(0).upper(1);
          c.accept(b);
          b.build();
        }),
        Arguments.of("Histogram", (Factory) c -> {
          Histogram.Builder b = Histogram.builder().numberOfBins(3);
          c.accept(b);
          b.build();
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aggregations")
  void build_epsilonMissingOrInvalid_throwsNamingEpsilon(String name, Factory factory) {
    assertThatIllegalArgumentException().isThrownBy(() -> factory.build(b -> { }))
        .withMessageContaining("epsilon");
    for (double epsilon : new double[] {Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 0, -1}) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> factory.build(b -> b.epsilon(epsilon)))
          .withMessageContaining("epsilon").withMessageContaining(String.valueOf(epsilon));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aggregations")
  void build_deltaWrongForNoise_throwsNamingDelta(String name, Factory factory) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.build(b -> b.epsilon(1).delta(1e-5)))
        .withMessageContaining("delta").withMessageContaining("LAPLACE");
    for (double delta : new double[] {0, 1, Double.NaN, -1e-5}) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> factory.build(b -> b.epsilon(1).delta(delta)
              .noise(GaussianNoise.create(TestRandoms.seeded("builder")))))
          .withMessageContaining("delta").withMessageContaining(String.valueOf(delta));
      assertThatIllegalArgumentException()
          .isThrownBy(() -> factory.build(b -> b.epsilon(1).delta(delta)
              .noise(DiscreteGaussianNoise.create(TestRandoms.seeded("builder")))))
          .withMessageContaining("delta");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aggregations")
  void build_contributionBoundsInvalid_throwNamingThem(String name, Factory factory) {
    for (int bad : new int[] {0, -1}) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> factory.build(b -> b.epsilon(1).maxPartitionsContributed(bad)))
          .withMessageContaining("maxPartitionsContributed");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> factory.build(b -> b.epsilon(1).maxContributionsPerPartition(bad)))
          .withMessageContaining("maxContributionsPerPartition");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aggregations")
  void build_nullNoise_throwsNpe(String name, Factory factory) {
    assertThatNullPointerException().isThrownBy(() -> factory.build(b -> b.noise(null)))
        .withMessageContaining("noise");
  }

  @Test
  void boundedSumBuild_invalidBounds_throwNamingBound() {
    double[][] cases = {{Double.NaN, 1}, {0, Double.NaN}, {Double.NEGATIVE_INFINITY, 1},
        {0, Double.POSITIVE_INFINITY}, {1, 1}, {2, 1}};
    for (double[] bounds : cases) {
      assertThatIllegalArgumentException().isThrownBy(() -> BoundedSum.builder().epsilon(1)
          .lower(bounds[0]).upper(bounds[1]).build()).withMessageMatching(".*(lower|upper).*");
      assertThatIllegalArgumentException().isThrownBy(() -> BoundedMean.builder().epsilon(1)
          .lower(bounds[0]).upper(bounds[1]).build()).withMessageMatching(".*(lower|upper).*");
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BoundedSum.builder().epsilon(1).upper(1).build())
        .withMessageContaining("lower");
  }

  @Test
  void histogramBuild_binsMissingOrInvalid_throwsNamingNumberOfBins() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Histogram.builder().epsilon(1).build())
        .withMessageContaining("numberOfBins");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Histogram.builder().epsilon(1).numberOfBins(-2).build())
        .withMessageContaining("numberOfBins");
  }

  @Test
  void build_validGaussian_succeeds() {
    Count.builder().epsilon(1).delta(1e-6).noise(GaussianNoise.create()).build();
    BoundedSum.builder().epsilon(1).noise(LaplaceNoise.create()).lower(-1).upper(1).build();
  }
}
