package io.privrec.dp.kanon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.testing.TestRandoms;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Roll-ups against a reference that groups the rows by their generalised codes in a linked hash
 * map: the same cells, in order of first appearance, with the same counts, directly from the base
 * cells and through an intermediate node. The tables cover the dense and the hashed roll-up, keys
 * grouped one per table slot (small record counts) and as key and count side by side (weights
 * summing to nearly {@code Integer.MAX_VALUE}), and chunked and per-column key mapping.
 */
class EncodedRollUpTest {
  private static final int LEAVES = 16;

  /** Per quasi-identifier: 16 leaves, groups of 4, then "*". */
  private static String[][] hierarchy(int q) {
    String[][] rows = new String[LEAVES][];
    for (int v = 0; v < LEAVES; v++) {
      rows[v] = new String[] {"q" + q + "v" + v, "q" + q + "g" + v / 4, "*"};
    }
    return rows;
  }

  /**
   * A skewed random table: {@code dims} quasi-identifiers with the hierarchy above, {@code
   * sensitive} attributes of 3 values, row weights uniform in [1, maxWeight] (none when 1).
   */
  static Encoded encode(int dims, int rows, int sensitive, int maxWeight, String seedName) {
    SplittableRandom random = new SplittableRandom(TestRandoms.seedOf(seedName));
    String[] names = new String[dims];
    Column[] qi = new Column[dims];
    String[][][] hierarchies = new String[dims][][];
    for (int q = 0; q < dims; q++) {
      names[q] = "q" + q;
      hierarchies[q] = hierarchy(q);
      String[] texts = new String[rows];
      for (int r = 0; r < rows; r++) {
        // Skewed, so that generalised levels merge many rows.
        texts[r] = "q" + q + "v" + (int) (LEAVES * Math.pow(random.nextDouble(), 2));
      }
      qi[q] = Column.of(texts);
    }
    Column[] sens = new Column[sensitive];
    for (int j = 0; j < sensitive; j++) {
      String[] texts = new String[rows];
      for (int r = 0; r < rows; r++) {
        texts[r] = "s" + random.nextInt(3);
      }
      sens[j] = Column.of(texts);
    }
    int[] weights = null;
    if (maxWeight > 1) {
      weights = new int[rows];
      for (int r = 0; r < rows; r++) {
        weights[r] = 1 + random.nextInt(maxWeight);
      }
    }
    List<Comparator<String>> order = new ArrayList<>();
    for (int j = 0; j < sensitive; j++) {
      order.add(Comparator.naturalOrder());
    }
    return new Encoded(names, qi, hierarchies, sens, order, weights);
  }

  /** The rows grouped by their codes on {@code levels} and sensitive codes, first row first. */
  private static Map<List<Integer>, Long> reference(Encoded e, int[] levels) {
    Map<List<Integer>, Long> groups = new LinkedHashMap<>();
    for (int r = 0; r < e.rows; r++) {
      List<Integer> key = new ArrayList<>();
      for (int q = 0; q < e.dims; q++) {
        key.add(e.code[q][levels[q]][e.rowLeaf[q][r]]);
      }
      for (int j = 0; j < e.sensitive; j++) {
        key.add(e.rowSensitive[j][r]);
      }
      groups.merge(key, (long) e.weight(r), Long::sum);
    }
    return groups;
  }

  private static Map<List<Integer>, Long> asMap(Encoded e, Cells cells) {
    Map<List<Integer>, Long> out = new LinkedHashMap<>();
    for (int c = 0; c < cells.count; c++) {
      List<Integer> key = new ArrayList<>();
      for (int col = 0; col < e.dims + e.sensitive; col++) {
        key.add(cells.code(c, col));
      }
      assertThat(out.put(key, (long) cells.counts[c])).as("cell %s twice", key).isNull();
    }
    return out;
  }

