package io.privrec.dp.kanon.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table encoded for full-domain generalisation: per quasi-identifier, the hierarchy's labels on
 * every level as dense int codes, and the records as leaf codes; per sensitive attribute, dense
 * codes in a given order. Records are compressed into base {@link Cells} (distinct combinations of
 * leaf and sensitive codes, with counts). Immutable after construction; safe to share between
 * threads.
 */
public final class Encoded {
  /** Number of records: the sum of the rows' weights (the number of rows when unweighted). */
  public final int records;
  /** Number of rows (distinct weighted rows, or records when unweighted). */
  public final int rows;
  /** [row] → number of records the row stands for; null when every row is one record. */
  public final int[] rowWeight;
  /** Number of quasi-identifiers. */
  public final int dims;
  /** Number of sensitive attributes. */
  public final int sensitive;
  /** Quasi-identifier names. */
  public final String[] qiNames;
  /** Hierarchy height per quasi-identifier. */
  public final int[] height;
  /** [qi][level][leaf] → code of the leaf's label on that level. */
  public final int[][][] code;
  /** [qi][level][code] → label text. */
  public final String[][][] labels;
  /** [qi][level][code] → number of hierarchy leaves (original values) under the label. */
  public final int[][][] leafCount;
  /** Number of rows (original values) per hierarchy. */
  public final int[] domainSize;
  /** [qi][leaf] → number of records holding this original value. */
  public final int[][] leafFrequency;
  /** [qi][row] → leaf code of the record. */
  public final int[][] rowLeaf;
  /** [sensitive][row] → code of the record's sensitive value. */
  public final int[][] rowSensitive;
  /** [sensitive][code] → value text; codes follow the order given at construction. */
  public final String[][] sensitiveLabels;
  /** Distinct (leaf codes, sensitive codes) combinations with counts. */
  public final Cells base;
  /** [row] → index of the record's base cell. */
  public final int[] cellOfRow;

  /** Chunk tables pay off when there are this many times more cells than table entries. */
  private static final long CHUNK_FACTOR = 4;
  private final int[][][][] maps;
  final Cells.Layout layout; // [qi][from][to] code maps, from <= to

  /**
   * Encodes the data.
   *
   * @param qiNames quasi-identifier names (for messages)
   * @param qiData per quasi-identifier, the record values
   * @param hierarchies per quasi-identifier, the hierarchy rows (leaf first)
   * @param sensitiveData per sensitive attribute, the record values
   * @param sensitiveOrder per sensitive attribute, how to order its distinct values
   * @throws IllegalArgumentException if a record value is missing from its hierarchy, naming the
   *     attribute and the values
   */
  public Encoded(String[] qiNames, Column[] qiData, String[][][] hierarchies, Column[] sensitiveData,
      List<Comparator<String>> sensitiveOrder) {
    this(qiNames, qiData, hierarchies, sensitiveData, sensitiveOrder, null);
  }

