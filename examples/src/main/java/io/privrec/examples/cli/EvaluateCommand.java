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
import java.nio.file.Path;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code evaluate}: fits a model on a training split and prints one JSON line of metrics. */
public final class EvaluateCommand implements Command {

  /** The metrics printed, in order (each as in {@link EvaluationResult#get(String)}). */
  static final String[] METRICS = {
    "precision@10", "recall@10", "recall@20", "recall_truncated@10", "ndcg@10", "ndcg@20", "map@10",
    "hitrate@10", "mrr", "coverage@10"
  };

  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "fit a model on a split and print one JSON line of ranking metrics";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: evaluate --data FILE|store[:SEED[:CUSTOMERS]] [--format F] [--min-weight W]",
        "                [--catalogue FILE] --model NAME [--param key=value]... [--split holdout:0.2]",
        "                [--seed S]",
        "       evaluate --train FILE --test FILE [--catalogue FILE] --model NAME [--param key=value]...",
        "       evaluate --data FILE|store... --model NAME --cohorts A,B [--cohort-k K] [--users FILE] ...",
        "",
        "Fits the model on the training part and ranks the whole catalogue for every test user",
        "(training items excluded; test items that nobody has in training are dropped). With a",
        "catalogue (--catalogue, the store's garments, or u.item beside a MovieLens u.data) the data",
        "is re-indexed onto it first and interactions on other items are dropped; dp-* models need",
        "one. Prints ONE line of JSON: model, params, users, items, catalogue_items (with a",
        "catalogue), interactions, train_interactions, test_interactions, users_evaluated,",
        "fit_seconds, eval_seconds and the metrics",
        String.join(", ", METRICS) + ".",
        "",
        Datasets.DATA_HELP,
        "  --train FILE, --test FILE   TAB-separated 'user item [weight]' files instead of --data",
        "                     (both re-indexed onto --catalogue when given)",
        "  --model NAME       " + String.join("|", Algorithms.names()),
        "  --param key=value  model hyperparameter, repeatable:",
        ModelHelp.PARAMS,
        "  --split S          holdout:FRACTION (per user, default holdout:0.2), leave-last:N (needs",
        "                     timestamps), time-cut:EPOCH_SECONDS or new-users:FRACTION:KEEP (that share",
        "                     of users keep only KEEP random interactions in training, the rest holdout:0.2)",
        "  --seed S           seed of the split (default 42)",
        "  --epsilon E, --delta D   privacy budget of a dp-* model (default 1 and 1e-6); the JSON",
        "                     line then also has epsilon, delta, epsilon_spent and delta_spent",
        "  --threads T        evaluation threads (default: available processors)",
        CohortEvaluation.HELP,
        "");
  }

  @Override
  public int run(Args args, PrintStream out, PrintStream err) throws Exception {
    String model = args.require("model");
    Map<String, String> params = new java.util.LinkedHashMap<>(args.keyValues("param"));
    if (args.has("epsilon")) {
      params.put("epsilon", Double.toString(args.getDouble("epsilon", 1)));
    }
    if (args.has("delta")) {
      params.put("delta", Double.toString(args.getDouble("delta", 1e-6)));
    }
    Algorithm algorithm = Algorithms.create(model, params);
    boolean trainTest = args.has("train") || args.has("test");
    Catalogue catalogue = trainTest ? Datasets.catalogue(args, null, "tsv") : Datasets.catalogue(args);
    if (algorithm instanceof PrivateAlgorithm dp) {
      if (catalogue == null) {
        throw new IllegalArgumentException(Datasets.catalogueRequired(model));
      }
      algorithm = dp.withCatalogue(catalogue);
    }
    Split split;
    InteractionMatrix all;
    if (trainTest) {
      Path trainFile = Path.of(args.require("train"));
      Path testFile = Path.of(args.require("test"));
      InteractionMatrix train = Datasets.loadTrain(trainFile, args, err);
      InteractionMatrix test = Datasets.loadTest(testFile, train, args, err);
      // The test file may add ids: widen the training matrix to the same indices.
      train = train.withIndices(test.users(), test.items());
      if (catalogue != null) {
        train = Datasets.onCatalogue(train, catalogue, trainFile.toString(), err);
        test = Datasets.onCatalogue(test, catalogue, testFile.toString(), err);
      }
      split = new Split(train, test);
      all = train;
    } else {
      all = Datasets.requireInteractions(Datasets.load(args, catalogue, err), args.require("data"), "evaluate on");
      split = splitter(args.get("split", "holdout:0.2"), args.getLong("seed", 42)).split(all);
    }
    int threads = args.getInt("threads", Runtime.getRuntime().availableProcessors());
    if (args.has("cohorts")) {
      if (trainTest) {
        throw new IllegalArgumentException("--cohorts needs --data (one data set split here), not --train/--test");
      }
      // Validation data for the blend prior: the same protocol applied to the training part.
      io.privrec.core.eval.Splitter validation = splitter(args.get("split", "holdout:0.2"), args.getLong("seed", 42) + 1);
      return CohortEvaluation.run(args, model, params, catalogue, all, split.withoutColdTestItems(), validation,
          threads, out, err);
    }
    args.checkAllUsed();
    if (trainTest) {
      Datasets.requireInteractions(split.train(), args.require("train"), "train on");
      Datasets.requireInteractions(split.test(), args.require("test"), "evaluate on");
    }
    split = split.withoutColdTestItems();
    Evaluator evaluator = Evaluator.of(10, 20).withThreads(threads);
    EvaluationResult result;
    PrivacyAccountant accountant = null;
    double fitSeconds;
    try (Progress progress = Progress.open(err)) {
      progress.phase("fit " + algorithm.name());
      long t0 = System.nanoTime();
      ItemScorer scorer;
      if (algorithm instanceof PrivateAlgorithm dp) {
        accountant = PrivacyAccountant.create(dp.budget());
        scorer = dp.fit(split.train(), progress, accountant);
      } else {
        scorer = algorithm.fit(split.train(), progress);
      }
      fitSeconds = (System.nanoTime() - t0) / 1e9;
      progress.phase("evaluate");
      result = evaluator.evaluate(CountingScorer.overTestUsers(scorer, split.test(), progress), split);
    }

    Map<String, Object> line = new LinkedHashMap<>();
    line.put("model", algorithm.name());
    line.put("params", algorithm.parameters());
    line.put("users", all.numUsers());
    line.put("items", all.numItems());
    if (catalogue != null) {
      line.put("catalogue_items", catalogue.size());
    }
    line.put("interactions", (long) split.train().numInteractions() + split.test().numInteractions());
    line.put("train_interactions", split.train().numInteractions());
    line.put("test_interactions", split.test().numInteractions());
    line.put("users_evaluated", result.usersEvaluated());
    line.put("fit_seconds", fitSeconds);
    if (accountant != null) {
      line.put("epsilon", accountant.total().epsilon());
      line.put("delta", accountant.total().delta());
      line.put("epsilon_spent", accountant.spent().epsilon());
      line.put("delta_spent", accountant.spent().delta());
    }
    line.put("eval_seconds", result.evaluationSeconds());
    for (String metric : METRICS) {
      line.put(metric, result.get(metric));
    }
    out.println(Json.render(line));
    return 0;
  }

  /** Parses {@code holdout:F}, {@code leave-last:N} or {@code time-cut:T}. */
  static io.privrec.core.eval.Splitter splitter(String spec, long seed) {
    String[] parts = spec.split(":", 2);
    String kind = parts[0].toLowerCase(Locale.ROOT);
    if (parts.length != 2) {
      throw new IllegalArgumentException("--split must be holdout:FRACTION, leave-last:N, time-cut:EPOCH or"
          + " new-users:FRACTION:KEEP. Provided value: '" + spec + "'");
    }
    try {
      switch (kind) {
        case "holdout":
          return Splits.userHoldout(Double.parseDouble(parts[1]), seed);
        case "leave-last":
          return Splits.leaveLastN(Integer.parseInt(parts[1]));
        case "time-cut":
          return Splits.timeCut(Long.parseLong(parts[1]));
        case "new-users": {
          String[] f = parts[1].split(":");
          if (f.length != 2) {
            throw new IllegalArgumentException("--split new-users must be new-users:FRACTION:KEEP. Provided value: '"
                + spec + "'");
          }
          return Splits.newUsers(Double.parseDouble(f[0]), Integer.parseInt(f[1]), 0.2, seed);
        }
        default:
          throw new IllegalArgumentException("--split must be holdout:FRACTION, leave-last:N, time-cut:EPOCH or"
              + " new-users:FRACTION:KEEP. Provided value: '" + spec + "'");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--split has a malformed number: '" + spec + "'", e);
    }
  }
}