  private static void assertRollUps(Encoded e, int[][] levelVectors) {
    RollUpScratch scratch = new RollUpScratch();
    int[] zero = new int[e.dims];
    for (int[] low : levelVectors) {
      Cells lowCells = e.rollUp(e.base, zero, low, scratch);
      Map<List<Integer>, Long> expectedLow = reference(e, low);
      assertThat(new ArrayList<>(asMap(e, lowCells).entrySet()))
          .as("levels %s", Arrays.toString(low))
          .isEqualTo(new ArrayList<>(expectedLow.entrySet()));
      for (int[] high : levelVectors) {
        boolean above = true;
        for (int q = 0; q < e.dims; q++) {
          above &= high[q] >= low[q];
        }
        if (above) {
          Cells highCells = e.rollUp(lowCells, low, high, scratch);
          assertThat(new ArrayList<>(asMap(e, highCells).entrySet()))
              .as("levels %s from %s", Arrays.toString(high), Arrays.toString(low))
              .isEqualTo(new ArrayList<>(reference(e, high).entrySet()));
        }
      }
    }
  }

  private static final int[][] LEVELS = {
    {0, 0, 0, 0, 0, 0, 0, 0, 0},
    {1, 0, 0, 0, 0, 0, 0, 0, 0},
    {1, 1, 0, 1, 0, 1, 0, 1, 0},
    {1, 1, 1, 1, 1, 1, 1, 1, 1},
    {2, 2, 1, 1, 1, 2, 2, 0, 1},
    {2, 2, 2, 2, 2, 2, 2, 2, 1},
    {2, 2, 2, 2, 2, 2, 2, 2, 2},
  };

  @Test
  void rollUp_unitWeights_matchesReferenceGrouping() {
    Encoded e = encode(9, 3_000, 0, 1, "rollUp_unitWeights");
    assertThat(e.oneLongSlots()).isTrue();
    assertRollUps(e, LEVELS);
  }

  @Test
  void rollUp_weightsNearIntMax_keyAndCountSideBySide_matchesReferenceGrouping() {
    // About 1.5e9 records (3,000 weights uniform in [1, 10^6], standard deviation of the sum about
    // 1.6e7): 9 × 4 key bits + 1 + 31 count bits do not fit in a long, so slots hold key and count.
    Encoded e = encode(9, 3_000, 0, 1_000_000, "rollUp_weightsNearIntMax");
    assertThat(e.records).isGreaterThan(1 << 30);
    assertThat(e.oneLongSlots()).isFalse();
    assertRollUps(e, LEVELS);
  }

  @Test
  void rollUp_sensitiveAttribute_matchesReferenceGrouping() {
    assertRollUps(encode(9, 3_000, 1, 1, "rollUp_sensitiveAttribute"), LEVELS);
    assertRollUps(encode(9, 3_000, 1, 1_000_000, "rollUp_sensitiveAttributeWeighted"), LEVELS);
  }

  @Test
  void rollUp_manyCells_chunkTables_matchesReferenceGrouping() {
    // About 58,000 distinct cells: a chunk of three 4-bit columns (4,096 entries) gets a table
    // from 4 × 4,096 cells per column it merges on, so levels {1, 1, 0, 1, 0, 1, 0, 1, 0} map two
    // chunks by table and column 7 alone; about 9e8 records in the weighted table (key and count).
    // Levels {1, 2, 2, 1, 0, 1, 2, 1, 0} (a dense roll-up) look up column 0 alone, columns 1 and 2
    // becoming constant and left out, and the other two chunks by table, one covering a constant
    // column.
    int[][] levels = {LEVELS[0], LEVELS[2], {1, 2, 2, 1, 0, 1, 2, 1, 0}};
    assertRollUps(encode(9, 60_000, 0, 1, "rollUp_manyCells"), levels);
    assertRollUps(encode(9, 60_000, 0, 30_000, "rollUp_manyCellsWeighted"), levels);
  }
}
