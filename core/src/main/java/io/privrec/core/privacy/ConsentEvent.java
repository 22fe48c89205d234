package io.privrec.core.privacy;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.time.Instant;

/**
 * One recorded consent decision: a customer granted or withdrew one purpose.
 *
 * @param sequence the register's change number, {@code >= 1}, increasing by one per change
 * @param customerId the customer (non-blank, at most 1024 chars)
 * @param purpose what the decision is about
 * @param status granted or withdrawn
 * @param at when the decision was made (as reported by the caller or the register's clock)
 * @param source where it came from, e.g. {@code "web-banner"} or {@code "support-ticket-123"}
 *     (non-blank, at most 1024 chars)
 */
public record ConsentEvent(long sequence, String customerId, Purpose purpose, ConsentStatus status, Instant at, String source) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if {@code sequence < 1} or a text is blank or too long
   * @throws NullPointerException if a component is null
   */
  public ConsentEvent {
    CorePreconditions.checkPositive("sequence", sequence);
    CorePreconditions.checkText("customerId", customerId);
    requireNonNull(purpose, "purpose");
    requireNonNull(status, "status");
    requireNonNull(at, "at");
    CorePreconditions.checkText("source", source);
  }

  /** True if this decision allows its purpose. */
  public boolean granted() {
    return status == ConsentStatus.GRANTED;
  }

  /**
   * Shows every component except the customer id, which is private (events end up in logs and
   * error messages); use {@link #customerId()} to read it.
   */
  @Override
  public String toString() {
    return "ConsentEvent[sequence=" + sequence + ", customerId=<hidden>, purpose=" + purpose + ", status=" + status
        + ", at=" + at + ", source=" + source + "]";
  }
}
