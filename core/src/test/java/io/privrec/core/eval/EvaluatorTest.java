package io.privrec.core.eval;

import static io.privrec.core.eval.EvalFixtures.SEED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.privrec.core.cf.Popularity;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static final double EPS = 1e-12;

  /**
   * Items a, b, c, d (indices 0-3). Train: u1 {a, b}, u2 {a, c}, u3 {a}. Test: u1 {c}, u2 {d};
   * u3 has no test item and is not evaluated.
   */
  private static Split tinySplit() {
    InteractionMatrix data = EvalFixtures.pairs("u1 a", "u1 b", "u2 a", "u2 c", "u3 a", "u1 c", "u2 d");
    return new Split(
        data.filter((u, i, w, t) -> !((u == 0 && i == 2) || (u == 1 && i == 3))),
        data.filter((u, i, w, t) -> (u == 0 && i == 2) || (u == 1 && i == 3)));
  }

  @Test
  void evaluate_popularityOnTinySplit_matchesHandComputedResult() {
    // Popularity on train: a = 3, b = 1, c = 1, d = 0. Seen items removed:
    //   u1 (seen a, b): ranking c, d; T = {c} → hit at rank 1.
    //   u2 (seen a, c): ranking b, d; T = {d} → hit at rank 2.
    // K = 1: u1 all 1; u2 all 0 → every mean 0.5.
    // K = 2: precision 1/2 each → 0.5; recall 1 each; recall_truncated 1/min(2,1) = 1 each;
    //        ndcg: u1 1, u2 (1/log2 3)/1 = 0.6309297535714575 → mean 0.8154648767857288;
    //        map: u1 1, u2 (1/1)·(1/2) → 0.75; hitrate 1.
    // mrr: (1 + 1/2) / 2 = 0.75.
    // coverage@1: top-1 lists {c}, {b} → 2/4; coverage@2: {c, d, b} → 3/4.
    EvaluationResult r = Evaluator.of(2, 1).withThreads(1).evaluate(Popularity.create(), tinySplit());

    assertThat(r.usersEvaluated()).isEqualTo(2);
    assertThat(r.cutoffs()).containsExactly(1, 2);
    assertThat(r.fitSeconds()).isPresent();
    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("precision@1", 0.5);
    expected.put("precision@2", 0.5);
    expected.put("recall@1", 0.5);
    expected.put("recall@2", 1.0);
    expected.put("recall_truncated@1", 0.5);
    expected.put("recall_truncated@2", 1.0);
    expected.put("ndcg@1", 0.5);
    expected.put("ndcg@2", 0.8154648767857288);
    expected.put("map@1", 0.5);
    expected.put("map@2", 0.75);
    expected.put("hitrate@1", 0.5);
    expected.put("hitrate@2", 1.0);
    expected.put("mrr", 0.75);
    expected.put("coverage@1", 0.5);
    expected.put("coverage@2", 0.75);
    assertThat(r.asMap().keySet()).containsExactlyElementsOf(expected.keySet());
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      assertThat(r.get(e.getKey())).as(e.getKey()).isCloseTo(e.getValue(), within(EPS));
    }
    assertThat(r.get(Metric.NDCG, 2)).isEqualTo(r.get("ndcg@2"));
    assertThat(r.get(Metric.MRR, 1)).isEqualTo(r.get("mrr"));
  }

  @Test
  void evaluate_prefittedScorer_hasNoFitTime() {
    Split split = tinySplit();
    ItemScorer scorer = Popularity.create().fit(split.train(), FitListener.NONE);
    EvaluationResult r = Evaluator.of(1).evaluate(scorer, split);
    assertThat(r.fitSeconds()).isEmpty();
    assertThat(r.get("precision@1")).isEqualTo(0.5);
  }

  @Test
  void evaluate_anyThreadCount_bitIdenticalResult() {
    InteractionMatrix data = EvalFixtures.random(1500, 200, 30, SEED);
    Split split = Splits.userHoldout(0.2, SEED).split(data);
    ItemScorer scorer = EvalFixtures.hashScorer(data.items(), SEED);

    Map<String, Double> one = Evaluator.of(5, 20).withThreads(1).evaluate(scorer, split).asMap();
    Map<String, Double> three = Evaluator.of(5, 20).withThreads(3).evaluate(scorer, split).asMap();
    assertThat(three).isEqualTo(one);
  }

  @Test
  void evaluate_randomScorer_agreesWithSortBasedReference() {
    InteractionMatrix data = EvalFixtures.random(400, 80, 30, SEED + 1);
    Split split = Splits.userHoldout(0.3, SEED).split(data);
    ItemScorer scorer = EvalFixtures.hashScorer(data.items(), SEED + 2);
    int[] cutoffs = {3, 10, 100};

    EvaluationResult r = Evaluator.of(cutoffs).withThreads(2).evaluate(scorer, split);

    Map<String, Double> reference = reference(scorer, split, cutoffs);
    assertThat(r.asMap().keySet()).containsExactlyElementsOf(reference.keySet());
    for (Map.Entry<String, Double> e : reference.entrySet()) {
      assertThat(r.get(e.getKey())).as(e.getKey()).isCloseTo(e.getValue(), within(1e-9));
    }
    assertThat(r.get("recall@100")).as("K beyond the catalogue ranks every unseen item").isEqualTo(1.0);
  }

  /** Textbook definitions over a fully sorted ranking (independent of the evaluator's code). */
  private static Map<String, Double> reference(ItemScorer scorer, Split split, int[] cutoffs) {
    InteractionMatrix train = split.train();
    InteractionMatrix test = split.test();
    int n = train.numItems();
    Map<String, Double> sums = new LinkedHashMap<>();
    String[] names = {"precision", "recall", "recall_truncated", "ndcg", "map", "hitrate"};
    for (String name : names) {
      for (int k : cutoffs) {
        sums.put(name + "@" + k, 0.0);
      }
    }
    sums.put("mrr", 0.0);
    List<Set<Integer>> recommended = new ArrayList<>();
    for (int k : cutoffs) {
      recommended.add(new HashSet<>());
    }
    int users = 0;
    for (int u = 0; u < test.numUsers(); u++) {
      if (test.rowLength(u) == 0) {
        continue;
      }
      users++;
      float[] scores = new float[n];
      scorer.scoreProfile(train.rowItems(u), train.rowWeights(u), scores);
      List<Integer> ranking = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (train.find(u, i) < 0) {
          ranking.add(i);
        }
      }
      ranking.sort((a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b));
      Set<Integer> relevant = new HashSet<>();
      for (int i : test.rowItems(u)) {
        relevant.add(i);
      }
      for (int r = 0; r < ranking.size(); r++) {
        if (relevant.contains(ranking.get(r))) {
          sums.merge("mrr", 1.0 / (r + 1), Double::sum);
          break;
        }
      }
      for (int c = 0; c < cutoffs.length; c++) {
        int k = cutoffs[c];
        double hits = 0;
        double dcg = 0;
        double idcg = 0;
        double ap = 0;
        for (int r = 1; r <= k; r++) {
          if (r <= relevant.size()) {
            idcg += 1 / (Math.log(r + 1) / Math.log(2));
          }
          if (r <= ranking.size()) {
            recommended.get(c).add(ranking.get(r - 1));
            if (relevant.contains(ranking.get(r - 1))) {
              hits++;
              dcg += 1 / (Math.log(r + 1) / Math.log(2));
              ap += hits / r;
            }
          }
        }
        int best = Math.min(k, relevant.size());
        sums.merge("precision@" + k, hits / k, Double::sum);
        sums.merge("recall@" + k, hits / relevant.size(), Double::sum);
        sums.merge("recall_truncated@" + k, hits / best, Double::sum);
        sums.merge("ndcg@" + k, dcg / idcg, Double::sum);
        sums.merge("map@" + k, ap / best, Double::sum);
        sums.merge("hitrate@" + k, hits > 0 ? 1.0 : 0.0, Double::sum);
      }
    }
    Map<String, Double> means = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : sums.entrySet()) {
      means.put(e.getKey(), e.getValue() / users);
    }
    for (int c = 0; c < cutoffs.length; c++) {
      means.put("coverage@" + cutoffs[c], recommended.get(c).size() / (double) n);
    }
    return means;
  }

  @Test
  void of_badCutoffs_throwWithMessages() {
    assertThatIllegalArgumentException().isThrownBy(() -> Evaluator.of(10, 0))
        .withMessageContaining("cutoff K must be >= 1").withMessageContaining("0");
    assertThatIllegalArgumentException().isThrownBy(() -> Evaluator.of(-3))
        .withMessageContaining("cutoff K must be >= 1").withMessageContaining("-3");
    assertThatIllegalArgumentException().isThrownBy(Evaluator::of).withMessageContaining("cutoffs must not be empty");
    assertThatIllegalArgumentException().isThrownBy(() -> Evaluator.of(10, 20, 10))
        .withMessageContaining("distinct").withMessageContaining("10");
  }

  @Test
  void withThreads_belowOne_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> Evaluator.of(10).withThreads(0))
        .withMessageContaining("threads must be >= 1");
  }

  @Test
  void evaluate_scorerForOtherCatalogue_throws() {
    Split split = tinySplit();
    ItemScorer other = EvalFixtures.hashScorer(IdIndex.of("item", List.of("x", "y", "z")), SEED);
    assertThatIllegalArgumentException().isThrownBy(() -> Evaluator.of(1).evaluate(other, split))
        .withMessageContaining("scorer scores 3 items but the split has 4");
  }

  @Test
  void evaluate_scorerFittedOnReorderedItems_throwsInsteadOfServingWrongItems() {
    Split split = tinySplit();
    List<String> reversed = new ArrayList<>(split.train().items().ids());
    java.util.Collections.reverse(reversed);
    ItemScorer other = EvalFixtures.hashScorer(IdIndex.of("item", reversed), SEED);
    assertThatIllegalArgumentException().isThrownBy(() -> Evaluator.of(1).evaluate(other, split))
        .withMessageContaining("another item list");
  }

  @Test
  void evaluate_noTestUser_throws() {
    InteractionMatrix data = EvalFixtures.pairs("u x");
    Split split = new Split(data, data.filter((u, i, w, t) -> false));
    assertThatIllegalArgumentException().isThrownBy(() -> Evaluator.of(1).evaluate(Popularity.create(), split))
        .withMessageContaining("no user with a test interaction");
  }

  @Test
  void get_unknownKey_throwsListingKnownKeys() {
    EvaluationResult r = Evaluator.of(1).evaluate(Popularity.create(), tinySplit());
    assertThatIllegalArgumentException().isThrownBy(() -> r.get("ndcg@10"))
        .withMessageContaining("unknown metric key 'ndcg@10'").withMessageContaining("ndcg@1");
    assertThatIllegalArgumentException().isThrownBy(() -> r.get(Metric.PRECISION, 0))
        .withMessageContaining("cutoff K must be >= 1");
  }

  @Test
  void evaluateRepeated_threeSeeds_summaryOfThreeRuns() {
    InteractionMatrix data = EvalFixtures.random(300, 50, 20, SEED);
    EvaluationSummary s = Evaluator.of(5).withThreads(1)
        .evaluateRepeated(Popularity.create(), data, seed -> Splits.userHoldout(0.2, seed), 1, 2, 3);

    assertThat(s.runs()).hasSize(3);
    double mean = (s.runs().get(0).get("ndcg@5") + s.runs().get(1).get("ndcg@5") + s.runs().get(2).get("ndcg@5")) / 3;
    assertThat(s.mean("ndcg@5")).isCloseTo(mean, within(EPS));
    assertThat(s.sd("ndcg@5")).isPositive();
    assertThat(s.meanFitSeconds()).isPresent();
    assertThat(s.means()).containsKey("coverage@5");
  }

  @Test
  void evaluateRepeated_noSeed_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> Evaluator.of(5)
        .evaluateRepeated(Popularity.create(), EvalFixtures.pairs("u x"), seed -> Splits.userHoldout(0.2, seed)))
        .withMessageContaining("seeds must not be empty");
  }

  @Test
  void metricKey_cutoffMetricsAndMrr() {
    assertThat(Metric.RECALL_TRUNCATED.key(20)).isEqualTo("recall_truncated@20");
    assertThat(Metric.MRR.key(20)).isEqualTo("mrr");
    assertThat(Metric.COVERAGE.key(10)).isEqualTo("coverage@10");
  }
}
