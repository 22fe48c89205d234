package io.privrec.examples.cli;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.eval.EvaluationResult;
import io.privrec.core.eval.Evaluator;
import io.privrec.core.eval.Split;
import io.privrec.core.eval.Splits;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.dp.budget.PrivacyAccountant;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code privacy-utility}: measures Recall@20 and NDCG@10 of private models over a range of ε
 * (and their non-private counterparts), writes {@code privacy-utility.csv} and plots the curve to
 * {@code privacy-utility.png}.
 */
public final class PrivacyUtilityCommand implements Command {

  @Override
  public String name() {
    return "privacy-utility";
  }

  @Override
  public String summary() {
    return "measure accuracy of private models over epsilon; write a CSV and a PNG plot";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: privacy-utility --data FILE|store[:SEED[:CUSTOMERS]] [--format F] [--min-weight W]",
        "                       [--catalogue FILE] --models dp-a,dp-b,... [--epsilons 0.5,1,2,5,10]",
        "                       [--delta 1e-6]",
        "                       [--seeds 1,2,3] [--out DIR] [--param key=value]...",
        "       privacy-utility --from-csv FILE [--out DIR]",
        "",
        "For every seed: split each customer's history 80/20; fit every private model at every ε",
        "(δ fixed) and its non-private counterpart (the name without 'dp-'), evaluate full-catalogue",
        "ranking. Writes DIR/privacy-utility.csv (one row per model, ε, seed) and",
        "DIR/privacy-utility.png: mean Recall@20 against ε, each private model dp-X as a solid line",
        "and its non-private X as a dashed line in the same colour; with two or more seeds a",
        "translucent band around each line spans the lowest to the highest Recall@20 over the seeds.",
        "Every model indexes the public catalogue (--catalogue FILE, else the store's garment list or",
        "the u.item beside a MovieLens u.data; required): the data is re-indexed onto it first and",
        "interactions on other items are dropped (counted on stderr).",
        "",
        Datasets.DATA_HELP,
        "  --models LIST      private models, e.g. dp-popularity,dp-item-knn,dp-ease,dp-ials",
        "  --epsilons LIST    ε values (default 0.5,1,2,5,10)",
        "  --delta D          δ of every private model (default 1e-6)",
        "  --seeds LIST       split seeds (default 1,2,3)",
        "  --out DIR          output folder (default privacy-utility-out)",
        "  --param key=value  extra parameter passed to every model that knows it",
        "  --from-csv FILE    only redraw the plot from a privacy-utility.csv written earlier (no",
        "                     experiment runs; takes no other option but --out) to",
        "                     DIR/privacy-utility.png, DIR defaulting to FILE's folder",
        "");
  }

  @Override
  public int run(Args args, PrintStream out, PrintStream err) throws Exception {
    if (args.has("from-csv")) {
      return plotOnly(args, out);
    }
    Catalogue catalogue = Datasets.catalogue(args);
    List<String> models = List.of(args.require("models").split(","));
    double[] epsilons = parseDoubles("epsilons", args.get("epsilons", "0.5,1,2,5,10"));
    double delta = args.getDouble("delta", 1e-6);
    long[] seeds = parseSeeds(args.get("seeds", "1,2,3"));
    Path dir = Path.of(args.get("out", "privacy-utility-out"));
    Map<String, String> extra = args.keyValues("param");
    for (String m : models) {
      if (!m.startsWith("dp-") || !Algorithms.names().contains(m)) {
        throw new IllegalArgumentException("--models: '" + m + "' is not a private model; known: " + Algorithms.names());
      }
    }
    if (catalogue == null) {
      throw new IllegalArgumentException(Datasets.catalogueRequired(models.get(0)));
    }
    InteractionMatrix data = Datasets.load(args, catalogue, err);
    args.checkAllUsed();
    Files.createDirectories(dir);
    List<PrivacyUtilityPlot.Row> rows = new ArrayList<>();
    Evaluator evaluator = Evaluator.of(10, 20);
    int runs = 0;
    for (String m : models) {
      runs += (Algorithms.names().contains(m.substring(3)) ? 1 : 0) + epsilons.length;
    }
    runs *= seeds.length;
    int run = 0;
    try (Progress progress = Progress.open(err)) {
      for (long seed : seeds) {
        Split split = Splits.userHoldout(0.2, seed).split(data).withoutColdTestItems();
        for (String m : models) {
          String base = m.substring(3);
          if (Algorithms.names().contains(base)) {
            String label = String.format(Locale.ROOT, "[%d/%d] %s seed %d non-private", ++run, runs, base, seed);
            Algorithm algorithm = Algorithms.create(base, known(base, extra));
            progress.phase(label + ": fit");
            long t0 = System.nanoTime();
            ItemScorer scorer = algorithm.fit(split.train(), progress);
            double fit = (System.nanoTime() - t0) / 1e9;
            EvaluationResult r = evaluate(evaluator, scorer, split, progress, label);
            rows.add(new PrivacyUtilityPlot.Row(base, Double.POSITIVE_INFINITY, seed, r.get("recall@20"), r.get("ndcg@10"),
                fit));
            err.printf(Locale.ROOT, "%s seed %d non-private: R@20 %.4f%n", base, seed, r.get("recall@20"));
          }
          for (double eps : epsilons) {
            Map<String, String> params = known(m, extra);
            params.put("epsilon", Double.toString(eps));
            params.put("delta", Double.toString(delta));
            PrivateAlgorithm algorithm = ((PrivateAlgorithm) Algorithms.create(m, params)).withCatalogue(catalogue);
            String label = String.format(Locale.ROOT, "[%d/%d] %s seed %d eps %s", ++run, runs, m, seed, eps);
            progress.phase(label + ": fit");
            long t0 = System.nanoTime();
            ItemScorer scorer = algorithm.fit(split.train(), progress, PrivacyAccountant.create(algorithm.budget()));
            double fit = (System.nanoTime() - t0) / 1e9;
            EvaluationResult r = evaluate(evaluator, scorer, split, progress, label);
            rows.add(new PrivacyUtilityPlot.Row(m, eps, seed, r.get("recall@20"), r.get("ndcg@10"), fit));
            err.printf(Locale.ROOT, "%s seed %d eps %s: R@20 %.4f%n", m, seed, eps, r.get("recall@20"));
          }
        }
      }
    }
    Path csv = dir.resolve("privacy-utility.csv");
    PrivacyUtilityPlot.writeCsv(rows, delta, csv);
    Path png = dir.resolve("privacy-utility.png");
    PrivacyUtilityPlot.write(rows, title(List.of(delta)), png);
    out.println("wrote " + csv + " and " + png);
    return 0;
  }

  /** {@code --from-csv FILE [--out DIR]}: redraws DIR/privacy-utility.png from FILE. */
  private static int plotOnly(Args args, PrintStream out) throws Exception {
    String file = args.require("from-csv");
    if (file.equals("true")) {
      throw new IllegalArgumentException("--from-csv needs a file: --from-csv FILE");
    }
    Path csv = Path.of(file);
    Path parent = csv.toAbsolutePath().getParent();
    Path dir = Path.of(args.get("out", parent == null ? "." : parent.toString()));
    try {
      args.checkAllUsed();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--from-csv only redraws the plot and takes no option but --out; " + e.getMessage(), e);
    }
    PrivacyUtilityPlot.Csv data = PrivacyUtilityPlot.readCsv(csv);
    Files.createDirectories(dir);
    Path png = dir.resolve("privacy-utility.png");
    PrivacyUtilityPlot.write(data.rows(), title(data.deltas()), png);
    out.println("wrote " + png);
    return 0;
  }

  /** The plot's title; names δ if every private model has the same one. */
  private static String title(List<Double> deltas) {
    return "Privacy-utility: Recall@20 vs epsilon" + (deltas.size() == 1 ? " (delta " + deltas.get(0) + ")" : "");
  }

  /** Evaluates {@code scorer} as the phase {@code LABEL: evaluate}, which it ends. */
  private static EvaluationResult evaluate(Evaluator evaluator, ItemScorer scorer, Split split, Progress progress,
      String label) {
    progress.phase(label + ": evaluate");
    EvaluationResult r = evaluator.evaluate(CountingScorer.overTestUsers(scorer, split.test(), progress), split);
    progress.done();
    return r;
  }

  /** The extra parameters a model accepts (unknown keys are dropped for that model). */
  private static Map<String, String> known(String model, Map<String, String> extra) {
    Map<String, String> accepted = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : extra.entrySet()) {
      try {
        Algorithms.create(model, Map.of(e.getKey(), e.getValue()));
        accepted.put(e.getKey(), e.getValue());
      } catch (IllegalArgumentException ignored) {
        // not a parameter of this model
      }
    }
    return accepted;
  }

  private static long[] parseSeeds(String list) {
    String[] parts = list.split(",");
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        values[i] = Long.parseLong(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--seeds must be a comma-separated list of integers. Provided value: '" + list + "'", e);
      }
    }
    return values;
  }

  private static double[] parseDoubles(String option, String list) {
    String[] parts = list.split(",");
    double[] values = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        values[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + option + " must be a comma-separated list of numbers. Provided value: '" + list + "'", e);
      }
      if (!(values[i] > 0 && Double.isFinite(values[i]))) {
        throw new IllegalArgumentException("--" + option + " values must be finite and > 0. Provided value: " + parts[i]);
      }
    }
    return values;
  }
}
