package io.privrec.core;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.ModelUpdate;

/**
 * What {@link PrivateRecommender#forget} did: how many interactions were deleted, how the model
 * was updated, and the erasure proofs (pseudonymous JSON, no raw id) that the consent register
 * keeps. Immutable.
 *
 * @param customers number of customers erased, {@code >= 1}
 * @param interactionsRemoved interactions deleted, {@code >= 0}
 * @param modelUpdate how the model took the erasure into account
 * @param proofsJson a JSON array of the erasure proofs (empty array without a consent register)
 */
public record ErasureReceipt(int customers, long interactionsRemoved, ModelUpdate modelUpdate, String proofsJson) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if a count is out of range
   */
  public ErasureReceipt {
    CorePreconditions.checkPositive("customers", customers);
    CorePreconditions.checkNonNegative("interactionsRemoved", interactionsRemoved);
    requireNonNull(modelUpdate, "modelUpdate");
    requireNonNull(proofsJson, "proofsJson");
  }
}
