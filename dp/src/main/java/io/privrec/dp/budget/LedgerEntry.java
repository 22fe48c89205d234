package io.privrec.dp.budget;

import io.privrec.dp.internal.DpPreconditions;
import java.time.Instant;

/**
 * One spend recorded by a {@link PrivacyAccountant}. Immutable.
 *
 * @param sequence the position in the ledger, from 0, in allocation order
 * @param label the caller's description of the release
 * @param timestamp when the allocation was granted (the accountant's clock)
 * @param cost the cost charged; its {@link PrivacyCost#mechanism()} and {@link
 *     PrivacyCost#parameters()} describe the mechanism
 */
public record LedgerEntry(long sequence, String label, Instant timestamp, PrivacyCost cost) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if {@code sequence < 0} or {@code label} is blank
   * @throws NullPointerException if an object component is null
   */
  public LedgerEntry {
    DpPreconditions.checkNonNegative("sequence", sequence);
    DpPreconditions.checkLabel("label", label);
    DpPreconditions.checkNotNull(timestamp, "timestamp");
    DpPreconditions.checkNotNull(cost, "cost");
  }
}
