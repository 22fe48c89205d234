package io.privrec.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationSummaryTest {

  /** A result at cutoff 1 whose every per-user mean and coverage is {@code value}. */
  private static EvaluationResult result(double value, int[] cutoffs) {
    double[] means = new double[RankingMetrics.valueCount(cutoffs.length)];
    java.util.Arrays.fill(means, value);
    double[] coverage = new double[cutoffs.length];
    java.util.Arrays.fill(coverage, value);
    return new EvaluationResult(cutoffs, means, coverage, 10, 1.0 + value, 0.1);
  }

  @Test
  void of_twoRuns_meanAndSampleSd() {
    // values 0.2 and 0.4: mean 0.3, sample sd sqrt((0.1² + 0.1²) / 1) = 0.1414213562373095.
    EvaluationSummary s = EvaluationSummary.of(List.of(result(0.2, new int[] {1}), result(0.4, new int[] {1})));

    assertThat(s.mean("ndcg@1")).isCloseTo(0.3, within(1e-15));
    assertThat(s.sd("ndcg@1")).isCloseTo(0.1414213562373095, within(1e-15));
    assertThat(s.mean("mrr")).isCloseTo(0.3, within(1e-15));
    assertThat(s.meanFitSeconds().getAsDouble()).isCloseTo(1.3, within(1e-15));
    assertThat(s.toString()).contains("ndcg@1=0.3000 ± 0.1414");
  }

  @Test
  void of_singleRun_sdIsNaN() {
    EvaluationSummary s = EvaluationSummary.of(List.of(result(0.2, new int[] {1})));
    assertThat(s.sd("precision@1")).isNaN();
    assertThat(s.mean("precision@1")).isEqualTo(0.2);
  }

  @Test
  void of_emptyOrMismatchedRuns_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> EvaluationSummary.of(List.of()))
        .withMessageContaining("runs must not be empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> EvaluationSummary.of(List.of(result(0.2, new int[] {1}), result(0.2, new int[] {2}))))
        .withMessageContaining("same metric keys");
  }

  @Test
  void mean_unknownKey_throws() {
    EvaluationSummary s = EvaluationSummary.of(List.of(result(0.2, new int[] {1})));
    assertThatIllegalArgumentException().isThrownBy(() -> s.mean("ndcg@5")).withMessageContaining("unknown metric key");
  }
}
