package io.privrec.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.UnmappableCharacterException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Streams a delimited interaction file line by line into an {@link InteractionMatrix}. */
final class InteractionFileReader {

  /**
   * Where the cells are (0-based; -1 for none) and how many cells a line may have. A line with
   * fewer cells than {@code weight + 1} (allowed when {@code minColumns <= weight}) weighs 1.
   */
  static final class Layout {
    final char delimiter;
    final boolean quoted;
    final int minColumns;
    final int maxColumns;
    final int user;
    final int item;
    final int weight;
    final int time;
    final TimeFormat timeFormat;
    final String[] names;

    Layout(char delimiter, boolean quoted, int minColumns, int maxColumns, int user, int item, int weight, int time,
        TimeFormat timeFormat, String[] names) {
      this.delimiter = delimiter;
      this.quoted = quoted;
      this.minColumns = minColumns;
      this.maxColumns = maxColumns;
      this.user = user;
      this.item = item;
      this.weight = weight;
      this.time = time;
      this.timeFormat = timeFormat;
      this.names = names;
    }

    String columnsDescription() {
      return minColumns == maxColumns
          ? maxColumns + " columns " + Arrays.toString(names)
          : minColumns + " to " + maxColumns + " columns " + Arrays.toString(names);
    }
  }

  /** A problem in one cell or line, turned into a {@link MalformedDataException} by the caller. */
  static final class CellException extends Exception {
    private static final long serialVersionUID = 1L;
    /** @serial 0-based column, or -1 for the whole line */
    final int column;

    CellException(int column, String message) {
      super(message, null, false, false);
      this.column = column;
    }
  }

  private InteractionFileReader() {}

  /** Reads a file without header. */
  static ReadResult read(Path file, Layout layout, ReadOptions options) throws IOException {
    try (BufferedReader reader = open(file, options)) {
      return readData(file, reader, 0, layout, options);
    }
  }

  /** Reads a file whose first line is a header naming the columns of {@code format}. */
  static ReadResult read(Path file, DelimitedFormat format, ReadOptions options) throws IOException {
    try (BufferedReader reader = open(file, options)) {
      String header = readLine(file, reader, 0, options.charsetValue());
      if (header == null) {
        throw new MalformedDataException(file, 1, 0, "", "file is empty: expected a header line naming the columns");
      }
      List<String> cells = new ArrayList<>();
      try {
        String[] buffer = new String[1024];
        int n = split(header, format.delimiter(), format.quoted(), buffer);
        if (n > buffer.length) {
          throw new CellException(-1, "header has more than " + buffer.length + " columns");
        }
        cells.addAll(Arrays.asList(buffer).subList(0, n));
      } catch (CellException e) {
        throw new MalformedDataException(file, 1, e.column + 1, "", e.getMessage());
      }
      int user = column(file, cells, format.userColumn(), "user");
      int item = column(file, cells, format.itemColumn(), "item");
      int weight = format.weightColumn().isPresent() ? column(file, cells, format.weightColumn().get(), "weight") : -1;
      int time = format.timeColumn().isPresent() ? column(file, cells, format.timeColumn().get(), "time") : -1;
      Layout layout = new Layout(format.delimiter(), format.quoted(), cells.size(), cells.size(), user, item, weight,
          time, format.timeFormat(), cells.toArray(new String[0]));
      return readData(file, reader, 1, layout, options);
    }
  }

  private static int column(Path file, List<String> header, String name, String role) {
    int index = header.indexOf(name);
    if (index < 0) {
      throw new MalformedDataException(file, 1, 0, "", "header has no " + role + " column '" + name + "'; columns: "
          + header);
    }
    if (header.lastIndexOf(name) != index) {
      throw new MalformedDataException(file, 1, header.lastIndexOf(name) + 1, name, "header names the " + role
          + " column '" + name + "' more than once");
    }
    return index;
  }

