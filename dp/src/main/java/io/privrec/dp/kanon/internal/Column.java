package io.privrec.dp.kanon.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dictionary-encoded text column: the distinct values in order of first appearance and one code
 * per row. Immutable by convention (arrays are not copied).
 */
public final class Column {
  private final String[] dictionary;
  private final int[] codes;

  /** Wraps a dictionary and codes (each code must index the dictionary). */
  public Column(String[] dictionary, int[] codes) {
    this.dictionary = dictionary;
    this.codes = codes;
  }

  /** Encodes texts. */
  public static Column of(String[] texts) {
    Map<String, Integer> ids = new HashMap<>();
    List<String> dictionary = new ArrayList<>();
    int[] codes = new int[texts.length];
    for (int r = 0; r < texts.length; r++) {
      Integer id = ids.get(texts[r]);
      if (id == null) {
        id = dictionary.size();
        ids.put(texts[r], id);
        dictionary.add(texts[r]);
      }
      codes[r] = id;
    }
    return new Column(dictionary.toArray(new String[0]), codes);
  }

  /** Number of rows. */
  public int size() {
    return codes.length;
  }

  /** The text of row {@code r}. */
  public String text(int r) {
    return dictionary[codes[r]];
  }

  /** Number of distinct values. */
  public int distinct() {
    return dictionary.length;
  }

  /** Distinct value {@code code}. */
  public String value(int code) {
    return dictionary[code];
  }

  /** Code of row {@code r}. */
  public int code(int r) {
    return codes[r];
  }

  /** Maps every row through a per-value table: {@code out[r] = perValue[code(r)]}. */
  public int[] map(int[] perValue) {
    int[] out = new int[codes.length];
    for (int r = 0; r < out.length; r++) {
      out[r] = perValue[codes[r]];
    }
    return out;
  }
}