  /**
   * Encodes weighted data: row {@code r} stands for {@code weights[r] >= 1} identical records
   * (null: one each). Cells, frequencies and the record count are those of the table with every
   * row repeated {@code weights[r]} times.
   *
   * @throws IllegalArgumentException as the unweighted constructor, or if the records number more
   *     than {@code Integer.MAX_VALUE}
   */
  public Encoded(String[] qiNames, Column[] qiData, String[][][] hierarchies, Column[] sensitiveData,
      List<Comparator<String>> sensitiveOrder, int[] weights) {
    this.dims = qiNames.length;
    this.sensitive = sensitiveData.length;
    this.qiNames = qiNames.clone();
    this.rows = dims > 0 ? qiData[0].size() : sensitive > 0 ? sensitiveData[0].size() : 0;
    this.rowWeight = weights == null ? null : weights.clone();
    long total = rows;
    if (weights != null) {
      total = 0;
      for (int w : weights) {
        total += w;
      }
      if (total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("the weights must sum to at most " + Integer.MAX_VALUE + " records."
            + " Provided sum: " + total);
      }
    }
    this.records = (int) total;
    height = new int[dims];
    code = new int[dims][][];
    labels = new String[dims][][];
    leafCount = new int[dims][][];
    domainSize = new int[dims];
    rowLeaf = new int[dims][];
    leafFrequency = new int[dims][];
    for (int q = 0; q < dims; q++) {
      HierarchyCodes h = new HierarchyCodes(hierarchies[q]);
      height[q] = h.height;
      domainSize[q] = h.domain;
      code[q] = h.code;
      labels[q] = h.labels;
      leafCount[q] = h.leafCount;
      rowLeaf[q] = h.leavesOf(qiNames[q], qiData[q]);
      int[] freq = new int[h.domain];
      for (int r = 0; r < rows; r++) {
        freq[rowLeaf[q][r]] += weight(r);
      }
      leafFrequency[q] = freq;
    }
    rowSensitive = new int[sensitive][];
    sensitiveLabels = new String[sensitive][];
    for (int j = 0; j < sensitive; j++) {
      Column column = sensitiveData[j];
      List<String> distinct = new ArrayList<>();
      for (int v = 0; v < column.distinct(); v++) {
        distinct.add(column.value(v));
      }
      distinct.sort(sensitiveOrder.get(j));
      Map<String, Integer> ids = new HashMap<>();
      for (int i = 0; i < distinct.size(); i++) {
        ids.put(distinct.get(i), i);
      }
      sensitiveLabels[j] = distinct.toArray(new String[0]);
      int[] perValue = new int[column.distinct()];
      for (int v = 0; v < perValue.length; v++) {
        perValue[v] = ids.get(column.value(v));
      }
      int[] col = column.map(perValue);
      rowSensitive[j] = col;
    }
    maps = new int[dims][][][];
    for (int q = 0; q < dims; q++) {
      maps[q] = new int[height[q] + 1][height[q] + 1][];
      for (int from = 0; from <= height[q]; from++) {
        for (int to = from; to <= height[q]; to++) {
          int[] m = new int[levelSize(q, from)];
          for (int leaf = 0; leaf < domainSize[q]; leaf++) {
            m[code[q][from][leaf]] = code[q][to][leaf];
          }
          maps[q][from][to] = m;
        }
      }
    }
    int width = dims + sensitive;
    int[] maxCodes = new int[width];
    for (int q = 0; q < dims; q++) {
      maxCodes[q] = domainSize[q];
    }
    for (int j = 0; j < sensitive; j++) {
      maxCodes[dims + j] = sensitiveLabels[j].length;
    }
    layout = new Cells.Layout(dims, maxCodes);
    int[] row = new int[width];
    cellOfRow = new int[rows];
    if (layout.packable) {
      LongGrouper g = new LongGrouper(Math.max(16, rows));
      for (int r = 0; r < rows; r++) {
        for (int q = 0; q < dims; q++) {
          row[q] = rowLeaf[q][r];
        }
        for (int j = 0; j < sensitive; j++) {
          row[dims + j] = rowSensitive[j][r];
        }
        cellOfRow[r] = g.add(layout.pack(row), weight(r));
      }
      base = new Cells(layout, g.keys(), null, g.counts(), g.size());
    } else {
      Grouper g = new Grouper(width, maxCodes, Math.max(16, rows));
      for (int r = 0; r < rows; r++) {
        for (int q = 0; q < dims; q++) {
          row[q] = rowLeaf[q][r];
        }
        for (int j = 0; j < sensitive; j++) {
          row[dims + j] = rowSensitive[j][r];
        }
        cellOfRow[r] = g.add(row, weight(r));
      }
      base = new Cells(layout, null, g.rows(), g.counts(), g.size());
    }
  }

  /** Number of records row {@code r} stands for. */
  public int weight(int r) {
    return rowWeight == null ? 1 : rowWeight[r];
  }

  /** Number of codes of quasi-identifier {@code q} on {@code level}. */
  public int levelSize(int q, int level) {
    return labels[q][level].length;
  }

  /** Number of distinct values of sensitive attribute {@code j}. */
  public int sensitiveSize(int j) {
    return sensitiveLabels[j].length;
  }

  /**
   * Map from codes on level {@code from} to codes on level {@code to >= from} of quasi-identifier
   * {@code q}. Relies on the hierarchy being a tree.
   */
  public int[] map(int q, int from, int to) {
    return maps[q][from][to];
  }

