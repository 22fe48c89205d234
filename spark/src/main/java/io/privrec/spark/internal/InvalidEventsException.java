package io.privrec.spark.internal;

/**
 * Thrown inside a Spark task for events that cannot be used (a null or malformed customer id, a
 * null or non-finite weight, a null timestamp, a repeated pair under {@code REJECT}); the driver
 * rethrows its message as an {@link IllegalArgumentException}. Messages name the column and the
 * rule, never a customer or item id.
 */
public final class InvalidEventsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}. */
  public InvalidEventsException(String message) {
    super(message);
  }

  /**
   * The {@link InvalidEventsException} that made the Spark job behind {@code failure} fail, or
   * null: the first one in the cause chain or, since Spark does not always keep the task's
   * exception as the cause, one rebuilt from the first message of the chain that quotes it.
   */
  public static InvalidEventsException find(Throwable failure) {
    String quoted = InvalidEventsException.class.getName() + ": ";
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InvalidEventsException e) {
        return e;
      }
      String message = t.getMessage();
      int at = message == null ? -1 : message.indexOf(quoted);
      if (at >= 0) {
        int from = at + quoted.length();
        int end = message.indexOf('\n', from);
        // Spark 4 quotes a failed SQL function's exception inside its own message, followed by
        // ". SQLSTATE: <code>"; that suffix is Spark's, not part of the quoted message.
        String quotedMessage = message.substring(from, end < 0 ? message.length() : end).strip();
        return new InvalidEventsException(quotedMessage.replaceFirst("\\. SQLSTATE: [0-9A-Z]{5}$", ""));
      }
    }
    return null;
  }

  /**
   * Throws {@code failure} as it is, checked or not (Spark's job failures are checked exceptions
   * that its Scala API does not declare). Declared to return an exception so that callers can
   * write {@code throw rethrow(e)}; it never returns.
   */
  public static RuntimeException rethrow(Throwable failure) {
    throw InvalidEventsException.<RuntimeException>sneaky(failure);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable failure) throws T {
    throw (T) failure;
  }
}
