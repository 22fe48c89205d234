package io.privrec.core.cf;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.data.SharedData;
import io.privrec.core.eval.EvaluationResult;
import io.privrec.core.eval.Evaluator;
import io.privrec.core.eval.Split;
import io.privrec.core.eval.Splits;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of item-kNN and EASE with their default parameters on the accuracy-report protocol:
 * MovieLens 100K, ratings ≥ 4 as positives, per-user holdout of 0.2 (seed 42), test items nobody
 * has in training dropped, full-catalogue ranking with training items excluded.
 *
 * <p>Both must beat the LibRec item-kNN reference measured on this protocol (P@10 0.174, R@20
 * 0.296, NDCG@10 0.252). The reference used another random split; the split-to-split standard
 * deviation of these metrics is about 0.004 / 0.006 / 0.006 (measured for popularity over 30
 * seeds), so the margins asserted (0.01 / 0.015 / 0.015, about 2.5 sd of a difference of two
 * splits) make a pass mean a real improvement, not a lucky split.
 */
class ItemKnnEaseMovieLens100kTest {
  private static Split split;

  @BeforeAll
  static void readData() throws IOException {
    split = Splits.userHoldout(0.2, 42).split(SharedData.movieLens100k().withMinWeight(4f)).withoutColdTestItems();
  }

  private static void assertBeatsLibRecItemKnn(EvaluationResult r) {
    assertThat(r.get("precision@10")).as(r.toString()).isGreaterThan(0.174 + 0.010);
    assertThat(r.get("recall@20")).as(r.toString()).isGreaterThan(0.296 + 0.015);
    assertThat(r.get("ndcg@10")).as(r.toString()).isGreaterThan(0.252 + 0.015);
  }

  @Test
  void itemKnn_defaults_beatLibRecItemKnnReference() {
    assertBeatsLibRecItemKnn(Evaluator.of(10, 20).evaluate(ItemKnn.create(), split));
  }

  @Test
  void ease_defaults_beatLibRecItemKnnReference() {
    assertBeatsLibRecItemKnn(Evaluator.of(10, 20).evaluate(Ease.create(), split));
  }
}
