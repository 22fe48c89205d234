package io.privrec.spark.internal;

import io.privrec.core.model.ItemScorer;
import io.privrec.core.scoring.TopK;
import org.apache.spark.sql.Row;

/**
 * One customer's top-{@code k} list from a loaded model, the same on every scoring path: the
 * model's {@link ItemScorer#scoreProfile} of her row's items and weights, her own items excluded,
 * the top {@code k} by {@link TopK} (higher score first, ties by lower item index; fewer than
 * {@code k} when fewer items are left). Reads nothing but the row and the model.
 *
 * <p>Not thread-safe: holds a catalogue-sized score buffer, reused from row to row.
 */
public final class CustomerTopK {
  /** Receives the entries of one list, best first. */
  @FunctionalInterface
  public interface Sink {
    /**
     * One entry.
     *
     * @param rank 1 for the best item
     * @param item the catalogue id
     * @param score the model's score
     */
    void accept(int rank, String item, float score);
  }

  private final ItemScorer scorer;
  private final int k;
  private final float[] scores;

  /** Lists of at most {@code k >= 0} items from {@code scorer}. */
  public CustomerTopK(ItemScorer scorer, int k) {
    this.scorer = scorer;
    this.k = k;
    this.scores = new float[scorer.numItems()];
  }

  /**
   * Scores the customer {@code row} (the layout of {@link Rows}: customer, items, weights, …) and
   * gives her list to {@code sink}, best first.
   */
  public void rank(Row row, Sink sink) {
    int[] items = Rows.items(row);
    scorer.scoreProfile(items, Rows.weights(row), scores);
    for (int i : items) {
      scores[i] = Float.NEGATIVE_INFINITY;
    }
    int[] top = TopK.select(scores, k);
    for (int r = 0; r < top.length; r++) {
      sink.accept(r + 1, scorer.items().id(top[r]), scores[top[r]]);
    }
  }
}
