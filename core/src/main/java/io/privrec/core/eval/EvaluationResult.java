package io.privrec.core.eval;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The outcome of one {@link Evaluator} run: the mean of every {@link Metric} over the evaluated
 * users, at every cutoff.
 *
 * <h2>Keys</h2>
 * Stable names, in this order for {@link #asMap()}: {@code precision@K}, {@code recall@K},
 * {@code recall_truncated@K}, {@code ndcg@K}, {@code map@K}, {@code hitrate@K} (each for every
 * cutoff, ascending), {@code mrr}, {@code coverage@K}. Every value is in {@code [0, 1]}.
 *
 * <p>Immutable and thread-safe.
 */
public final class EvaluationResult {
  private static final Metric[] METRICS = Metric.values();

  private final List<Integer> cutoffs;
  private final Map<String, Double> values;
  private final int usersEvaluated;
  private final double fitSeconds;
  private final double evaluationSeconds;

  /**
   * @param cutoffs sorted distinct cutoffs
   * @param perUserMeans means in {@link RankingMetrics}' layout
   * @param coverage coverage per cutoff
   */
  EvaluationResult(int[] cutoffs, double[] perUserMeans, double[] coverage, int usersEvaluated, double fitSeconds,
      double evaluationSeconds) {
    List<Integer> ks = new ArrayList<>(cutoffs.length);
    for (int k : cutoffs) {
      ks.add(k);
    }
    this.cutoffs = List.copyOf(ks);
    int nc = cutoffs.length;
    Map<String, Double> map = new LinkedHashMap<>();
    for (int m = 0; m < RankingMetrics.PER_CUTOFF; m++) {
      for (int c = 0; c < nc; c++) {
        map.put(METRICS[m].key(cutoffs[c]), perUserMeans[m * nc + c]);
      }
    }
    map.put(Metric.MRR.key(1), perUserMeans[RankingMetrics.PER_CUTOFF * nc]);
    for (int c = 0; c < nc; c++) {
      map.put(Metric.COVERAGE.key(cutoffs[c]), coverage[c]);
    }
    this.values = Collections.unmodifiableMap(map);
    this.usersEvaluated = usersEvaluated;
    this.fitSeconds = fitSeconds;
    this.evaluationSeconds = evaluationSeconds;
  }

  /** Number of users evaluated (users with at least one test interaction), {@code >= 1}. */
  public int usersEvaluated() {
    return usersEvaluated;
  }

  /** The cutoffs K, ascending. */
  public List<Integer> cutoffs() {
    return cutoffs;
  }

  /**
   * Wall-clock seconds spent fitting, if the evaluator fitted the model ({@link
   * Evaluator#evaluate(io.privrec.core.model.Algorithm, Split)}); empty for a pre-fitted scorer.
   */
  public OptionalDouble fitSeconds() {
    return Double.isNaN(fitSeconds) ? OptionalDouble.empty() : OptionalDouble.of(fitSeconds);
  }

  /** Wall-clock seconds spent scoring and measuring (excluding fitting). */
  public double evaluationSeconds() {
    return evaluationSeconds;
  }

  /**
   * The value of a metric key such as {@code "ndcg@10"} or {@code "mrr"}.
   *
   * @throws IllegalArgumentException if the key is not in {@link #asMap()} (e.g. an unevaluated
   *     cutoff), naming the known keys
   */
  public double get(String key) {
    requireNonNull(key, "key");
    Double v = values.get(key);
    if (v == null) {
      throw CorePreconditions.unknown("metric key", key, values.keySet());
    }
    return v;
  }

  /**
   * The value of {@code metric} at {@code cutoff} (the cutoff is ignored for {@link Metric#MRR}).
   *
   * @throws IllegalArgumentException if {@code cutoff} was not evaluated
   */
  public double get(Metric metric, int cutoff) {
    requireNonNull(metric, "metric");
    return get(metric.key(cutoff));
  }

  /** Every metric by key, in the stable order described above (unmodifiable). */
  public Map<String, Double> asMap() {
    return values;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("EvaluationResult{users=").append(usersEvaluated);
    if (!Double.isNaN(fitSeconds)) {
      sb.append(String.format(Locale.ROOT, ", fitSeconds=%.3f", fitSeconds));
    }
    for (Map.Entry<String, Double> e : values.entrySet()) {
      sb.append(", ").append(e.getKey()).append('=').append(String.format(Locale.ROOT, "%.4f", e.getValue()));
    }
    return sb.append('}').toString();
  }
}
