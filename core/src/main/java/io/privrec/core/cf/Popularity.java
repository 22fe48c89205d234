package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.Params;
import java.util.Arrays;
import java.util.Map;

/**
 * The most-popular baseline: every item is scored by the number of distinct users who interacted
 * with it in the training data (weights ignored), the same for every user and visitor; the facade
 * then removes what the user has already seen.
 *
 * <p>No hyperparameters. Fit cost O(interactions); scoring O(items); erasing users costs
 * O(their interactions) ({@link Model#withoutUsers}). Immutable and thread-safe.
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
  public Model fit(InteractionMatrix train, FitListener listener) {
    Model model = new Model(train.itemCounts());
    listener.progress("counted items", 1.0);
    return model;
  }

  /**
   * A fitted popularity model: scores every item by its number of distinct training users.
   * Immutable and thread-safe.
   */
  public static final class Model implements ItemScorer {
    private final int[] counts;
    private final float[] popularity;

    private Model(int[] counts) {
      this.counts = counts;
      this.popularity = new float[counts.length];
      for (int i = 0; i < counts.length; i++) {
        popularity[i] = counts[i];
      }
    }

    @Override
    public int numItems() {
      return popularity.length;
    }

    /**
     * Number of training users who interacted with {@code item}.
     *
     * @throws IndexOutOfBoundsException if {@code item} is out of range
     */
    public int count(int item) {
      return counts[item];
    }

    /**
     * The model fitted on {@code training} without the rows of {@code users}: their items' counts
     * are decremented, in time proportional to their interactions. Counts are integers, so the
     * result is exactly (bit for bit) the model fitted without them. The receiver is unchanged.
     *
     * @param training the data this model was fitted on
     * @param users distinct user indices of {@code training}
     * @throws IllegalArgumentException if {@code training} has another number of items, a user
     *     repeats, or a count would become negative (the model was not fitted on {@code training})
     * @throws IndexOutOfBoundsException if a user is out of range
     */
    public Model withoutUsers(InteractionMatrix training, int... users) {
      requireNonNull(training, "training");
      requireNonNull(users, "users");
      if (training.numItems() != counts.length) {
        throw new IllegalArgumentException("training must have numItems() = " + counts.length + ". Provided value: "
            + training.numItems());
      }
      int[] sorted = users.clone();
      Arrays.sort(sorted);
      for (int k = 0; k < sorted.length; k++) {
        if (sorted[k] < 0 || sorted[k] >= training.numUsers()) {
          throw new IndexOutOfBoundsException("user must be in [0, " + training.numUsers() + "). Provided value: "
              + sorted[k]);
        }
        if (k > 0 && sorted[k] == sorted[k - 1]) {
          throw new IllegalArgumentException("users contains user index " + sorted[k] + " more than once");
        }
      }
      int[] updated = counts.clone();
      for (int u : sorted) {
        for (int p = training.rowStart(u); p < training.rowEnd(u); p++) {
          if (--updated[training.itemAt(p)] < 0) {
            throw new IllegalArgumentException("user " + u + "'s interactions are not part of the data this model"
                + " was fitted on: item " + training.itemAt(p) + " would have a negative count");
          }
        }
      }
      return new Model(updated);
    }

    public void scoreUser(int user, float[] scores) {
      System.arraycopy(popularity, 0, scores, 0, popularity.length);
    }

    @Override
    public void scoreProfile(int[] items, float[] weights, float[] scores) {
      System.arraycopy(popularity, 0, scores, 0, popularity.length);
    }
  }
}
