package io.privrec.dp.kanon;

/**
 * The type of a {@link Table} column. Cells are kept as text (as read); the type says how a
 * non-empty cell is parsed by {@link Table#value(int, int)} and whether a column can be split
 * numerically by Mondrian.
 *
 * <ul>
 *   <li>{@link #STRING}: any text.
 *   <li>{@link #INTEGER}: a {@code long} in decimal notation, e.g. {@code 39}.
 *   <li>{@link #DECIMAL}: a finite {@code double}, e.g. {@code 1.75}; NaN and infinities are rejected.
 *   <li>{@link #DATE}: an ISO-8601 local date {@code yyyy-MM-dd}.
 * </ul>
 *
 * An empty cell is a missing value in every type.
 */
public enum ColumnType {
  /** Free text. */
  STRING,
  /** Whole numbers ({@code long}). */
  INTEGER,
  /** Finite decimal numbers ({@code double}). */
  DECIMAL,
  /** ISO-8601 dates ({@code yyyy-MM-dd}). */
  DATE;

  /** True for types with a natural numeric order usable by Mondrian (integers, decimals, dates). */
  public boolean isNumeric() {
    return this != STRING;
  }
}
