package io.privrec.core.data;

/**
 * What an {@link InteractionMatrix.Builder} does when the same (user, item) pair occurs in more
 * than one event.
 */
public enum DuplicatePolicy {
  /** Add the weights (e.g. repeated views count more). The pair keeps the latest timestamp. */
  SUM,
  /** Keep the largest weight and its timestamp (earliest such event on ties). */
  MAX,
  /** Keep the weight of the event with the latest timestamp (last added on equal timestamps). */
  LATEST,
  /** Reject the data: a repeated pair is an error naming the user, the item and both events. */
  REJECT
}
