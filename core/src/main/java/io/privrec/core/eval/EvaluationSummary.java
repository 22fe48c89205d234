package io.privrec.core.eval;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Mean and standard deviation of every metric over repeated evaluation runs (e.g. one per split
 * seed, from {@link Evaluator#evaluateRepeated}).
 *
 * <p>The standard deviation is the sample one ({@code n − 1} denominator) and measures the spread
 * between runs, not a confidence interval of the mean; with a single run it is NaN (undefined).
 * Immutable and thread-safe.
 */
public final class EvaluationSummary {
  private final List<EvaluationResult> runs;
  private final Map<String, Double> means;
  private final Map<String, Double> sds;

  private EvaluationSummary(List<EvaluationResult> runs, Map<String, Double> means, Map<String, Double> sds) {
    this.runs = runs;
    this.means = means;
    this.sds = sds;
  }

  /**
   * Summarises {@code runs}.
   *
   * @param runs at least one result, all with the same metric keys
   * @throws IllegalArgumentException if {@code runs} is empty or the runs' keys differ
   * @throws NullPointerException if {@code runs} or an element is null
   */
  public static EvaluationSummary of(List<EvaluationResult> runs) {
    CorePreconditions.checkNotEmpty("runs", runs);
    List<EvaluationResult> copy = List.copyOf(runs);
    var keys = copy.get(0).asMap().keySet();
    for (EvaluationResult r : copy) {
      CorePreconditions.checkArgument(r.asMap().keySet().equals(keys),
          "all runs must have the same metric keys, but %s differs from %s", r.asMap().keySet(), keys);
    }
    Map<String, Double> means = new LinkedHashMap<>();
    Map<String, Double> sds = new LinkedHashMap<>();
    for (String key : keys) {
      double[] xs = new double[copy.size()];
      for (int j = 0; j < xs.length; j++) {
        xs[j] = copy.get(j).get(key);
      }
      means.put(key, mean(xs));
      sds.put(key, sampleSd(xs));
    }
    return new EvaluationSummary(copy, Collections.unmodifiableMap(means), Collections.unmodifiableMap(sds));
  }

  private static double mean(double[] xs) {
    double sum = 0;
    for (double x : xs) {
      sum += x;
    }
    return sum / xs.length;
  }

  private static double sampleSd(double[] xs) {
    if (xs.length < 2) {
      return Double.NaN;
    }
    double m = mean(xs);
    double ss = 0;
    for (double x : xs) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (xs.length - 1));
  }

  /** The summarised runs, in the given order. */
  public List<EvaluationResult> runs() {
    return runs;
  }

  /**
   * Mean of {@code key} over the runs.
   *
   * @throws IllegalArgumentException for an unknown key
   */
  public double mean(String key) {
    return lookup(means, key);
  }

  /**
   * Sample standard deviation of {@code key} over the runs; NaN for a single run.
   *
   * @throws IllegalArgumentException for an unknown key
   */
  public double sd(String key) {
    return lookup(sds, key);
  }

  /** Means by key, in {@link EvaluationResult}'s key order (unmodifiable). */
  public Map<String, Double> means() {
    return means;
  }

  /** Sample standard deviations by key, in {@link EvaluationResult}'s key order (unmodifiable). */
  public Map<String, Double> sds() {
    return sds;
  }

  /** Mean fit time over the runs that report one; empty if none does. */
  public OptionalDouble meanFitSeconds() {
    return runs.stream().map(EvaluationResult::fitSeconds).filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble).average();
  }

  private static double lookup(Map<String, Double> map, String key) {
    requireNonNull(key, "key");
    Double v = map.get(key);
    if (v == null) {
      throw CorePreconditions.unknown("metric key", key, map.keySet());
    }
    return v;
  }

  /** One {@code key=mean ± sd} entry per metric, four decimals. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("EvaluationSummary{runs=").append(runs.size());
    for (String key : means.keySet()) {
      sb.append(", ").append(key).append('=')
          .append(String.format(Locale.ROOT, "%.4f ± %.4f", means.get(key), sds.get(key)));
    }
    return sb.append('}').toString();
  }
}
