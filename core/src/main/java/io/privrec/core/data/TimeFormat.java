package io.privrec.core.data;

/**
 * How a time cell of a data file is turned into epoch seconds (UTC).
 */
public enum TimeFormat {
  /** An integer number of seconds since 1970-01-01T00:00:00Z, e.g. {@code 881250949}. */
  EPOCH_SECONDS,
  /** An ISO-8601 calendar date, e.g. {@code 2016-04-20}, read as midnight UTC of that day. */
  ISO_DATE,
  /**
   * An ISO-8601 date-time with offset ({@code 2016-04-20T10:15:30+02:00}, {@code ...Z}) or
   * without (read as UTC); fractions of a second are truncated.
   */
  ISO_DATE_TIME
}
