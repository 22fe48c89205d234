package io.privrec.core.cf;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.data.SharedData;
import io.privrec.core.eval.EvaluationResult;
import io.privrec.core.eval.Evaluator;
import io.privrec.core.eval.Split;
import io.privrec.core.eval.Splits;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * iALS at its defaults on MovieLens 100K with the accuracy-report protocol: ratings ≥ 4 are binary
 * positives, per-user holdout of 0.2 with seed 42, cold test items dropped, full ranking of the
 * items not seen in training.
 */
class IalsMovieLensTest {

  @Test
  void fit_defaults_beatTunedSparkAls() throws IOException {
    InteractionMatrix positives = SharedData.movieLens100k().withMinWeight(4f).binarized();
    Split split = Splits.userHoldout(0.2, 42).split(positives).withoutColdTestItems();

    EvaluationResult r = Evaluator.of(10, 20).evaluate(Ials.builder().build(), split);

    // Tuned Spark MLlib ALS (rank 64) on this protocol: P@10 0.209, R@20 0.364, NDCG@10 0.288
    // (LibRec WRMF 0.206/0.364/0.294, BPR 0.208/0.363/0.287). The defaults, tuned on a validation
    // split carved from training, measure 0.228/0.377/0.313 here; over seeds 1-5 the split-to-split
    // sd is about 0.002/0.004/0.004, so the margins are several sd. The fit is seeded and
    // deterministic; the kernels (scalar or vector) change scores only by float rounding.
    assertThat(r.get("precision@10")).as(r.toString()).isGreaterThan(0.209);
    assertThat(r.get("recall@20")).as(r.toString()).isGreaterThan(0.364);
    assertThat(r.get("ndcg@10")).as(r.toString()).isGreaterThan(0.294);
  }
}
