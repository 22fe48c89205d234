package io.privrec.benchmarks.dpcf;

import io.privrec.core.cf.Ease;
import io.privrec.core.cf.EaseModel;
import io.privrec.core.cf.dp.DpEase;
import io.privrec.core.cf.dp.DpEaseModel;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.eval.Evaluator;
import io.privrec.core.eval.Split;
import io.privrec.core.eval.Splits;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.scoring.TopK;
import io.privrec.core.store.SyntheticStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How much of EASE's Recall@20 DP-EASE's candidate selection leaves: per split seed and ε, DP-EASE
 * (defaults, secure source) with the number {@code c} of candidates it selected, and EASE fitted
 * on the training data restricted to the {@code c} items with the highest <em>exact</em> training
 * counts (every other item ranked below them by that count), evaluated on the whole test split.
 * The restricted EASE is a non-private reference, a diagnostic of this tool only: no private model
 * can rank well an item it has no pair statistic for, so it bounds what a model over {@code c}
 * candidates can reach. Recall@20 on a per-user 20% holdout ({@link Splits#userHoldout}, cold
 * test items removed), as the privacy–utility runner.
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar
 * io.privrec.benchmarks.dpcf.SelectionCeiling <store seed> <split seeds> <epsilons>}, e.g. {@code
 * 42 1,2,3 1,5} (the embedded store: 50,000 customers, 5,000 garments, 1,000,000 events). One
 * line per (seed, ε).
 */
public final class SelectionCeiling {
  private SelectionCeiling() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: <store seed> <split seeds> <epsilons>");
    }
    SyntheticStore store = SyntheticStore.builder().seed(Long.parseLong(args[0])).customers(50_000).garments(5_000)
        .events(1_000_000).build();
    InteractionMatrix data = store.interactions();
    Evaluator evaluator = Evaluator.of(20);
    for (String seedText : args[1].split(",")) {
      long seed = Long.parseLong(seedText);
      Split split = Splits.userHoldout(0.2, seed).split(data).withoutColdTestItems();
      InteractionMatrix train = split.train();
      double ease = evaluator.evaluate(Ease.create(), split).get("recall@20");
      for (String epsilonText : args[2].split(",")) {
        double epsilon = Double.parseDouble(epsilonText);
        DpEase dp = DpEase.builder().epsilon(epsilon).delta(1e-6).catalogue(Catalogue.of(train.items().ids())).build();
        DpEaseModel model = dp.fit(train, FitListener.NONE);
        double dpRecall = evaluator.evaluate(model, split).get("recall@20");
        int candidates = model.candidates().length;
        double ceiling = evaluator.evaluate(restrictedEase(train, candidates), split).get("recall@20");
        System.out.printf(Locale.ROOT, "store %s split %d eps %s: EASE %.4f | DP-EASE %.4f with %d candidates | EASE on"
            + " the top %d items %.4f (%.1f%% of EASE); DP-EASE %.1f%% of it%n", args[0], seed, epsilonText, ease,
            dpRecall, candidates, candidates, ceiling, 100 * ceiling / ease, 100 * dpRecall / ceiling);
      }
    }
  }

  /**
   * EASE (defaults) on {@code train} restricted to its {@code size} most-counted items; the other
   * items score below every one of them, by their exact count.
   */
  static ItemScorer restrictedEase(InteractionMatrix train, int size) {
    int n = train.numItems();
    int[] counts = train.itemCounts();
    float[] byCount = new float[n];
    for (int i = 0; i < n; i++) {
      byCount[i] = counts[i]; // exact: counts stay far below 2^24
    }
    int[] kept = TopK.select(byCount, size); // highest count first, ties by lower index
    Arrays.sort(kept);
    List<String> ids = new ArrayList<>();
    for (int i : kept) {
      ids.add(train.items().id(i));
    }
    EaseModel model = Ease.create().fit(train.onItems(IdIndex.of("item", ids)), FitListener.NONE);
    return new ItemScorer() {
      @Override
      public IdIndex items() {
        return train.items();
      }

      @Override
      public void scoreProfile(int[] items, float[] weights, float[] scores) {
        int[] profile = Arrays.stream(items).map(i -> Arrays.binarySearch(kept, i)).filter(k -> k >= 0).toArray();
        float[] ones = new float[profile.length];
        Arrays.fill(ones, 1f);
        float[] sub = new float[size];
        model.scoreProfile(profile, ones, sub);
        float lowest = 0;
        for (float s : sub) {
          lowest = Math.min(lowest, s);
        }
        for (int j = 0; j < n; j++) {
          scores[j] = lowest - 1 - (float) (1.0 / (1 + counts[j])); // below every kept item, by count
        }
        for (int q = 0; q < size; q++) {
          scores[kept[q]] = sub[q];
        }
      }

      @Override
      public ModelUpdate.Result forget(Erasure erasure) {
        throw new UnsupportedOperationException("a diagnostic scorer");
      }
    };
  }
}
