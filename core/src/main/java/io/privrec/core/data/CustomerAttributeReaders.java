package io.privrec.core.data;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads customer attribute files into {@link CustomerAttributes}, line by line.
 *
 * <h2>Formats</h2>
 * <ul>
 *   <li>{@link #movieLensUsers}: MovieLens 100K {@code u.user}, {@code user id|age|gender|occupation|zip
 *       code}, no header, ISO-8859-1.
 *   <li>{@link #readDelimited}: any delimited file (CSV, TSV, ...) whose first column is the
 *       customer id and whose further columns are attributes, UTF-8.
 * </ul>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Every non-blank line has the same number of columns; blank lines (empty or whitespace
 *       only) are skipped. Line ends are LF or CRLF.
 *   <li><b>Ids</b> are taken verbatim (no trimming), so they join with the ids of the
 *       {@link InteractionReaders}; they must be non-empty, unique and free of NUL, CR and TAB (the
 *       rule of the interaction readers: tools built on them write TAB-separated outputs).
 *   <li><b>Values</b> are taken verbatim; an empty cell is the empty string (an unknown value) and
 *       is kept. A value must not contain NUL or CR.
 * </ul>
 *
 * <p>The first bad line throws a {@link MalformedDataException} naming the file, the 1-based line,
 * the column when one cell is at fault, and the rule broken; it never quotes a cell (a shifted
 * column may hold a customer id). Stateless and thread-safe.
 */
public final class CustomerAttributeReaders {
  /** The column names of {@link #movieLensUsers}, in order. */
  public static final List<String> MOVIELENS_USER_ATTRIBUTES = List.of("age", "gender", "occupation", "zip");

  private CustomerAttributeReaders() {}

  /**
   * Reads MovieLens 100K {@code u.user} ({@code user id|age|gender|occupation|zip code}, '|'
   * separated, no header; the file is ASCII and read as ISO-8859-1, as MovieLens 100K's other
   * files, so no byte can fail to decode). The attributes are {@link #MOVIELENS_USER_ATTRIBUTES}
   * ({@code age}, {@code gender}, {@code occupation}, {@code zip}), all strings:
   * <ul>
   *   <li>{@code age} must be a non-empty run of ASCII digits (years, e.g. {@code "24"}) and is
   *       kept as that string, not parsed: generalising ages into ranges is a hierarchy's job;
   *   <li>{@code zip} carries the hierarchy {@link AttributeHierarchy#prefixes(int...)
   *       prefixes(3, 1)} ({@code 85711} → {@code 857**} → {@code 8****} → {@code *}); the file
   *       also holds Canadian codes such as {@code T8H1N}, generalised the same way;
   *   <li>{@code gender} and {@code occupation} are taken verbatim, without hierarchy.
   * </ul>
   * The user ids are those of {@code u.data} as read by {@link InteractionReaders#movieLens100k}.
   *
   * @param uUser the {@code u.user} file
   * @return the table, in file order
   * @throws MalformedDataException naming the file and line for a line without exactly 5 fields,
   *     an empty, repeated or invalid id, an age that is not digits, or a value holding NUL or CR
   * @throws NoSuchFileException if the file does not exist
   * @throws IOException if the file cannot be read
   */
  public static CustomerAttributes movieLensUsers(Path uUser) throws IOException {
    Table t = read(uUser, '|', false, false, StandardCharsets.ISO_8859_1, MOVIELENS_USER_ATTRIBUTES.size() + 1);
    for (Map.Entry<String, List<String>> e : t.rows.entrySet()) {
      String age = e.getValue().get(0);
      if (!isDigits(age)) {
        throw new MalformedDataException(uUser, t.lines.get(e.getKey()), 2, "age",
            "age must be a whole number of years (ASCII digits only; the cell is not quoted)");
      }
    }
    return CustomerAttributes.of(MOVIELENS_USER_ATTRIBUTES, t.rows)
        .withHierarchy("zip", AttributeHierarchy.prefixes(3, 1));
  }

  /**
   * Reads a delimited customer attribute file (UTF-8; a leading byte-order mark is skipped). The
   * first column is the customer id, every further column an attribute.
   *
   * <p>With {@code header}, the first non-blank line names the columns: the first name (the id
   * column's) is ignored, the others, stripped of surrounding whitespace, become the attribute
   * names and must be non-blank and distinct. Without a header the attributes are named after
   * their 1-based column numbers: {@code column2}, {@code column3}, ...
   *
   * <p>A cell that starts with a double quote is a quoted cell, whatever the separator: it ends at
   * the next lone quote, which must be followed by the separator or the end of the line, and
   * {@code ""} inside it is one quote; so a quoted cell may hold the separator. A cell cannot span
   * lines. Other cells are taken verbatim, spaces included.
   *
   * @param file the file
   * @param separator the column separator, e.g. {@code ','}, {@code ';'}, {@code '\t'},
   *     {@code '|'}; not a double quote, CR, LF or NUL
   * @param header whether the first non-blank line holds column names
   * @return the table, in file order, without hierarchies
   * @throws IllegalArgumentException if {@code separator} is not allowed
   * @throws MalformedDataException naming the file, line and rule for a line with a different
   *     number of columns than the first, fewer than 2 columns, an empty, repeated or invalid id, a
   *     cell holding NUL or CR, a bad quote, bytes that are not UTF-8, or a bad header name
   * @throws NoSuchFileException if the file does not exist
   * @throws IOException if the file cannot be read
   */
  public static CustomerAttributes readDelimited(Path file, char separator, boolean header) throws IOException {
    if (separator == '"' || separator == '\r' || separator == '\n' || separator == '\0') {
      throw CorePreconditions.fail("separator", "must not be a double quote, CR, LF or NUL",
          "U+" + String.format("%04X", (int) separator));
    }
    Table t = read(file, separator, true, header, StandardCharsets.UTF_8, -1);
    return CustomerAttributes.of(t.names, t.rows);
  }

  /** Rows in file order, the line of each row, and the attribute names (from the header or generated). */
  private static final class Table {
    final Map<String, List<String>> rows = new LinkedHashMap<>();
    final Map<String, Long> lines = new HashMap<>();
    List<String> names;
  }

  /**
   * Reads {@code file}. {@code columns} is the required number of columns, or -1 to take it from
   * the first non-blank line.
   */
  private static Table read(Path file, char separator, boolean quoted, boolean header, Charset charset,
      int columns) throws IOException {
    requireNonNull(file, "file");
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "customer attribute file not found (absolute path: "
          + file.toAbsolutePath() + ")");
    }
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, expected a customer attribute file");
    }
    Table t = new Table();
    try (LineReader in = new LineReader(file, charset)) {
      String line;
      boolean first = true;
      while ((line = in.next()) != null) {
        long lineNo = in.lineNumber();
        if (line.isBlank()) {
          continue;
        }
        List<String> cells = split(file, lineNo, line, separator, quoted);
        if (columns < 0) {
          columns = cells.size();
          if (columns < 2) {
            throw new MalformedDataException(file, lineNo, 0, "", "expected at least 2 columns (customer id and one"
                + " attribute) separated by " + describe(separator) + ", found " + columns);
          }
        } else if (cells.size() != columns) {
          throw new MalformedDataException(file, lineNo, 0, "", "expected " + columns + " columns separated by "
              + describe(separator) + (first ? "" : " (as on the first line)") + ", found " + cells.size());
        }
        if (first) {
          first = false;
          t.names = new ArrayList<>();
          if (header) {
            for (int c = 1; c < cells.size(); c++) {
              String name = cells.get(c).strip();
              String problem = CustomerAttributes.checkName(name);
              if (problem == null && t.names.contains(name)) {
                problem = "name repeats column " + (t.names.indexOf(name) + 2) + " (names must be distinct)";
              }
              if (problem != null) {
                throw new MalformedDataException(file, lineNo, c + 1, "", "header: attribute " + problem);
              }
              t.names.add(name);
            }
            continue;
          }
          for (int c = 2; c <= cells.size(); c++) {
            t.names.add("column" + c);
          }
        }
        String id = cells.get(0);
        if (id.isEmpty()) {
          throw new MalformedDataException(file, lineNo, 1, "id", "empty customer id");
        }
        for (int k = 0; k < id.length(); k++) {
          char c = id.charAt(k);
          if (c == '\0' || c == '\t' || c == '\r') {
            throw new MalformedDataException(file, lineNo, 1, "id", "customer id must not contain "
                + (c == '\0' ? "a NUL character" : c == '\t' ? "a TAB character" : "a CR character")
                + " (the id is not quoted)");
          }
        }
        for (int c = 1; c < cells.size(); c++) {
          if (CustomerAttributes.checkValue(cells.get(c)) != null) {
            throw new MalformedDataException(file, lineNo, c + 1, t.names.get(c - 1),
                "value must not contain NUL or CR characters (the cell is not quoted)");
          }
        }
        Long earlier = t.lines.putIfAbsent(id, lineNo);
        if (earlier != null) {
          throw new MalformedDataException(file, lineNo, 1, "id", "customer id repeats the id on line " + earlier
              + " (ids must be unique; the id is not quoted)");
        }
        t.rows.put(id, cells.subList(1, cells.size()));
      }
    }
    if (t.names == null) {
      if (columns < 0) {
        throw new MalformedDataException(file, 1, 0, "", header ? "the file is empty: expected a header line"
            : "the file is empty: cannot tell the number of columns");
      }
      t.names = new ArrayList<>();
    }
    return t;
  }

  private static List<String> split(Path file, long lineNo, String line, char separator, boolean quoted) {
    String[] cells = new String[16];
    try {
      int n = InteractionFileReader.split(line, separator, quoted, cells);
      if (n > cells.length) {
        cells = new String[n];
        InteractionFileReader.split(line, separator, quoted, cells);
      }
      return new ArrayList<>(Arrays.asList(cells).subList(0, n));
    } catch (InteractionFileReader.CellException e) {
      throw new MalformedDataException(file, lineNo, e.column + 1, "", e.getMessage());
    }
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String describe(char separator) {
    switch (separator) {
      case '\t':
        return "TAB";
      case ' ':
        return "space";
      default:
        return "'" + separator + "'";
    }
  }

  /**
   * Reads LF- or CRLF-terminated lines, decoding each strictly so an invalid byte sequence fails on
   * the line that holds it. A byte-order mark at the start of the first line is dropped. Not
   * thread-safe.
   */
  private static final class LineReader implements AutoCloseable {
    private final Path file;
    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private long lineNumber;

    LineReader(Path file, Charset charset) throws IOException {
      this.file = file;
      this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The 1-based number of the line last returned. */
    long lineNumber() {
      return lineNumber;
    }

    /** The next line without its line end, or {@code null} at the end of the file. */
    String next() throws IOException {
      buffer.reset();
      int b;
      boolean any = false;
      while ((b = in.read()) >= 0) {
        any = true;
        if (b == '\n') {
          break;
        }
        buffer.write(b);
      }
      if (!any) {
        return null;
      }
      lineNumber++;
      byte[] bytes = buffer.toByteArray();
      int n = bytes.length;
      if (n > 0 && bytes[n - 1] == '\r') {
        n--;
      }
      String line;
      try {
        line = decoder.decode(ByteBuffer.wrap(bytes, 0, n)).toString();
      } catch (CharacterCodingException e) {
        throw new MalformedDataException(file, lineNumber, 0, "", "bytes are not valid "
            + decoder.charset().name() + " (" + e.getMessage() + ")");
      }
      if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1);
      }
      return line;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
