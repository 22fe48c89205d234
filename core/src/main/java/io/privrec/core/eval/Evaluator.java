package io.privrec.core.eval;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.internal.parallel.Parallel;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.scoring.TopK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Offline top-K evaluation over the full catalogue.
 *
 * <pre>{@code
 * Split split = Splits.userHoldout(0.2, 42).split(data);
 * EvaluationResult r = Evaluator.of(10, 20).evaluate(Popularity.create(), split);
 * double ndcg = r.get("ndcg@10");
 * }</pre>
 *
 * <h2>Protocol</h2>
 * Every user with at least one test interaction is evaluated: the scorer scores every item
 * from the user's training row as a profile ({@link ItemScorer#scoreProfile}), the user's training items are set to −∞, the top {@code max K}
 * items are selected with {@link TopK} (higher score first, ties by lower item index; NaN and −∞
 * never selected), and the metrics of {@link Metric} are computed against the user's test items
 * and averaged over users (each user weighs the same). Test weights are ignored (binary
 * relevance).
 *
 * <h2>Determinism and threads</h2>
 * Users are scored in parallel on up to {@link #threads()} threads (the calling thread and the
 * library's shared worker threads), but sums are formed over fixed blocks of consecutive users and
 * the block sums are added in user order, so the result is bit-for-bit the same for any thread
 * count (given a deterministic scorer). An exception thrown by the scorer stops the evaluation
 * and is rethrown to the caller.
 *
 * <p>Cost per user: one {@code scoreProfile} call, O(items · log K) for the top list, and O(items)
 * more for MRR when no test item reaches the top list. Memory per thread: O(items).
 *
 * <p>Immutable and thread-safe; a call holds no thread after it returns.
 */
public final class Evaluator {
  /** Users per block; the unit of work and of summation order. */
  private static final int BLOCK = 256;

  private final int[] cutoffs;
  private final int threads;

  private Evaluator(int[] cutoffs, int threads) {
    this.cutoffs = cutoffs;
    this.threads = threads;
  }

  /**
   * An evaluator at the given cutoffs, using as many threads as available processors.
   *
   * @param cutoffs the list lengths K, each {@code >= 1}, distinct, in any order (stored sorted)
   * @throws IllegalArgumentException if there are no cutoffs, a cutoff is {@code < 1}, or a cutoff
   *     repeats
   */
  public static Evaluator of(int... cutoffs) {
    CorePreconditions.checkNotEmpty("cutoffs", cutoffs);
    int[] sorted = cutoffs.clone();
    Arrays.sort(sorted);
    for (int j = 0; j < sorted.length; j++) {
      checkCutoff(sorted[j]);
      CorePreconditions.checkArgument(j == 0 || sorted[j] != sorted[j - 1], "cutoffs must be distinct, but %s repeats",
          sorted[j]);
    }
    return new Evaluator(sorted, Runtime.getRuntime().availableProcessors());
  }

  static void checkCutoff(int cutoff) {
    CorePreconditions.checkPositive("cutoff K", cutoff);
  }

  /**
   * This evaluator with a fixed number of threads (the result does not depend on it).
   *
   * @param threads number of scoring threads, {@code >= 1}
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public Evaluator withThreads(int threads) {
    CorePreconditions.checkPositive("threads", threads);
    return new Evaluator(cutoffs, threads);
  }

  /** The cutoffs, in increasing order. */
  public List<Integer> cutoffs() {
    List<Integer> list = new ArrayList<>(cutoffs.length);
    for (int k : cutoffs) {
      list.add(k);
    }
    return List.copyOf(list);
  }

  /** The number of scoring threads. */
  public int threads() {
    return threads;
  }

  /**
   * Fits {@code algorithm} on {@code split.train()} (timed, wall-clock) and evaluates the model.
   *
   * @throws IllegalArgumentException as {@link #evaluate(ItemScorer, Split)}, or if the algorithm
   *     rejects the training data
   */
  public EvaluationResult evaluate(Algorithm algorithm, Split split) {
    return evaluate(algorithm, split, FitListener.NONE);
  }

  /**
   * Like {@link #evaluate(Algorithm, Split)}, reporting fitting progress to {@code listener}.
   *
   * @throws IllegalArgumentException as {@link #evaluate(ItemScorer, Split)}, or if the algorithm
   *     rejects the training data
   */
  public EvaluationResult evaluate(Algorithm algorithm, Split split, FitListener listener) {
    requireNonNull(algorithm, "algorithm");
    requireNonNull(split, "split");
    requireNonNull(listener, "listener");
    long start = System.nanoTime();
    ItemScorer scorer = algorithm.fit(split.train(), listener);
    double fitSeconds = (System.nanoTime() - start) / 1e9;
    return run(scorer, split, fitSeconds);
  }

  /**
   * Evaluates an already fitted scorer; the result has no fit time.
   *
   * @param scorer a model fitted on {@code split.train()} (same user and item indices)
   * @throws IllegalArgumentException if the scorer's item count differs from the split's, or the
   *     split has no user with a test interaction
   */
  public EvaluationResult evaluate(ItemScorer scorer, Split split) {
    requireNonNull(scorer, "scorer");
    requireNonNull(split, "split");
    return run(scorer, split, Double.NaN);
  }

  /**
   * Repeats split-fit-evaluate for several seeds and summarises the runs (mean ± sd).
   *
   * @param algorithm the algorithm, fitted afresh on each run's training part
   * @param data all interactions
   * @param splitterForSeed makes the split protocol for a seed, e.g. {@code seed ->
   *     Splits.userHoldout(0.2, seed)}
   * @param seeds one run per seed, at least one
   * @throws IllegalArgumentException if {@code seeds} is empty, or as {@link #evaluate(Algorithm,
   *     Split)}
   */
  public EvaluationSummary evaluateRepeated(Algorithm algorithm, InteractionMatrix data,
      LongFunction<? extends Splitter> splitterForSeed, long... seeds) {
    requireNonNull(algorithm, "algorithm");
    requireNonNull(data, "data");
    requireNonNull(splitterForSeed, "splitterForSeed");
    CorePreconditions.checkNotEmpty("seeds", seeds);
    List<EvaluationResult> runs = new ArrayList<>(seeds.length);
    for (long seed : seeds) {
      Splitter splitter = requireNonNull(splitterForSeed.apply(seed), "splitterForSeed result");
      runs.add(evaluate(algorithm, splitter.split(data)));
    }
    return EvaluationSummary.of(runs);
  }

  private EvaluationResult run(ItemScorer scorer, Split split, double fitSeconds) {
    InteractionMatrix train = split.train();
    InteractionMatrix test = split.test();
    int numItems = train.numItems();
    CorePreconditions.checkArgument(scorer.numItems() == numItems,
        "scorer scores %s items but the split has %s; fit the scorer on split.train()", scorer.numItems(), numItems);
    if (scorer.items() != train.items()) {
      for (int i = 0; i < numItems; i++) {
        if (!scorer.items().id(i).equals(train.items().id(i))) {
          throw CorePreconditions.fail("scorer", "must be fitted on the split's item list, but item index " + i
              + " of the model holds another id: the model was fitted on another item list (re-index the data onto"
              + " the model's catalogue, or refit)");
        }
      }
    }
    int[] users = testUsers(test);
    CorePreconditions.checkArgument(users.length > 0, "split has no user with a test interaction: nothing to evaluate");
    long start = System.nanoTime();
    int numBlocks = (users.length + BLOCK - 1) / BLOCK;
    int numValues = RankingMetrics.valueCount(cutoffs.length);
    double[][] blockSums = new double[numBlocks][numValues];
    // One chunk per block; each block's sums are written by the thread that scores it.
    List<Worker> all = Parallel.forRange(numBlocks, 1, threads, () -> new Worker(scorer, train, test, users, blockSums),
        (from, to, worker) -> worker.scoreBlocks(from, to), "evaluation");
    double[] sums = new double[numValues];
    for (double[] block : blockSums) {
      for (int v = 0; v < numValues; v++) {
        sums[v] += block[v];
      }
    }
    int[] bestRank = new int[numItems];
    Arrays.fill(bestRank, Integer.MAX_VALUE);
    for (Worker w : all) {
      for (int i = 0; i < numItems; i++) {
        bestRank[i] = Math.min(bestRank[i], w.bestRank[i]);
      }
    }
    double[] coverage = new double[cutoffs.length];
    for (int c = 0; c < cutoffs.length; c++) {
      int covered = 0;
      for (int r : bestRank) {
        if (r < cutoffs[c]) {
          covered++;
        }
      }
      coverage[c] = (double) covered / numItems;
    }
    double[] means = new double[numValues];
    for (int v = 0; v < numValues; v++) {
      means[v] = sums[v] / users.length;
    }
    double evaluationSeconds = (System.nanoTime() - start) / 1e9;
    return new EvaluationResult(cutoffs, means, coverage, users.length, fitSeconds, evaluationSeconds);
  }

  private static int[] testUsers(InteractionMatrix test) {
    int n = 0;
    int[] users = new int[test.numUsers()];
    for (int u = 0; u < test.numUsers(); u++) {
      if (test.rowLength(u) > 0) {
        users[n++] = u;
      }
    }
    return Arrays.copyOf(users, n);
  }

  /**
   * One thread's scoring state: scratch space, and the lowest rank each item reached in the blocks
   * this thread scored.
   */
  private final class Worker {
    private final ItemScorer scorer;
    private final InteractionMatrix train;
    private final InteractionMatrix test;
    private final int[] users;
    private final double[][] blockSums;
    private final float[] scores;
    private final boolean[] relevant;
    private final double[] values;
    final int[] bestRank;

    Worker(ItemScorer scorer, InteractionMatrix train, InteractionMatrix test, int[] users, double[][] blockSums) {
      this.scorer = scorer;
      this.train = train;
      this.test = test;
      this.users = users;
      this.blockSums = blockSums;
      int numItems = train.numItems();
      this.scores = new float[numItems];
      this.relevant = new boolean[numItems];
      this.values = new double[RankingMetrics.valueCount(cutoffs.length)];
      this.bestRank = new int[numItems];
      Arrays.fill(bestRank, Integer.MAX_VALUE);
    }

    /** Scores the users of blocks {@code fromBlock … toBlock-1}, summing each block into its own sums. */
    void scoreBlocks(int fromBlock, int toBlock) {
      int maxK = cutoffs[cutoffs.length - 1];
      for (int b = fromBlock; b < toBlock; b++) {
        double[] sums = blockSums[b];
        int end = Math.min(users.length, (b + 1) * BLOCK);
        for (int j = b * BLOCK; j < end; j++) {
          int u = users[j];
          scorer.scoreProfile(train.rowItems(u), train.rowWeights(u), scores);
          for (int p = train.rowStart(u); p < train.rowEnd(u); p++) {
            scores[train.itemAt(p)] = Float.NEGATIVE_INFINITY;
          }
          int[] testItems = test.rowItems(u);
          for (int i : testItems) {
            relevant[i] = true;
          }
          int[] ranked = TopK.select(scores, maxK);
          double rr = RankingMetrics.reciprocalRank(scores, testItems, ranked, relevant);
          RankingMetrics.compute(ranked, relevant, testItems.length, cutoffs, rr, values);
          for (int v = 0; v < values.length; v++) {
            sums[v] += values[v];
          }
          for (int r = 0; r < ranked.length; r++) {
            bestRank[ranked[r]] = Math.min(bestRank[ranked[r]], r);
          }
          for (int i : testItems) {
            relevant[i] = false;
          }
        }
      }
    }
  }
}
