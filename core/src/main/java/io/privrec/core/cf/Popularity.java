package io.privrec.core.cf;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.Params;
import java.util.Map;

/**
 * The most-popular baseline: every item is scored by the number of distinct users who interacted
 * with it in the training data (weights ignored), the same for every user and visitor; the facade
 * then removes what the user has already seen.
 *
 * <p>No hyperparameters. Fit cost O(interactions); scoring O(items). Immutable and thread-safe.
 */
public final class Popularity implements Algorithm {

  private Popularity() {}

  /** Creates the algorithm. */
  public static Popularity create() {
    return new Popularity();
  }

  /** Factory for {@link io.privrec.core.model.Algorithms}: accepts no parameters. */
  public static Algorithm fromParams(Params params) {
    return create();
  }

  @Override
  public String name() {
    return "popularity";
  }

  @Override
  public Map<String, String> parameters() {
    return Map.of();
  }

  @Override
  public ItemScorer fit(InteractionMatrix train, FitListener listener) {
    int[] counts = train.itemCounts();
    float[] scores = new float[counts.length];
    for (int i = 0; i < counts.length; i++) {
      scores[i] = counts[i];
    }
    listener.progress("counted items", 1.0);
    return new Scorer(scores);
  }

  /** Scores every item by its popularity; immutable. */
  private static final class Scorer implements ItemScorer {
    private final float[] popularity;

    Scorer(float[] popularity) {
      this.popularity = popularity;
    }

    @Override
    public int numItems() {
      return popularity.length;
    }

    @Override
    public void scoreUser(int user, float[] scores) {
      System.arraycopy(popularity, 0, scores, 0, popularity.length);
    }

    @Override
    public void scoreProfile(int[] items, float[] weights, float[] scores) {
      System.arraycopy(popularity, 0, scores, 0, popularity.length);
    }
  }
}
