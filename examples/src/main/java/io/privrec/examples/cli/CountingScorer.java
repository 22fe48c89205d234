package io.privrec.examples.cli;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.FitListener;
import io.privrec.core.data.IdIndex;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelUpdate;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link ItemScorer} that reports how many profiles it has scored, as a fraction of an expected
 * count, to a {@link FitListener}: the evaluator scores each test user once, so this is its
 * progress (it has no progress hook of its own). Reports about a thousand times in all.
 */
final class CountingScorer implements ItemScorer {
  private final ItemScorer scorer;
  private final long expected;
  private final long step;
  private final String unit;
  private final FitListener listener;
  private final AtomicLong scored = new AtomicLong();

  CountingScorer(ItemScorer scorer, long expected, String unit, FitListener listener) {
    this.scorer = scorer;
    this.expected = Math.max(1, expected);
    this.step = Math.max(1, expected / 1000);
    this.unit = unit;
    this.listener = listener;
  }

  /** Wraps {@code scorer} to report progress over the users with a test interaction. */
  static ItemScorer overTestUsers(ItemScorer scorer, InteractionMatrix test, FitListener listener) {
    long users = 0;
    for (int u = 0; u < test.numUsers(); u++) {
      if (test.rowLength(u) > 0) {
        users++;
      }
    }
    return new CountingScorer(scorer, users, "users", listener);
  }

  @Override
  public IdIndex items() {
    return scorer.items();
  }

  @Override
  public int numItems() {
    return scorer.numItems();
  }

  @Override
  public void scoreProfile(int[] items, float[] weights, float[] scores) {
    scorer.scoreProfile(items, weights, scores);
    long n = scored.incrementAndGet();
    if (n % step == 0 || n == expected) {
      listener.progress(n + "/" + expected + " " + unit, (double) n / expected);
    }
  }

  @Override
  public int describedItems(int[] items) {
    return scorer.describedItems(items);
  }

  @Override
  public ModelUpdate.Result forget(Erasure erasure) {
    return scorer.forget(erasure);
  }
}