  /** Radices of cell rows on the given levels (quasi-identifier level sizes, then sensitive sizes). */
  public int[] radix(int[] levels) {
    int[] radix = new int[dims + sensitive];
    for (int q = 0; q < dims; q++) {
      radix[q] = levelSize(q, levels[q]);
    }
    for (int j = 0; j < sensitive; j++) {
      radix[dims + j] = sensitiveSize(j);
    }
    return radix;
  }

  /**
   * Groups {@code from} (cells on {@code fromLevels}) into cells on {@code toLevels}, which must be
   * at least {@code fromLevels} in every dimension. Cells come out in order of first appearance in
   * {@code from}.
   */
  public Cells rollUp(Cells from, int[] fromLevels, int[] toLevels) {
    return rollUp(from, fromLevels, toLevels, new RollUpScratch());
  }

  /**
   * As {@link #rollUp(Cells, int[], int[])}, with working memory that one thread reuses across
   * calls.
   */
  public Cells rollUp(Cells from, int[] fromLevels, int[] toLevels, RollUpScratch scratch) {
    int[][] m = new int[dims][];
    for (int q = 0; q < dims; q++) {
      m[q] = map(q, fromLevels[q], toLevels[q]);
    }
    long maxGroups = from.count;
    long product = 1;
    for (int q = 0; q < dims && product <= DENSE_LIMIT; q++) {
      product *= levelSize(q, toLevels[q]);
    }
    for (int j = 0; j < sensitive && product <= DENSE_LIMIT; j++) {
      product *= sensitiveSize(j);
    }
    maxGroups = Math.min(maxGroups, product);
    if (from.packed != null) {
      if (sensitive == 0 && product <= DENSE_LIMIT && product <= DENSE_FACTOR * (long) from.count) {
        return rollUpDense(from, m, toLevels, (int) product, scratch);
      }
      return rollUpPacked(from, m, (int) maxGroups, scratch);
    }
    int width = dims + sensitive;
    Grouper g = new Grouper(width, radix(toLevels), (int) maxGroups);
    int[] row = new int[width];
    int[] keys = from.rows;
    for (int c = 0, off = 0; c < from.count; c++, off += width) {
      for (int q = 0; q < dims; q++) {
        row[q] = m[q][keys[off + q]];
      }
      for (int j = dims; j < width; j++) {
        row[j] = keys[off + j];
      }
      g.add(row, from.counts[c]);
    }
    return new Cells(layout, null, g.rows(), g.counts(), g.size());
  }

  /** Largest key space (product of the target level sizes) counted in a dense array. */
  private static final long DENSE_LIMIT = 1 << 18;
  /** Dense counting pays off while the key space is at most this many times the cells. */
  private static final long DENSE_FACTOR = 4;

  /** Per quasi-identifier, the mapped codes shifted into their packed position. */
  private long[][] packedTerms(int[][] m) {
    long[][] term = new long[dims][];
    for (int q = 0; q < dims; q++) {
      long[] t = new long[m[q].length];
      for (int v = 0; v < t.length; v++) {
        t[v] = (long) m[q][v] << layout.shift[q];
      }
      term[q] = t;
    }
    return term;
  }

