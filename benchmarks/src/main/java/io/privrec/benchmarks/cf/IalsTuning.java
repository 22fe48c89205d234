package io.privrec.benchmarks.cf;

import io.privrec.core.cf.Ials;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.eval.EvaluationResult;
import io.privrec.core.eval.EvaluationSummary;
import io.privrec.core.eval.Evaluator;
import io.privrec.core.eval.Split;
import io.privrec.core.eval.Splits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Tunes and reports iALS accuracy on MovieLens 100K with PrivRec's accuracy protocol: ratings ≥ 4
 * are (binary) positives; per user with n ≥ 2 positives, clamp(round(0.2·n), 1, n−1) are held out
 * at random (seed 42); test items nobody has in training are dropped; every item not seen in
 * training is ranked.
 *
 * <p>Tuning never looks at the test part: {@code validate} carves a validation split from the
 * training part with the same protocol (seed 4242) and evaluates each configuration there;
 * {@code test} evaluates on the test part (seed 42, or several seeds for mean ± sd).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.privrec.benchmarks.cf.IalsTuning \
 *     ../shared/data/ml-100k/u.data validate "factors=64,alpha=20,lambda=2;factors=128"
 * java -cp benchmarks/target/benchmarks.jar io.privrec.benchmarks.cf.IalsTuning \
 *     ../shared/data/ml-100k/u.data test "" 42 1 2 3 4 5
 * </pre>
 * A configuration is a comma-separated list of {@code key=value} builder settings ({@code factors,
 * iterations, alpha, lambda, nu, cg-steps, solver}); an empty configuration means the defaults.
 */
public final class IalsTuning {
  private static final long TEST_SEED = 42;
  private static final long VALIDATION_SEED = 4242;

  private IalsTuning() {}

  /**
   * Arguments: the u.data path, {@code validate} or {@code test}, configurations separated by
   * {@code ;}, then (test only) seeds.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      throw new IllegalArgumentException("usage: IalsTuning <u.data> validate|test <config;config;...> [seeds...]");
    }
    InteractionMatrix positives = readPositives(Path.of(args[0]));
    boolean validate = args[1].equals("validate");
    PrintStream out = System.out;
    Evaluator evaluator = Evaluator.of(10, 20);
    for (String config : args[2].split(";", -1)) {
      Ials ials = configure(config);
      if (validate) {
        Split test = split(positives, TEST_SEED);
        Split validation = split(test.train(), VALIDATION_SEED);
        out.println(line(config, evaluator.evaluate(ials, validation)));
      } else {
        long[] seeds = new long[Math.max(1, args.length - 3)];
        seeds[0] = TEST_SEED;
        for (int s = 3; s < args.length; s++) {
          seeds[s - 3] = Long.parseLong(args[s]);
        }
        EvaluationSummary summary = evaluator.evaluateRepeated(ials, positives, seed -> data -> split(data, seed), seeds);
        for (EvaluationResult r : summary.runs()) {
          out.println(line(config, r));
        }
        if (seeds.length > 1) {
          out.printf(Locale.ROOT, "%s mean±sd over %d seeds: P@10 %.4f±%.4f R@20 %.4f±%.4f NDCG@10 %.4f±%.4f cov@10 %.4f±%.4f%n",
              config.isEmpty() ? "defaults" : config, seeds.length,
              summary.mean("precision@10"), summary.sd("precision@10"), summary.mean("recall@20"), summary.sd("recall@20"),
              summary.mean("ndcg@10"), summary.sd("ndcg@10"), summary.mean("coverage@10"), summary.sd("coverage@10"));
        }
      }
    }
  }

  /** Ratings ≥ 4 of a MovieLens {@code u.data} file (user, item, rating, time; TAB-separated), weight 1. */
  public static InteractionMatrix readPositives(Path file) throws IOException {
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.REJECT);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split("\t");
        b.add(f[0], f[1], Float.parseFloat(f[2]), Long.parseLong(f[3]));
      }
    }
    return b.build().withMinWeight(4f).binarized();
  }

  /** The protocol's split: 0.2 per-user holdout, cold test items dropped. */
  public static Split split(InteractionMatrix data, long seed) {
    return Splits.userHoldout(0.2, seed).split(data).withoutColdTestItems();
  }

  private static Ials configure(String config) {
    Ials.Builder b = Ials.builder();
    for (String setting : config.split(",")) {
      if (setting.isBlank()) {
        continue;
      }
      String[] kv = setting.split("=", 2);
      String v = kv.length > 1 ? kv[1].trim() : "";
      switch (kv[0].trim()) {
        case "factors": b.factors(Integer.parseInt(v)); break;
        case "iterations": b.iterations(Integer.parseInt(v)); break;
        case "alpha": b.alpha(Double.parseDouble(v)); break;
        case "lambda": b.lambda(Double.parseDouble(v)); break;
        case "nu": b.regularizationExponent(Double.parseDouble(v)); break;
        case "cg-steps": b.cgSteps(Integer.parseInt(v)); break;
        case "solver": b.solver(Ials.Solver.valueOf(v.toUpperCase(Locale.ROOT))); break;
        default: throw new IllegalArgumentException("unknown setting '" + setting + "'");
      }
    }
    return b.build();
  }

  private static String line(String config, EvaluationResult r) {
    return String.format(Locale.ROOT, "%-50s P@10 %.4f R@20 %.4f NDCG@10 %.4f cov@10 %.4f fit %.2fs",
        config.isEmpty() ? "defaults" : config, r.get("precision@10"), r.get("recall@20"), r.get("ndcg@10"),
        r.get("coverage@10"), r.fitSeconds().orElse(Double.NaN));
  }
}
