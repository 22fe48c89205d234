package io.privrec.benchmarks.dpcf;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.data.InteractionReaders;
import io.privrec.core.data.ReadOptions;
import io.privrec.core.eval.EvaluationResult;
import io.privrec.core.eval.Evaluator;
import io.privrec.core.eval.Split;
import io.privrec.core.eval.Splits;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.core.store.SyntheticStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The privacy–utility runs of DP-EASE and private iALS: Recall@20, NDCG@10 and fit seconds of each
 * model on a per-user 20% holdout ({@link Splits#userHoldout}, cold test items removed, {@link
 * Evaluator#of} 10 and 20), one line per (model, seed).
 *
 * <p>Run: {@code java -Xmx6g -cp benchmarks/target/benchmarks.jar
 * io.privrec.benchmarks.dpcf.DpEaseIalsPrivacyUtility <store|rtr|ml> <test|validation> <seeds>
 * <model[,key=value…]>… [--data=<shared-data-dir>] [--catalogue=<file>]}, e.g. {@code store test 1,2,3 ease
 * dp-ease,epsilon=1}. In {@code validation} mode the model is trained on the training part of a
 * second 20% holdout carved from the training part (seed + 1000) and evaluated on its held-out
 * part: tune there, report on {@code test}. Data sets: the embedded synthetic store (seed 42,
 * 50,000 customers, 5,000 garments, 1,000,000 events), RentTheRunway (all users) and MovieLens
 * 100K (ratings ≥ 4).
 *
 * <p>Every data set is re-indexed onto its public catalogue before splitting, and private models
 * are restricted to it ({@link PrivateAlgorithm#withCatalogue}): the store's garment list, the
 * MovieLens {@code u.item} movie list, and for RentTheRunway (which ships no product list) the
 * garment ids of the file, sorted — a benchmark convenience standing in for the shop's public
 * catalogue, not itself differentially private. {@code --catalogue=FILE} (one id per line)
 * overrides the default.
 */
public final class DpEaseIalsPrivacyUtility {
  private DpEaseIalsPrivacyUtility() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      throw new IllegalArgumentException("usage: <store|rtr|ml> <test|validation> <seeds> <model[,k=v…]>… [--data=dir] [--catalogue=file]");
    }
    Path shared = Path.of("../shared/data");
    Path catalogueFile = null;
    for (String a : args) {
      if (a.startsWith("--data=")) {
        shared = Path.of(a.substring("--data=".length()));
      } else if (a.startsWith("--catalogue=")) {
        catalogueFile = Path.of(a.substring("--catalogue=".length()));
      }
    }
    InteractionMatrix raw = load(args[0], shared);
    Catalogue catalogue = catalogueFile != null ? Catalogue.read(catalogueFile) : catalogue(args[0], shared, raw);
    InteractionMatrix data = raw.onItems(catalogue.items());
    System.err.printf(Locale.ROOT, "%s: catalogue of %d items; dropped %d of %d interactions whose item is not in it%n",
        args[0], catalogue.size(), (long) raw.numInteractions() - data.numInteractions(), raw.numInteractions());
    boolean validation = args[1].equals("validation");
    Evaluator evaluator = Evaluator.of(10, 20);
    for (String seedText : args[2].split(",")) {
      long seed = Long.parseLong(seedText);
      Split split = Splits.userHoldout(0.2, seed).split(data).withoutColdTestItems();
      if (validation) {
        split = Splits.userHoldout(0.2, seed + 1000).split(split.train()).withoutColdTestItems();
      }
      for (int k = 3; k < args.length; k++) {
        if (args[k].startsWith("--")) {
          continue;
        }
        String[] parts = args[k].split(",");
        Map<String, String> params = new LinkedHashMap<>();
        for (int p = 1; p < parts.length; p++) {
          String[] kv = parts[p].split("=", 2);
          params.put(kv[0], kv[1]);
        }
        Algorithm algorithm = Algorithms.create(parts[0], params);
        if (algorithm instanceof PrivateAlgorithm dp) {
          algorithm = dp.withCatalogue(catalogue);
        }
        EvaluationResult r = evaluator.evaluate(algorithm, split);
        System.out.printf(Locale.ROOT, "%s\t%s\tseed=%d\t%s\trecall@20=%.4f\tndcg@10=%.4f\tfit=%.1fs%n", args[0], args[1],
            seed, args[k], r.get("recall@20"), r.get("ndcg@10"), r.fitSeconds().orElse(Double.NaN));
      }
    }
  }

  /** The public catalogue of data set {@code name} (see the class comment). */
  private static Catalogue catalogue(String name, Path shared, InteractionMatrix data) throws IOException {
    switch (name) {
      case "store":
        return store().catalogue();
      case "rtr":
        return Catalogue.sorted(data.items().ids());
      case "ml":
        return InteractionReaders.movieLensCatalogue(shared.resolve("ml-100k/u.item"));
      default:
        throw new IllegalArgumentException("data set must be store, rtr or ml. Provided value: " + name);
    }
  }

  private static SyntheticStore store() {
    return SyntheticStore.builder().seed(42).customers(50_000).garments(5_000).events(1_000_000).build();
  }

  private static InteractionMatrix load(String name, Path shared) throws IOException {
    switch (name) {
      case "store":
        return store().interactions();
      case "rtr":
        return InteractionReaders.rentTheRunway(shared.resolve("renttherunway/rtr_interactions.csv"), ReadOptions.defaults())
            .matrix();
      case "ml":
        return InteractionReaders.movieLens100k(shared.resolve("ml-100k/u.data"), ReadOptions.defaults().minWeight(4f))
            .matrix();
      default:
        throw new IllegalArgumentException("data set must be store, rtr or ml. Provided value: " + name);
    }
  }
}
