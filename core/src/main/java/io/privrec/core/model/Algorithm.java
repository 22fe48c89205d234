package io.privrec.core.model;

import io.privrec.core.data.InteractionMatrix;
import java.util.Map;

/**
 * A configured recommendation algorithm: fits an {@link ItemScorer} on interaction data.
 *
 * <p>Obtain instances by name from {@code io.privrec.core.cf.Algorithms.create}. Instances are
 * immutable and thread-safe; each {@link #fit} call is independent.
 */
public interface Algorithm {

  /** The algorithm's name as used on the command line, e.g. {@code popularity}. */
  String name();

  /** The effective hyperparameters (defaults filled in), for reports and privacy notices. */
  Map<String, String> parameters();

  /**
   * Fits a model.
   *
   * @param train training interactions; the model scores {@code train.numItems()} items
   * @param listener progress receiver, {@link FitListener#NONE} for none
   * @throws IllegalArgumentException if the data does not suit the algorithm (e.g. too many items)
   */
  ItemScorer fit(InteractionMatrix train, FitListener listener);
}
