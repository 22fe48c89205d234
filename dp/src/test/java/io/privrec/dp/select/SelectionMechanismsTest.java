package io.privrec.dp.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.TestRandoms;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SelectionMechanismsTest {

  private static final RandomSource RANDOM = TestRandoms.seeded("SelectionMechanismsTest");

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void factories_badEpsilon_throwNamingEpsilon(double bad) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ExponentialMechanism.create(bad, 1, RANDOM))
        .withMessageContaining("epsilon");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ReportNoisyMax.create(bad, 1, ReportNoisyMax.Noise.LAPLACE, RANDOM))
        .withMessageContaining("epsilon");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TopKSelection.create(2, bad, 1, RANDOM))
        .withMessageContaining("epsilonPerSelection");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SparseVector.create(bad, 1, 0, 1, RANDOM))
        .withMessageContaining("epsilon");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PartitionSelection.create(bad, 1e-6, 1, RANDOM))
        .withMessageContaining("epsilon");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -1, Double.POSITIVE_INFINITY})
  void factories_badSensitivity_throwNamingSensitivity(double bad) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ExponentialMechanism.create(1, bad, RANDOM))
        .withMessageContaining("sensitivity");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ReportNoisyMax.create(1, bad, ReportNoisyMax.Noise.EXPONENTIAL, RANDOM))
        .withMessageContaining("sensitivity");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TopKSelection.create(2, 1, bad, RANDOM))
        .withMessageContaining("sensitivity");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SparseVector.create(1, bad, 0, 1, RANDOM))
        .withMessageContaining("sensitivity");
  }

  @Test
  void factories_otherBadParameters_throw() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TopKSelection.create(0, 1, 1, RANDOM))
        .withMessageContaining("k must be >= 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SparseVector.create(1, 1, Double.NaN, 1, RANDOM))
        .withMessageContaining("threshold");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SparseVector.create(1, 1, 0, 0, RANDOM))
        .withMessageContaining("maxAboveAnswers");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PartitionSelection.create(1, 0, 1, RANDOM))
        .withMessageContaining("delta");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PartitionSelection.create(1, 1e-6, 0, RANDOM))
        .withMessageContaining("maxPartitionsContributed");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> ReportNoisyMax.create(1e-12, 1, ReportNoisyMax.Noise.LAPLACE, RANDOM))
        .withMessageContaining("epsilon must be >= 2^-30");
    assertThatNullPointerException()
        .isThrownBy(() -> ExponentialMechanism.create(1, 1, null))
        .withMessageContaining("random");
    assertThatNullPointerException()
        .isThrownBy(() -> ReportNoisyMax.create(1, 1, null, RANDOM))
        .withMessageContaining("noise");
  }

  @Test
  void select_badUtilities_throwNamingIndex() {
    ExponentialMechanism em = ExponentialMechanism.create(1, 1, RANDOM);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> em.select(new double[0]))
        .withMessageContaining("utilities must not be empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> em.select(new double[] {1, Double.NaN}))
        .withMessageContaining("utilities[1]");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> em.select(new double[] {Double.POSITIVE_INFINITY}))
        .withMessageContaining("utilities[0]");
    assertThatNullPointerException().isThrownBy(() -> em.select(null)).withMessageContaining("utilities");
    ReportNoisyMax laplace = ReportNoisyMax.create(1, 1, ReportNoisyMax.Noise.LAPLACE, RANDOM);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> laplace.select(new double[] {0, 1e20}))
        .withMessageContaining("utilities[1]");
  }

  @Test
  void costs_haveTheDocumentedKinds() {
    assertThat(ExponentialMechanism.create(0.5, 1, RANDOM).cost())
        .isEqualTo(PrivacyCost.boundedRange(0.5, 1).withMechanism("exponential-mechanism"));
    assertThat(TopKSelection.create(3, 0.2, 1, RANDOM).cost().parameters())
        .containsEntry("selections", 3)
        .containsEntry("epsilonPerSelection", 0.2);
    assertThat(ReportNoisyMax.create(0.5, 1, ReportNoisyMax.Noise.LAPLACE, RANDOM).cost().kind())
        .isEqualTo(PrivacyCost.Kind.PURE_DP);
    assertThat(SparseVector.create(0.5, 1, 0, 2, RANDOM).cost().parameters())
        .containsEntry("epsilon", 0.5);
    assertThat(PartitionSelection.create(1, 1e-6, 2, RANDOM).cost().kind())
        .isEqualTo(PrivacyCost.Kind.APPROXIMATE_DP);
  }

  @Test
  void selectors_hugeUtilityGap_pickTheMaximum() {
    double[] utilities = {0, 1000, 3};
    assertThat(ExponentialMechanism.create(1, 1, RANDOM).select(utilities)).isEqualTo(1);
    assertThat(
            ReportNoisyMax.create(1, 1, ReportNoisyMax.Noise.EXPONENTIAL, RANDOM).select(utilities))
        .isEqualTo(1);
    assertThat(ReportNoisyMax.create(1, 1, ReportNoisyMax.Noise.LAPLACE, RANDOM).select(utilities))
        .isEqualTo(1);
    assertThat(TopKSelection.create(1, 1, 1, RANDOM).select(utilities)).containsExactly(1);
  }

  @Test
  void topK_returnsDistinctIndicesBestFirst() {
    double[] utilities = {0, 5000, 3000, 4000, 1000};

    assertThat(TopKSelection.create(3, 1, 1, RANDOM).select(utilities)).containsExactly(1, 3, 2);
    int[] all = TopKSelection.create(10, 1, 1, RANDOM).select(new double[] {1, 2, 3});
    assertThat(Arrays.stream(all).sorted().toArray()).containsExactly(0, 1, 2);
  }

  @Test
  void sparseVector_haltsAfterMaxAboveAnswers() {
    SparseVector svt = SparseVector.create(1, 1, 100, 2, RANDOM);

    assertThat(svt.isAbove(-1000)).isFalse();
    assertThat(svt.isAbove(1000)).isTrue();
    assertThat(svt.isHalted()).isFalse();
    assertThat(svt.aboveIndices(new double[] {-1000, 1000, 1000})).containsExactly(1);
    assertThat(svt.isHalted()).isTrue();
    assertThat(svt.aboveAnswers()).isEqualTo(2);
    assertThatIllegalStateException().isThrownBy(() -> svt.isAbove(0)).withMessageContaining("halted");
  }

  @Test
  void sparseVector_badQuery_changesNothing() {
    SparseVector svt = SparseVector.create(1, 1, 0, 1, RANDOM);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> svt.aboveIndices(new double[] {1000, Double.NaN}))
        .withMessageContaining("values[1]");
    assertThat(svt.aboveAnswers()).isZero();
    assertThat(svt.isAbove(1000)).isTrue();
  }

  @Test
  void partitionSelection_keepProbabilities_followOptimalRecursion() {
    double epsilon = 1;
    double delta = 1e-5;
    PartitionSelection selection = PartitionSelection.create(epsilon, delta, 1, RANDOM);
    double e = Math.exp(epsilon);

    assertThat(selection.keepProbability(0)).isZero();
    // While e^ε·π + δ is the binding constraint, π(n) = δ(1 + e^ε + … + e^{(n−1)ε}).
    assertThat(selection.keepProbability(1)).isCloseTo(delta, org.assertj.core.api.Assertions.within(1e-19));
    assertThat(selection.keepProbability(3))
        .isCloseTo(delta * (1 + e + e * e), org.assertj.core.api.Assertions.within(1e-18));
    double previous = 0;
    long n = 1;
    for (; selection.keepProbability(n) < 1; n++) {
      double pi = selection.keepProbability(n);
      assertThat(pi).isGreaterThan(previous);
      assertThat(pi).isLessThanOrEqualTo(e * previous + delta);
      assertThat(1 - previous).isLessThanOrEqualTo(e * (1 - pi) + delta);
      previous = pi;
    }
    assertThat(n).isBetween(10L, 60L);
    assertThat(1 - previous).isLessThanOrEqualTo(delta);
    assertThat(selection.keepProbability(Long.MAX_VALUE)).isEqualTo(1.0);
  }

  @Test
  void partitionSelection_multiplePartitionsPerUser_splitsBudget() {
    PartitionSelection perKey = PartitionSelection.create(0.5, 1e-6, 1, RANDOM);
    PartitionSelection split = PartitionSelection.create(1.0, 2e-6, 2, RANDOM);

    for (long n = 0; n < 100; n++) {
      assertThat(split.keepProbability(n)).isEqualTo(perKey.keepProbability(n));
    }
  }

  @Test
  void partitionSelection_select_dropsZeroAndKeepsLargeCounts() {
    PartitionSelection selection = PartitionSelection.create(1, 1e-6, 1, RANDOM);

    long[] kept = selection.select(new long[] {5, 6, 7}, new long[] {0, 10_000, 1_000_000});

    assertThat(kept).containsExactly(6, 7);
  }

  @Test
  void partitionSelection_badInput_throws() {
    PartitionSelection selection = PartitionSelection.create(1, 1e-6, 1, RANDOM);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> selection.select(new long[] {7, 4242, 4242}, new long[] {3, 4, 5}))
        .withMessage("keys must be distinct, but keys[2] repeats keys[1] (the key is not quoted)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> selection.select(new long[] {1, 2}, new long[] {3, -4}))
        .withMessageContaining("userCounts[1]");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> selection.select(new long[] {1}, new long[] {3, 4}))
        .withMessageContaining("equal lengths");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> selection.keepProbability(-1))
        .withMessageContaining("userCount");
  }

  @Test
  void partitionSelection_tinyDelta_stillTerminatesWithValidProbabilities() {
    PartitionSelection selection = PartitionSelection.create(1, 1e-300, 1, RANDOM);

    assertThat(selection.keepProbability(10_000)).isBetween(0.999, 1.0);
  }
}
