package io.privrec.core.data;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.nio.file.Path;

/**
 * A data file line that cannot be read as an interaction: wrong number of columns, a cell that is
 * not a number, a NaN, infinite, zero or negative weight, an empty id, an unparsable time, or a
 * header without a required column.
 *
 * <p>The message names the file, the 1-based line and, when one cell is at fault, the 1-based
 * column and its name, e.g. {@code ratings.csv, line 17, column 3 (rating): weight must be finite
 * and > 0. Provided value: -1}. Immutable.
 */
public final class MalformedDataException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** @serial the file being read */
  private final String file;
  /** @serial 1-based line number */
  private final long line;
  /** @serial 1-based column number, 0 when the whole line is at fault */
  private final int column;
  /** @serial what is wrong, without the location */
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param file the file being read
   * @param line 1-based line number, {@code >= 1}
   * @param column 1-based column number, or 0 when the problem concerns the whole line
   * @param columnName name of the column (used in the message when {@code column > 0}), may be
   *     empty
   * @param reason what is wrong with the line or cell
   * @throws IllegalArgumentException if {@code line < 1} or {@code column < 0}
   */
  public MalformedDataException(Path file, long line, int column, String columnName, String reason) {
    super(format(file, line, column, columnName, reason));
    this.file = file.toString();
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  private static String format(Path file, long line, int column, String columnName, String reason) {
    requireNonNull(file, "file");
    requireNonNull(columnName, "columnName");
    requireNonNull(reason, "reason");
    CorePreconditions.checkPositive("line", line);
    CorePreconditions.checkNonNegative("column", column);
    StringBuilder s = new StringBuilder().append(file).append(", line ").append(line);
    if (column > 0) {
      s.append(", column ").append(column);
      if (!columnName.isEmpty()) {
        s.append(" (").append(columnName).append(')');
      }
    }
    return s.append(": ").append(reason).toString();
  }

  /** The file being read, as given by the caller. */
  public Path file() {
    return Path.of(file);
  }

  /** The 1-based line number. */
  public long line() {
    return line;
  }

  /** The 1-based column number, or 0 when the whole line is at fault (e.g. wrong column count). */
  public int column() {
    return column;
  }

  /** What is wrong, without the file/line/column prefix. */
  public String reason() {
    return reason;
  }
}
