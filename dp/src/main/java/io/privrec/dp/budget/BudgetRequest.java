package io.privrec.dp.budget;

import io.privrec.dp.internal.DpPreconditions;

/**
 * One labelled request in a batch passed to {@link PrivacyAccountant#allocateAll(java.util.List)}.
 *
 * @param label a non-blank description of the release, recorded in the ledger and quoted in
 *     budget refusals: build it from configuration only (mechanism, parameters, fixed names),
 *     never from the data (no ids, values or counts)
 * @param cost the release's privacy cost
 */
public record BudgetRequest(String label, PrivacyCost cost) {

  /**
   * Validates the components.
   *
   * @throws NullPointerException if {@code label} or {@code cost} is null
   * @throws IllegalArgumentException if {@code label} is blank
   */
  public BudgetRequest {
    DpPreconditions.checkLabel("label", label);
    DpPreconditions.checkNotNull(cost, "cost");
  }

  /** Returns the request ({@code label}, {@code cost}). */
  public static BudgetRequest of(String label, PrivacyCost cost) {
    return new BudgetRequest(label, cost);
  }
}
