package io.privrec.dp.kanon;

import static java.util.Objects.requireNonNull;

import io.privrec.dp.kanon.internal.Column;
import io.privrec.dp.kanon.internal.Delimited;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable table of records with named, typed columns ({@link ColumnType}): the input of the
 * anonymisation operators and the form of their output.
 *
 * <p>Cells are stored as text exactly as read, so that generalisation hierarchies (which are
 * string-based, as in ARX's CSV format) match them; {@link #value(int, int)} parses a cell according
 * to its column type. An empty cell is a missing value ({@code value} returns {@code null}).
 * Attribute roles (identifying, quasi-identifying, sensitive, insensitive) are not part of the
 * table; they are declared on {@link Anonymizer.Builder}.
 *
 * <p>Thread-safety: immutable, safe for concurrent use.
 */
public final class Table {
  private final List<String> names;
  private final ColumnType[] types;
  private final Column[] columns;
  private final Map<String, Integer> index;

  private Table(List<String> names, ColumnType[] types, String[][] cells) {
    this(names, types, encode(cells), true);
  }

  private static Column[] encode(String[][] cells) {
    Column[] out = new Column[cells.length];
    for (int c = 0; c < cells.length; c++) {
      out[c] = Column.of(cells[c]);
    }
    return out;
  }

  /**
   * @param check validate every distinct cell against its column type (not needed for columns an
   *     anonymiser derived from a validated table)
   */
  private Table(List<String> names, ColumnType[] types, Column[] columns, boolean check) {
    this.names = List.copyOf(names);
    this.types = types;
    this.columns = columns;
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (idx.put(names.get(i), i) != null) {
        throw new IllegalArgumentException("column names must be unique. Duplicate: '" + names.get(i) + "'");
      }
    }
    this.index = idx;
    if (check) {
      for (int c = 0; c < types.length; c++) {
        Column column = columns[c];
        for (int v = 0; v < column.distinct(); v++) {
          if (column.value(v) == null) {
            throw new IllegalArgumentException("column '" + names.get(c) + "' contains null");
          }
        }
        // Codes number values in order of first appearance: check each value at its first row.
        for (int r = 0, seen = 0; r < column.size() && seen < column.distinct(); r++) {
          if (column.code(r) == seen) {
            checkCell(types[c], names.get(c), r, column.value(seen));
            seen++;
          }
        }
      }
    }
  }

  /** Starts a table; declare its columns with {@link Builder#column}, then add rows. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a delimited text file (UTF-8) whose first line is the header, inferring each column's
   * type: {@link ColumnType#INTEGER} if every non-empty cell is an integer, else {@link
   * ColumnType#DECIMAL} if every one is a finite number, else {@link ColumnType#DATE} if every one
   * is an ISO date, else {@link ColumnType#STRING}. Fields may be quoted with {@code "}.
   *
   * @throws IllegalArgumentException for a malformed file (no header, a row with the wrong number of
   *     fields, an unterminated quote), naming the line
   * @throws IOException if the file cannot be read
   */
  public static Table readDelimited(Path file, char separator) throws IOException {
    return readDelimited(file, separator, Map.of());
  }

  /**
   * Reads a delimited text file (UTF-8, header line first) with the given column types; columns
   * not in {@code types} are inferred as in {@link #readDelimited(Path, char)}.
   *
   * @throws IllegalArgumentException for a malformed file, a type for an unknown column, or a cell
   *     that does not parse as its column's type (naming column, row and value)
   * @throws IOException if the file cannot be read
   */
  public static Table readDelimited(Path file, char separator, Map<String, ColumnType> types)
      throws IOException {
    requireNonNull(file, "file");
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return readDelimited(reader, separator, types);
    }
  }

  /**
   * Reads delimited text (header line first) from {@code reader}, which is not closed.
   *
   * @see #readDelimited(Path, char, Map)
   */
  public static Table readDelimited(Reader reader, char separator, Map<String, ColumnType> types)
      throws IOException {
    requireNonNull(reader, "reader");
    requireNonNull(types, "types");
    List<String[]> rows = Delimited.parse(reader, separator);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("delimited input must have a header line; it is empty");
    }
    String[] header = rows.get(0);
    List<String> names = Arrays.asList(header);
    for (String t : types.keySet()) {
      if (!names.contains(t)) {
        throw new IllegalArgumentException("types names unknown column '" + t + "'. Columns: " + names);
      }
    }
    int n = rows.size() - 1;
    String[][] cells = new String[header.length][n];
    for (int r = 0; r < n; r++) {
      String[] row = rows.get(r + 1);
      if (row.length != header.length) {
        throw new IllegalArgumentException(
            "line " + (r + 2) + " has " + row.length + " fields, the header has " + header.length);
      }
      for (int c = 0; c < header.length; c++) {
        cells[c][r] = row[c];
      }
    }
    Column[] columns = encode(cells);
    ColumnType[] colTypes = new ColumnType[header.length];
    for (int c = 0; c < header.length; c++) {
      ColumnType given = types.get(header[c]);
      String[] distinct = new String[columns[c].distinct()];
      for (int v = 0; v < distinct.length; v++) {
        distinct[v] = columns[c].value(v);
      }
      colTypes[c] = given != null ? given : infer(distinct);
    }
    return new Table(names, colTypes, columns, true);
  }

  private static ColumnType infer(String[] column) {
    boolean integer = true;
    boolean decimal = true;
    boolean date = true;
    boolean any = false;
    for (String s : column) {
      if (s.isEmpty()) {
        continue;
      }
      any = true;
      if (integer && parseLong(s) == null) {
        integer = false;
      }
      if (decimal && parseDouble(s) == null) {
        decimal = false;
      }
      if (date && parseDate(s) == null) {
        date = false;
      }
      if (!integer && !decimal && !date) {
        return ColumnType.STRING;
      }
    }
    if (!any) {
      return ColumnType.STRING;
    }
    return integer ? ColumnType.INTEGER : decimal ? ColumnType.DECIMAL : date ? ColumnType.DATE : ColumnType.STRING;
  }

  private static Long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Double parseDouble(String s) {
    try {
      double d = Double.parseDouble(s.trim());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static LocalDate parseDate(String s) {
    try {
      return LocalDate.parse(s.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static void checkCell(ColumnType type, String column, int row, String cell) {
    if (cell == null) {
      throw new IllegalArgumentException("cell of column '" + column + "' row " + row + " is null");
    }
    if (cell.isEmpty() || type == ColumnType.STRING) {
      return;
    }
    if (parse(type, cell) == null) {
      // The cell is a record's value (private): not quoted.
      throw new IllegalArgumentException("column '" + column + "' is " + type + " but row " + row
          + " holds a value that is not one (not quoted)");
    }
  }

  private static Object parse(ColumnType type, String cell) {
    switch (type) {
      case INTEGER:
        return parseLong(cell);
      case DECIMAL:
        return parseDouble(cell);
      case DATE:
        return parseDate(cell);
      default:
        return cell;
    }
  }

  /** Number of records (rows); may be 0. */
  public int rowCount() {
    return columns.length == 0 ? 0 : columns[0].size();
  }

  /** Number of columns (at least 1). */
  public int columnCount() {
    return names.size();
  }

  /** The column names in order (unmodifiable). */
  public List<String> columnNames() {
    return names;
  }

  /**
   * The index of column {@code name}.
   *
   * @throws IllegalArgumentException if there is no such column
   */
  public int columnIndex(String name) {
    requireNonNull(name, "name");
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException("unknown column '" + name + "'. Columns: " + names);
    }
    return i;
  }

  /** The type of column {@code column} (an index in {@code [0, columnCount())}). */
  public ColumnType type(int column) {
    return types[checkColumn(column)];
  }

  /** The type of the named column. */
  public ColumnType type(String name) {
    return types[columnIndex(name)];
  }

  /** The cell text as read (empty for a missing value). */
  public String text(int row, int column) {
    return columns[checkColumn(column)].text(checkRow(row));
  }

  /**
   * The parsed cell: a {@link String}, {@link Long}, {@link Double} or {@link LocalDate} by column
   * type, or {@code null} for a missing (empty) cell.
   */
  public Object value(int row, int column) {
    String s = text(row, column);
    return s.isEmpty() ? null : parse(types[column], s);
  }

  /**
   * The cell as a number: integers and decimals as themselves, dates as days since 1970-01-01.
   *
   * @throws IllegalArgumentException if the column is a string column or the cell is missing
   */
  public double number(int row, int column) {
    Object v = value(row, column);
    if (v == null) {
      throw new IllegalArgumentException("column '" + names.get(column) + "' row " + row + " is missing");
    }
    if (v instanceof Long) {
      return (Long) v;
    }
    if (v instanceof Double) {
      return (Double) v;
    }
    if (v instanceof LocalDate) {
      return ((LocalDate) v).toEpochDay();
    }
    throw new IllegalArgumentException("column '" + names.get(column) + "' is STRING, not numeric");
  }

  /** The texts of one column (unmodifiable, row order). */
  public List<String> column(String name) {
    Column c = columns[columnIndex(name)];
    return new java.util.AbstractList<String>() {
      @Override
      public String get(int r) {
        return c.text(r);
      }

      @Override
      public int size() {
        return c.size();
      }
    };
  }

  /**
   * Writes the table as delimited text with a header line, quoting fields that contain the
   * separator, a quote or a line break.
   *
   * @throws IOException if writing fails
   */
  public void writeDelimited(Appendable out, char separator) throws IOException {
    requireNonNull(out, "out");
    Delimited.writeRow(out, names.toArray(new String[0]), separator);
    String[] row = new String[names.size()];
    for (int r = 0; r < rowCount(); r++) {
      for (int c = 0; c < row.length; c++) {
        row[c] = columns[c].text(r);
      }
      Delimited.writeRow(out, row, separator);
    }
  }

  /** Writes the table to {@code file} (UTF-8); see {@link #writeDelimited(Appendable, char)}. */
  public void writeDelimited(Path file, char separator) throws IOException {
    requireNonNull(file, "file");
    try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeDelimited(w, separator);
    }
  }

  /** Internal: wraps already validated column arrays without copying. */
  static Table wrap(List<String> names, ColumnType[] types, Column[] columns) {
    return new Table(names, types, columns, false);
  }

  /** Internal: the dictionary-encoded column. */
  Column columnData(int column) {
    return columns[column];
  }

  private int checkColumn(int column) {
    if (column < 0 || column >= names.size()) {
      throw new IllegalArgumentException("column must be in [0, " + names.size() + "). Provided value: " + column);
    }
    return column;
  }

  private int checkRow(int row) {
    if (row < 0 || row >= rowCount()) {
      throw new IllegalArgumentException("row must be in [0, rowCount()). Provided value: " + row);
    }
    return row;
  }

  @Override
  public String toString() {
    return "Table" + names + " (" + rowCount() + " rows)";
  }

  /**
   * Accumulates rows of a {@link Table}. Not thread-safe; {@link #build()} may be called more than
   * once.
   */
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private final List<ColumnType> types = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    private Builder() {}

    /**
     * Declares the next column.
     *
     * @throws IllegalArgumentException if the name is empty or already declared
     * @throws IllegalStateException if rows were already added
     */
    public Builder column(String name, ColumnType type) {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
      if (!rows.isEmpty()) {
        throw new IllegalStateException("columns must be declared before the first row");
      }
      if (name.isEmpty() || names.contains(name)) {
        throw new IllegalArgumentException("column name must be non-empty and unique. Provided value: '" + name + "'");
      }
      names.add(name);
      types.add(type);
      return this;
    }

    /**
     * Adds one record. Values may be {@link String}s (parsed per column type) or {@link Long},
     * {@link Integer}, {@link Double}, {@link java.time.LocalDate}; {@code null} is a missing value.
     *
     * @throws IllegalArgumentException for the wrong number of values or a value of the wrong type
     *     (the builder is unchanged)
     */
    public Builder addRow(Object... values) {
      requireNonNull(values, "values");
      if (names.isEmpty()) {
        throw new IllegalStateException("declare columns before adding rows");
      }
      if (values.length != names.size()) {
        throw new IllegalArgumentException("row must have " + names.size() + " values. Provided: " + values.length);
      }
      String[] row = new String[values.length];
      for (int c = 0; c < values.length; c++) {
        Object v = values[c];
        if (v instanceof Double && !Double.isFinite((Double) v)) {
          throw new IllegalArgumentException("column '" + names.get(c) + "' value must be finite. Provided value: " + v);
        }
        row[c] = v == null ? "" : v.toString();
        checkCell(types.get(c), names.get(c), rows.size(), row[c]);
      }
      rows.add(row);
      return this;
    }

    /** Builds the table. */
    public Table build() {
      if (names.isEmpty()) {
        throw new IllegalStateException("a table needs at least one column");
      }
      String[][] cells = new String[names.size()][rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; c < names.size(); c++) {
          cells[c][r] = rows.get(r)[c];
        }
      }
      return new Table(names, types.toArray(new ColumnType[0]), cells);
    }
  }
}