  private static BufferedReader open(Path file, ReadOptions options) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "interaction file not found (absolute path: "
          + file.toAbsolutePath() + ")");
    }
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, expected an interaction file");
    }
    return new BufferedReader(new DecodingReader(Files.newInputStream(file),
        options.charsetValue().newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
  }

  /**
   * The next line, without a leading byte-order mark on the first line ({@code linesSoFar == 0}).
   * A byte that is invalid in {@code charset} throws, naming the line that holds it: the
   * {@link DecodingReader} hands out every character before the bad byte first.
   */
  private static String readLine(Path file, BufferedReader reader, long linesSoFar, Charset charset)
      throws IOException {
    String line;
    try {
      line = reader.readLine();
    } catch (CharacterCodingException e) {
      throw new MalformedDataException(file, linesSoFar + 1, 0, "",
          "bytes are not valid in the file's character set (" + charset.name() + "): " + e.getMessage()
              + " (set ReadOptions.charset for another encoding)");
    }
    if (linesSoFar == 0 && line != null && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
      line = line.substring(1); // byte-order mark
    }
    return line;
  }

  /**
   * A strict decoding reader that, unlike {@link java.io.InputStreamReader}, returns the characters
   * decoded before an invalid byte sequence and throws only on the next read, so the line reader
   * above it fails on the line that holds the bad bytes. Meant for a {@link BufferedReader} (reads
   * of at least two characters). Not thread-safe.
   */
  private static final class DecodingReader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip(); // empty, ready to decode
    private boolean endOfInput; // the stream is exhausted
    private boolean endDecoded; // every byte is decoded: only the flush is left
    private boolean flushed;
    private CharacterCodingException error;

    DecodingReader(InputStream in, CharsetDecoder decoder) {
      this.in = in;
      this.decoder = decoder;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
      if (length == 0) {
        return 0;
      }
      CharBuffer out = CharBuffer.wrap(buffer, offset, length);
      while (out.position() == offset) { // until some characters are decoded
        if (error != null) {
          throw error;
        }
        if (flushed) {
          return -1;
        }
        CoderResult result;
        if (endDecoded) {
          result = decoder.flush(out);
          flushed = result.isUnderflow();
        } else {
          result = decoder.decode(bytes, out, endOfInput);
          endDecoded = endOfInput && result.isUnderflow();
        }
        if (result.isError()) {
          // Thrown once the characters before the bad bytes (if any, already in out) are consumed.
          error = result.isMalformed() ? new MalformedInputException(result.length())
              : new UnmappableCharacterException(result.length());
        } else if (result.isOverflow()) {
          break;
        } else if (!endOfInput) {
          bytes.compact();
          int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
          if (n < 0) {
            endOfInput = true;
          } else {
            bytes.position(bytes.position() + n);
          }
          bytes.flip();
        }
      }
      return out.position() - offset;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static ReadResult readData(Path file, BufferedReader reader, long lineNo, Layout layout,
      ReadOptions options) throws IOException {
    InteractionMatrix.Builder builder = options.newBuilder();
    boolean timed = layout.time >= 0;
    boolean skip = options.skipsMalformed();
    float minWeight = options.minWeightValue();
    boolean filter = options.hasMinWeight();
    int maxReasons = options.maxSkipReasonsValue();
    List<String> reasons = new ArrayList<>();
    String[] cells = new String[layout.maxColumns];
    long read = 0;
    long skipped = 0;
    long belowMin = 0;
    String line;
    Charset charset = options.charsetValue();
    while ((line = readLine(file, reader, lineNo, charset)) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      read++;
      try {
        int n = split(line, layout.delimiter, layout.quoted, cells);
        if (n < layout.minColumns || n > layout.maxColumns) {
          throw new CellException(-1, "expected " + layout.columnsDescription() + " separated by "
              + describe(layout.delimiter) + " but found " + n);
        }
        String user = id(cells, layout.user, "user");
        String item = id(cells, layout.item, "item");
        float weight = layout.weight >= 0 && layout.weight < n ? weight(cells[layout.weight], layout.weight) : 1f;
        long time = timed ? time(cells[layout.time], layout.time, layout.timeFormat) : 0L;
        if (filter && weight < minWeight) {
          belowMin++;
        } else if (timed) {
          builder.add(user, item, weight, time);
        } else {
          builder.add(user, item, weight);
        }
      } catch (CellException e) {
        int col = e.column;
        MalformedDataException error = new MalformedDataException(file, lineNo, col + 1,
            col >= 0 && col < layout.names.length ? layout.names[col] : "", e.getMessage());
        if (!skip) {
          throw error;
        }
        skipped++;
        if (reasons.size() < maxReasons) {
          reasons.add(error.getMessage());
        }
      }
    }
    InteractionMatrix matrix;
    try {
      matrix = builder.build();
    } catch (IllegalArgumentException e) {
      // Event numbers count the lines added (after skips and the min-weight filter).
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    return new ReadResult(matrix, read, skipped, reasons, belowMin, builder.droppedNonPositive());
  }

  /** Names the kind of a weight that is not finite and > 0, without the value (a data cell). */
  private static String describeInvalid(float w) {
    if (Float.isNaN(w)) {
      return "NaN";
    }
    if (Float.isInfinite(w)) {
      return "infinite";
    }
    return w == 0 ? "zero" : "negative";
  }

  private static String describe(char delimiter) {
    return delimiter == '\t' ? "TAB" : "'" + delimiter + "'";
  }

  /**
   * The id in {@code cells[column]}: non-empty, and without NUL (it starts the tombstones of erased
   * customers), line breaks or TAB (outputs such as {@code recommend}'s are TAB-separated, and a
   * TAB inside a quoted CSV id would shift their columns).
   */
  private static String id(String[] cells, int column, String role) throws CellException {
    String id = cells[column];
    if (id.isEmpty()) {
      throw new CellException(column, role + " id must not be empty");
    }
    for (int k = 0, n = id.length(); k < n; k++) {
      char c = id.charAt(k);
      if (c == '\0' || c == '\t' || c == '\n' || c == '\r') {
        String what = c == '\0' ? "a NUL character" : c == '\t' ? "a TAB character" : "a line break";
        throw new CellException(column, role + " id must not contain " + what + " (the id is not quoted)");
      }
    }
    return id;
  }

  private static float weight(String cell, int column) throws CellException {
    String s = cell.strip();
    if (s.isEmpty()) {
      throw new CellException(column, "weight is empty");
    }
    String unsigned = s.charAt(0) == '+' || s.charAt(0) == '-' ? s.substring(1) : s;
    if (unsigned.equals("NaN") || unsigned.equals("Infinity")) {
      throw new CellException(column, "weight must be finite and > 0, but it is "
          + (unsigned.equals("NaN") ? "NaN" : "infinite"));
    }
    if (!isDecimal(s)) {
      // Float.parseFloat also takes hex ("0x1p3" = 8) and Java suffixes ("2f"): not numbers in a
      // data file. The cell is not quoted: data cells are private (a shifted column may hold an id).
      throw new CellException(column, "weight must be a decimal number, but the cell is not one (its text is not "
          + "quoted: data cells are private)");
    }
    float w = Float.parseFloat(s);
    if (!(w > 0 && Float.isFinite(w))) {
      throw new CellException(column, "weight must be finite and > 0, but it is " + describeInvalid(w));
    }
    return w;
  }

  /**
   * True if {@code s} is in plain decimal notation: an optional sign, ASCII digits with an optional
   * decimal point (at least one digit), and an optional exponent {@code e}/{@code E}, optional
   * sign, digits. No hex, no {@code _}, no suffix, no named values.
   */
  static boolean isDecimal(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponent = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        exponent++;
      }
      if (exponent == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static long time(String cell, int column, TimeFormat format) throws CellException {
    String s = cell.strip();
    if (s.isEmpty()) {
      throw new CellException(column, "time is empty");
    }
    try {
      switch (format) {
        case EPOCH_SECONDS:
          return Long.parseLong(s);
        case ISO_DATE:
          return isoDate(s) * 86_400L;
        case ISO_DATE_TIME:
          return parseDateTime(s);
        default:
          throw new AssertionError(format);
      }
    } catch (NumberFormatException | DateTimeException e) {
      throw new CellException(column, "time must be " + describe(format) + ", but the cell is not (its text is not "
          + "quoted: data cells are private)");
    }
  }

  /** Epoch day of a yyyy-MM-dd date; a fast path for the common form, else {@link LocalDate#parse}. */
  private static long isoDate(String s) {
    if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 7);
      int day = digits(s, 8, 10);
      if (year >= 0 && month >= 0 && day >= 0) {
        return LocalDate.of(year, month, day).toEpochDay(); // validates month and day
      }
    }
    return LocalDate.parse(s).toEpochDay();
  }

  /** The decimal value of s[from, to), or -1 if a character is not an ASCII digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int k = from; k < to; k++) {
      int d = s.charAt(k) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static long parseDateTime(String s) {
    try {
      return OffsetDateTime.parse(s).toEpochSecond();
    } catch (DateTimeException e) {
      return LocalDateTime.parse(s).toEpochSecond(ZoneOffset.UTC);
    }
  }

  private static String describe(TimeFormat format) {
    switch (format) {
      case EPOCH_SECONDS:
        return "an integer of epoch seconds";
      case ISO_DATE:
        return "an ISO date (yyyy-MM-dd)";
      case ISO_DATE_TIME:
        return "an ISO date-time (yyyy-MM-ddTHH:mm:ss with optional offset)";
      default:
        throw new AssertionError(format);
    }
  }

  /**
   * Splits {@code line} into {@code out} and returns the number of cells (which may exceed
   * {@code out.length}; extra cells are counted, not stored). With {@code quoted}, a cell that
   * starts with {@code "} is a quoted CSV cell ({@code ""} inside is one quote); it cannot span
   * lines. Shared by every delimited reader of this package.
   */
  static int split(String line, char delimiter, boolean quoted, String[] out) throws CellException {
    int n = 0;
    int pos = 0;
    int len = line.length();
    while (true) {
      String cell;
      if (quoted && pos < len && line.charAt(pos) == '"') {
        StringBuilder sb = new StringBuilder();
        int p = pos + 1;
        while (true) {
          int q = line.indexOf('"', p);
          if (q < 0) {
            throw new CellException(n, "quoted cell has no closing quote");
          }
          sb.append(line, p, q);
          if (q + 1 < len && line.charAt(q + 1) == '"') {
            sb.append('"');
            p = q + 2;
          } else {
            pos = q + 1;
            break;
          }
        }
        if (pos < len && line.charAt(pos) != delimiter) {
          throw new CellException(n, "a closing quote must be followed by the delimiter or the end of the line");
        }
        cell = sb.toString();
      } else {
        int end = line.indexOf(delimiter, pos);
        if (end < 0) {
          end = len;
        }
        cell = line.substring(pos, end);
        pos = end;
      }
      if (n < out.length) {
        out[n] = cell;
      }
      n++;
      if (pos >= len) {
        return n;
      }
      pos++; // skip the delimiter
      if (pos == len) { // trailing delimiter: one more, empty cell
        if (n < out.length) {
          out[n] = "";
        }
        return n + 1;
      }
    }
  }
}
