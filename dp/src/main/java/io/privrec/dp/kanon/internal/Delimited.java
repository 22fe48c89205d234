package io.privrec.dp.kanon.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimal delimited-text reader and writer: one record per line, fields separated by a single
 * character, optional double-quoted fields with {@code ""} as an escaped quote. Blank lines are
 * skipped. Not part of the public API.
 */
public final class Delimited {
  private Delimited() {}

  /**
   * Parses all records.
   *
   * @throws IllegalArgumentException for an unterminated quoted field, naming the line
   */
  public static List<String[]> parse(Reader reader, char separator) throws IOException {
    if (separator == '"' || separator == '\n' || separator == '\r') {
      throw new IllegalArgumentException("separator must not be a quote or line break. Provided value: '" + separator + "'");
    }
    BufferedReader in = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
    List<String[]> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    String line;
    int lineNo = 0;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1);
      }
      if (line.isEmpty()) {
        continue;
      }
      fields.clear();
      field.setLength(0);
      int startLine = lineNo;
      int i = 0;
      boolean quoted = false;
      while (true) {
        if (i == line.length()) {
          if (quoted) {
            String next = in.readLine();
            if (next == null) {
              throw new IllegalArgumentException("unterminated quoted field starting on line " + startLine);
            }
            lineNo++;
            field.append('\n');
            line = next;
            i = 0;
            continue;
          }
          fields.add(field.toString());
          break;
        }
        char ch = line.charAt(i++);
        if (quoted) {
          if (ch == '"') {
            if (i < line.length() && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              quoted = false;
            }
          } else {
            field.append(ch);
          }
        } else if (ch == '"' && field.length() == 0) {
          quoted = true;
        } else if (ch == separator) {
          fields.add(field.toString());
          field.setLength(0);
        } else {
          field.append(ch);
        }
      }
      rows.add(fields.toArray(new String[0]));
    }
    return rows;
  }

  /** Writes one record followed by a newline, quoting fields where needed. */
  public static void writeRow(Appendable out, String[] row, char separator) throws IOException {
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        out.append(separator);
      }
      String f = row[i];
      boolean quote = f.indexOf(separator) >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0
          || f.indexOf('\r') >= 0;
      if (quote) {
        out.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        out.append(f);
      }
    }
    out.append('\n');
  }
}