  /**
   * Roll-up of packed cells without sensitive attributes into a small key space: each cell's
   * mixed-radix index over the target levels (one table entry per chunk of columns, or per column)
   * addresses a count directly; a group's packed key is built once, from its first cell.
   */
  private Cells rollUpDense(Cells from, int[][] m, int[] toLevels, int space, RollUpScratch scratch) {
    int[] radixStride = new int[dims];
    int stride = 1;
    for (int q = dims - 1; q >= 0; q--) {
      radixStride[q] = stride;
      stride *= levelSize(q, toLevels[q]);
    }
    long[][] indexTerm = new long[dims][];
    for (int q = 0; q < dims; q++) {
      long[] t = new long[m[q].length];
      for (int v = 0; v < t.length; v++) {
        t[v] = (long) m[q][v] * radixStride[q];
      }
      indexTerm[q] = t;
    }
    int[] count = scratch.dense(space);
    int[] first = scratch.firstCells(from.count);
    long[] keys = from.packed;
    int[] counts = from.counts;
    int groups = 0;
    int[] shift = layout.shift;
    long[] mask = layout.mask;
    // One table lookup per chunk of columns, or per column when chunk tables do not pay off.
    long[][] lookup = chunkTerms(indexTerm, from.count);
    int[] lookupShift = lookup != null ? layout.chunkShift : shift;
    long[] lookupMask = lookup != null ? layout.chunkMask : mask;
    if (lookup == null) {
      lookup = indexTerm;
    }
    int lookups = lookup.length;
    for (int c = 0; c < from.count; c++) {
      long key = keys[c];
      long index = 0;
      for (int i = 0; i < lookups; i++) {
        index += lookup[i][(int) ((key >>> lookupShift[i]) & lookupMask[i])];
      }
      if (count[(int) index] == 0) {
        first[groups++] = c;
      }
      count[(int) index] += counts[c];
    }
    long[][] term = packedTerms(m);
    long[] outKeys = new long[groups];
    int[] outCounts = new int[groups];
    for (int g = 0; g < groups; g++) {
      long key = keys[first[g]];
      long next = 0;
      long index = 0;
      for (int q = 0; q < dims; q++) {
        int code = (int) ((key >>> shift[q]) & mask[q]);
        next += term[q][code];
        index += indexTerm[q][code];
      }
      outKeys[g] = next;
      outCounts[g] = count[(int) index];
      count[(int) index] = 0; // leave the scratch array zeroed for the next call
    }
    return new Cells(layout, outKeys, null, outCounts, groups);
  }

  private long chunkEntries() {
    long entries = 0;
    for (long m : layout.chunkMask) {
      entries += m + 1;
    }
    return entries;
  }

  /**
   * Roll-up of bit-packed cells: each cell's new key is its sensitive bits plus one table entry per
   * quasi-identifier (the mapped code, already shifted into place), grouped by hashing into a table
   * that grows with the groups.
   */
  private Cells rollUpPacked(Cells from, int[][] m, int maxGroups, RollUpScratch scratch) {
    int[] shift = layout.shift;
    long[] mask = layout.mask;
    long[][] term = packedTerms(m);
    // Columns that do not change keep their bits as they are.
    long keep = layout.sensitiveMask;
    int active = 0;
    int[] activeDims = new int[dims];
    for (int q = 0; q < dims; q++) {
      boolean same = true;
      for (int v = 0; v < m[q].length && same; v++) {
        same = m[q][v] == v;
      }
      if (same) {
        keep |= mask[q] << shift[q];
      } else {
        activeDims[active++] = q;
      }
    }
    // Open addressing over stored keys key + 1, so that a zeroed table is empty, each beside its
    // count (one cache line per probe); the slots used are listed in order of first use and cleared
    // afterwards. The table starts small and doubles at half load: most roll-ups produce far fewer
    // groups than cells, and a compact table stays in cache.
    int cap = Integer.highestOneBit(Math.max(8, Math.min(1 << 12, maxGroups)) * 2 - 1) << 1;
    long[] table = scratch.table(2 * cap);
    int[] used = scratch.firstCells(Math.min(from.count, maxGroups));
    int limit = cap >>> 1;
    int shiftBits = 64 - Integer.numberOfTrailingZeros(cap);
    int slotMask = cap - 1;
    int groups = 0;
    long[] keys = from.packed;
    int[] counts = from.counts;
    long[][] chunkTerm = chunkTerms(term, from.count);
    int chunks = chunkTerm == null ? 0 : chunkTerm.length;
    int[] chunkShift = layout.chunkShift;
    long[] chunkMask = layout.chunkMask;
    long sensitiveBits = layout.sensitiveMask;
    for (int c = 0; c < from.count; c++) {
      long key = keys[c];
      long next;
      if (chunks > 0) {
        next = key & sensitiveBits;
        for (int i = 0; i < chunks; i++) {
          next += chunkTerm[i][(int) ((key >>> chunkShift[i]) & chunkMask[i])];
        }
      } else {
        next = key & keep;
        for (int i = 0; i < active; i++) {
          int q = activeDims[i];
          next += term[q][(int) ((key >>> shift[q]) & mask[q])];
        }
      }
      long stored = next + 1;
      int slot = (int) ((next * 0x9E3779B97F4A7C15L) >>> shiftBits);
      while (true) {
        long k = table[2 * slot];
        if (k == stored) {
          table[2 * slot + 1] += counts[c];
          break;
        }
        if (k == 0) {
          table[2 * slot] = stored;
          table[2 * slot + 1] = counts[c];
          used[groups++] = slot;
          if (groups > limit) {
            cap <<= 1;
            shiftBits--;
            slotMask = cap - 1;
            limit = cap >>> 1;
            table = rehash(table, used, groups, cap, shiftBits, scratch);
          }
          break;
        }
        slot = (slot + 1) & slotMask;
      }
    }
    long[] outKeys = new long[groups];
    int[] outCounts = new int[groups];
    for (int g = 0; g < groups; g++) {
      int slot = used[g];
      outKeys[g] = table[2 * slot] - 1;
      outCounts[g] = (int) table[2 * slot + 1];
      table[2 * slot] = 0;
    }
    return new Cells(layout, outKeys, null, outCounts, groups);
  }

