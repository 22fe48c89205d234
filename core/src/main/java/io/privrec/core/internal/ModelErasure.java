package io.privrec.core.internal;

import io.privrec.core.model.ModelUpdate;
import io.privrec.core.cf.EaseModel;
import io.privrec.core.cf.Ials;
import io.privrec.core.cf.ItemKnnModel;
import io.privrec.core.cf.Popularity;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.PrivateAlgorithm;

/**
 * Brings a fitted model up to date after customers were erased from its training data. Not API.
 *
 * <p>Exact for popularity (counts decremented), item-kNN (co-occurrence statistics decremented),
 * EASE (inverse downdated, up to single-precision rounding; see {@link EaseModel#withoutUsers}) and
 * every model refitted from scratch; approximate for iALS (item factors re-solved
 * without them in one exact half-step); unchanged for differentially private models.
 */
public final class ModelErasure {

  /** The updated model and how it was updated. */
  public record Result(ItemScorer model, ModelUpdate update) {}

  private ModelErasure() {}

  /**
   * Updates {@code model} for the removal of {@code users}.
   *
   * @param algorithm the algorithm that fitted {@code model}
   * @param model the fitted model
   * @param before the training data the model was fitted on
   * @param after the same data without the erased users' interactions
   * @param users the erased user indices (distinct)
   */
  public static Result forget(Algorithm algorithm, ItemScorer model, InteractionMatrix before, InteractionMatrix after,
      int[] users) {
    if (algorithm instanceof PrivateAlgorithm) {
      return new Result(model, ModelUpdate.RELEASE_KEPT);
    }
    if (model instanceof Popularity.Model) {
      return new Result(((Popularity.Model) model).withoutUsers(before, users), ModelUpdate.EXACT);
    }
    if (model instanceof ItemKnnModel) {
      return new Result(((ItemKnnModel) model).withoutUsers(users), ModelUpdate.EXACT);
    }
    if (model instanceof Ials.Model) {
      return new Result(((Ials.Model) model).withoutUsers(users, before), ModelUpdate.APPROXIMATE_RETRAIN_RECOMMENDED);
    }
    if (model instanceof EaseModel) {
      return new Result(((EaseModel) model).withoutUsers(users), ModelUpdate.EXACT);
    }
    // Any other model: refit without them (exact by construction).
    return new Result(algorithm.fit(after, FitListener.NONE), ModelUpdate.EXACT);
  }
}
