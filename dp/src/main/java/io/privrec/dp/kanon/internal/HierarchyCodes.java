package io.privrec.dp.kanon.internal;

import io.privrec.dp.internal.DpPreconditions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hierarchy's labels as dense int codes per level (in order of first appearance), with the
 * number of original values under each label. Immutable.
 */
final class HierarchyCodes {
  /** Number of generalisation steps. */
  final int height;
  /** Number of original values (rows). */
  final int domain;
  /** [level][leaf] → code of the leaf's label on that level. */
  final int[][] code;
  /** [level][code] → label. */
  final String[][] labels;
  /** [level][code] → number of original values under the label. */
  final int[][] leafCount;
  private final Map<String, Integer> leafIndex;
  /** [level] → label → code. */
  private final List<Map<String, Integer>> codeOfLabel = new ArrayList<>();
  /** [level][code] → a leaf under the label. */
  private final int[][] representative;

  HierarchyCodes(String[][] rows) {
    int levels = rows[0].length;
    this.height = levels - 1;
    this.domain = rows.length;
    this.code = new int[levels][rows.length];
    this.labels = new String[levels][];
    this.leafCount = new int[levels][];
    for (int l = 0; l < levels; l++) {
      Map<String, Integer> ids = new HashMap<>();
      List<String> names = new ArrayList<>();
      List<Integer> counts = new ArrayList<>();
      for (int leaf = 0; leaf < rows.length; leaf++) {
        Integer id = ids.get(rows[leaf][l]);
        if (id == null) {
          id = names.size();
          ids.put(rows[leaf][l], id);
          names.add(rows[leaf][l]);
          counts.add(0);
        }
        counts.set(id, counts.get(id) + 1);
        code[l][leaf] = id;
      }
      labels[l] = names.toArray(new String[0]);
      leafCount[l] = counts.stream().mapToInt(Integer::intValue).toArray();
    }
    leafIndex = new HashMap<>();
    for (int leaf = 0; leaf < rows.length; leaf++) {
      leafIndex.put(rows[leaf][0], leaf);
    }
    representative = new int[levels][];
    for (int l = 0; l < levels; l++) {
      Map<String, Integer> byLabel = new HashMap<>();
      for (int c = 0; c < labels[l].length; c++) {
        byLabel.put(labels[l][c], c);
      }
      codeOfLabel.add(byLabel);
      representative[l] = new int[labels[l].length];
      java.util.Arrays.fill(representative[l], -1);
      for (int leaf = rows.length - 1; leaf >= 0; leaf--) {
        representative[l][code[l][leaf]] = leaf;
      }
    }
  }

  /** Code of {@code label} on {@code level}, or -1. */
  int codeOf(int level, String label) {
    Integer c = codeOfLabel.get(level).get(label);
    return c == null ? -1 : c;
  }

  /** The code on {@code to} ({@code >= from}) of the label with code {@code c} on level {@code from}. */
  int ancestor(int from, int c, int to) {
    return code[to][representative[from][c]];
  }

  /** Leaf index of an original value, or -1. */
  int leafOf(String value) {
    Integer leaf = leafIndex.get(value);
    return leaf == null ? -1 : leaf;
  }

  /**
   * Leaf index of every row of a column.
   *
   * @throws IllegalArgumentException naming the attribute and (the first few) missing values
   */
  int[] leavesOf(String attribute, Column values) {
    int[] perValue = new int[values.distinct()];
    boolean[] missing = new boolean[perValue.length];
    boolean anyMissing = false;
    for (int v = 0; v < perValue.length; v++) {
      Integer leaf = leafIndex.get(values.value(v));
      if (leaf == null) {
        missing[v] = true;
        anyMissing = true;
      } else {
        perValue[v] = leaf;
      }
    }
    if (anyMissing) {
      // Rows, not values: a quasi-identifier value of a record is private.
      int[] codes = new int[values.size()];
      for (int r = 0; r < codes.length; r++) {
        codes[r] = values.code(r);
      }
      throw new IllegalArgumentException("attribute '" + attribute + "': every value must be in its hierarchy, but "
          + DpPreconditions.describeRows(codes, missing, 10) + " hold values missing from it (values not quoted)");
    }
    return values.map(perValue);
  }
}