  /**
   * Moves the {@code groups} used slots of {@code old} into a zeroed table of {@code cap} slots,
   * rewriting {@code used} to the new slots (their order, the order of first use, is kept), and
   * zeroes the old keys; the larger table becomes the scratch table.
   */
  private static long[] rehash(long[] old, int[] used, int groups, int cap, int shiftBits,
      RollUpScratch scratch) {
    long[] table = new long[2 * cap];
    int slotMask = cap - 1;
    for (int g = 0; g < groups; g++) {
      int o = used[g];
      long stored = old[2 * o];
      int slot = (int) (((stored - 1) * 0x9E3779B97F4A7C15L) >>> shiftBits);
      while (table[2 * slot] != 0) {
        slot = (slot + 1) & slotMask;
      }
      table[2 * slot] = stored;
      table[2 * slot + 1] = old[2 * o + 1];
      old[2 * o] = 0;
      used[g] = slot;
    }
    scratch.adopt(table);
    return table;
  }

  /**
   * Per chunk of columns (see {@link Cells.Layout#chunkColumns}), the sum of the columns' terms
   * ({@code term[q][code]}: mapped codes shifted into place, or mixed-radix index contributions)
   * for every chunk value; null when the tables would cost more than they save.
   */
  private long[][] chunkTerms(long[][] term, int cells) {
    if (layout.chunkColumns == null || cells < CHUNK_FACTOR * chunkEntries()) {
      return null;
    }
    long[][] out = new long[layout.chunkColumns.length][];
    for (int c = 0; c < out.length; c++) {
      int[] cols = layout.chunkColumns[c];
      long[] t = new long[(int) layout.chunkMask[c] + 1];
      // Enumerate only valid code combinations (an odometer over the chunk's columns); other bit
      // patterns never occur in keys.
      int[] digit = new int[cols.length];
      while (true) {
        int index = 0;
        long sum = 0;
        for (int i = 0; i < cols.length; i++) {
          int q = cols[i];
          index |= digit[i] << (layout.shift[q] - layout.chunkShift[c]);
          sum += term[q][digit[i]];
        }
        t[index] = sum;
        int i = 0;
        while (i < cols.length && ++digit[i] == term[cols[i]].length) {
          digit[i++] = 0;
        }
        if (i == cols.length) {
          break;
        }
      }
      out[c] = t;
    }
    return out;
  }

  /** Cells of the given levels computed directly from the base cells. */
  public Cells cellsAt(int[] levels) {
    return rollUp(base, new int[dims], levels);
  }

  /** For every base cell, the index of its class in {@code p}. */
  public int[] classOfBaseCells(Partition p) {
    int[][] m = new int[dims][];
    for (int q = 0; q < dims; q++) {
      m[q] = map(q, 0, p.levels[q]);
    }
    Grouper g = new Grouper(dims, Arrays.copyOf(radix(p.levels), dims), p.classes);
    int[] row = new int[dims];
    for (int c = 0; c < p.classes; c++) {
      for (int q = 0; q < dims; q++) {
        row[q] = p.key(c, q);
      }
      g.add(row, 0);
    }
    int[] out = new int[base.count];
    for (int cell = 0; cell < base.count; cell++) {
      for (int q = 0; q < dims; q++) {
        row[q] = m[q][base.code(cell, q)];
      }
      out[cell] = g.add(row, 0);
    }
    return out;
  }
}
