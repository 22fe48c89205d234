package io.privrec.dp.budget;

/**
 * Thrown when an allocation would take the spent privacy budget past the accountant's total. The
 * accountant records nothing for the failed request (all or nothing).
 */
public final class PrivacyBudgetExceededException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message describing the request and the budget. */
  public PrivacyBudgetExceededException(String message) {
    super(message);
  }
}
