package io.privrec.benchmarks.dpcf;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.data.InteractionReaders;
import io.privrec.core.data.ReadOptions;
import io.privrec.core.eval.EvaluationResult;
import io.privrec.core.eval.EvaluationSummary;
import io.privrec.core.eval.Evaluator;
import io.privrec.core.eval.Split;
import io.privrec.core.eval.Splits;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.core.store.SyntheticStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Privacy–utility table of the private recommenders (not a JMH benchmark: a command-line report).
 *
 * <p>Protocol: per-user 20% holdout ({@code Splits.userHoldout(0.2, seed)}, cold test items
 * removed), {@code Evaluator.of(10, 20)}, seeds 1–3; models {@code popularity}, {@code item-knn}
 * (non-private) and {@code dp-popularity}, {@code dp-item-knn} at ε ∈ {0.5, 1, 2, 5, 10}, δ = 1e-6,
 * with their default parameters and the secure random source. Prints, per dataset and model, the
 * mean (and standard deviation) of Recall@20 and NDCG@10 and the mean fit time.
 *
 * <p>Every data set is re-indexed onto its public catalogue before splitting and the private
 * models are restricted to it ({@link PrivateAlgorithm#withCatalogue}): the store's garment list,
 * the MovieLens {@code u.item} movie list, and for RentTheRunway (which ships no product list) the
 * garment ids of the file, sorted — a benchmark convenience standing in for the shop's public
 * catalogue, not itself differentially private.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.privrec.benchmarks.dpcf.DpItemKnnPrivacyUtility
 * <shared-data-dir> [store] [rtr] [ml100k]}; without dataset names all three run. The system
 * property {@code models} (comma-separated name prefixes) restricts the models.
 */
public final class DpItemKnnPrivacyUtility {
  private static final double[] EPSILONS = {0.5, 1, 2, 5, 10};
  private static final long[] SEEDS = {1, 2, 3};

  private DpItemKnnPrivacyUtility() {}

  /**
   * Runs the report.
   *
   * @param args the shared data directory, then optional dataset names
   * @throws IOException if a dataset cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: DpItemKnnPrivacyUtility <shared-data-dir> [store] [rtr] [ml100k]");
    }
    Path data = Path.of(args[0]);
    List<String> names = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("store", "rtr", "ml100k");
    for (String name : names) {
      InteractionMatrix raw = load(name, data);
      Catalogue catalogue = catalogue(name, data, raw);
      InteractionMatrix m = raw.onItems(catalogue.items());
      System.out.println("## " + name + " " + m + ", catalogue of " + catalogue.size() + " items ("
          + ((long) raw.numInteractions() - m.numInteractions()) + " interactions outside it dropped)");
      report(m, catalogue);
    }
  }

  /** The public catalogue of data set {@code name} (see the class comment). */
  private static Catalogue catalogue(String name, Path data, InteractionMatrix m) throws IOException {
    switch (name) {
      case "store":
        return store().catalogue();
      case "rtr":
        return Catalogue.sorted(m.items().ids());
      case "ml100k": {
        Path file = data.resolve("ml-100k/u.item");
        requireFile(file);
        return InteractionReaders.movieLensCatalogue(file);
      }
      default:
        throw new IllegalArgumentException("unknown dataset '" + name + "'; known: store, rtr, ml100k");
    }
  }

  private static SyntheticStore store() {
    return SyntheticStore.builder().seed(42).customers(50_000).garments(5_000).events(1_000_000).build();
  }

  private static InteractionMatrix load(String name, Path data) throws IOException {
    switch (name) {
      case "store":
        return store().interactions();
      case "rtr": {
        Path file = data.resolve("renttherunway/rtr_interactions.csv");
        requireFile(file);
        return InteractionReaders.rentTheRunway(file, ReadOptions.defaults()).matrix();
      }
      case "ml100k": {
        Path file = data.resolve("ml-100k/u.data");
        requireFile(file);
        return InteractionReaders.movieLens100k(file, ReadOptions.defaults().minWeight(4f)).matrix();
      }
      default:
        throw new IllegalArgumentException("unknown dataset '" + name + "'; known: store, rtr, ml100k");
    }
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("dataset file not found: " + file);
    }
  }

  private static void report(InteractionMatrix m, Catalogue catalogue) {
    Map<String, Algorithm> models = new LinkedHashMap<>();
    models.put("popularity", Algorithms.create("popularity", Map.of()));
    models.put("item-knn", Algorithms.create("item-knn", Map.of()));
    for (String dp : new String[] {"dp-popularity", "dp-item-knn"}) {
      for (double e : EPSILONS) {
        models.put(dp + " eps=" + e,
            ((PrivateAlgorithm) Algorithms.create(dp, Map.of("epsilon", Double.toString(e)))).withCatalogue(catalogue));
      }
    }
    String filter = System.getProperty("models", "");
    if (!filter.isEmpty()) {
      models.keySet().removeIf(k -> List.of(filter.split(",")).stream().noneMatch(k::startsWith));
    }
    Map<String, List<EvaluationResult>> results = new LinkedHashMap<>();
    Evaluator evaluator = Evaluator.of(10, 20);
    for (long seed : SEEDS) {
      Split split = Splits.userHoldout(0.2, seed).split(m).withoutColdTestItems();
      for (Map.Entry<String, Algorithm> e : models.entrySet()) {
        results.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(evaluator.evaluate(e.getValue(), split));
      }
    }
    System.out.println("| model | Recall@20 | NDCG@10 | fit s |");
    System.out.println("|---|---|---|---|");
    for (Map.Entry<String, List<EvaluationResult>> e : results.entrySet()) {
      EvaluationSummary s = EvaluationSummary.of(e.getValue());
      System.out.println(String.format(Locale.ROOT, "| %s | %.4f ± %.4f | %.4f ± %.4f | %.2f |", e.getKey(),
          s.mean("recall@20"), s.sd("recall@20"), s.mean("ndcg@10"), s.sd("ndcg@10"),
          s.meanFitSeconds().orElse(Double.NaN)));
    }
  }
}
