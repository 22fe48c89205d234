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

  /**
   * A chunk table pays off when the lookups it saves (one per cell and per column it merges) number
   * at least this many times its entries.
   */
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
    // The product of the target's level sizes (and sensitive sizes), exact while it is at most
    // both the dense limit and the source's cell count; past that only "larger than both" matters.
    long saturate = Math.max(DENSE_LIMIT, from.count);
    long product = 1;
    for (int q = 0; q < dims && product <= saturate; q++) {
      product *= levelSize(q, toLevels[q]);
    }
    for (int j = 0; j < sensitive && product <= saturate; j++) {
      product *= sensitiveSize(j);
    }
    // At most one group per source cell and per key of the target's key space.
    int maxGroups = (int) Math.min(from.count, product);
    if (from.packed != null) {
      if (sensitive == 0 && product <= DENSE_LIMIT && product <= DENSE_FACTOR * (long) from.count) {
        return rollUpDense(from, m, toLevels, (int) product, scratch);
      }
      return rollUpPacked(from, m, maxGroups, scratch);
    }
    int width = dims + sensitive;
    Grouper g = new Grouper(width, radix(toLevels), maxGroups);
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
   * mixed-radix index over the target levels (one table entry per chunk of columns, or per column;
   * columns generalised to a single value add nothing and are skipped) addresses a count directly;
   * a group's packed key is built once, from its first cell.
   */
  private Cells rollUpDense(Cells from, int[][] m, int[] toLevels, int space, RollUpScratch scratch) {
    long[][] indexTerm = new long[dims][];
    int stride = 1;
    for (int q = dims - 1; q >= 0; q--) {
      long[] t = new long[m[q].length];
      for (int v = 0; v < t.length; v++) {
        t[v] = (long) m[q][v] * stride;
      }
      indexTerm[q] = t;
      stride *= levelSize(q, toLevels[q]);
    }
    byte[] kind = columnKinds(m);
    int[] count = scratch.dense(space);
    int[] first = scratch.firstCells(from.count);
    int[] groupIndex = scratch.groupIndex(from.count);
    long[] keys = from.packed;
    int[] counts = from.counts;
    int groups = 0;
    Lookups lookup = lookups(kind, false, indexTerm, from.count, scratch);
    long[][] table = lookup.table;
    int[] lookupShift = lookup.shift;
    long[] lookupMask = lookup.mask;
    int lookups = lookup.size;
    // The cells' indices, one pass per lookup.
    int cells = from.count;
    int[] cellIndex = scratch.cellIndex(cells);
    if (lookups == 0) {
      Arrays.fill(cellIndex, 0, cells, 0);
    }
    for (int i = 0; i < lookups; i++) {
      long[] t = table[i];
      int sh = lookupShift[i];
      long mk = lookupMask[i];
      if (i == 0) {
        for (int c = 0; c < cells; c++) {
          cellIndex[c] = (int) t[(int) ((keys[c] >>> sh) & mk)];
        }
      } else {
        for (int c = 0; c < cells; c++) {
          cellIndex[c] += (int) t[(int) ((keys[c] >>> sh) & mk)];
        }
      }
    }
    for (int c = 0; c < cells; c++) {
      int index = cellIndex[c];
      // Without a branch, which a new group's first cell would mispredict: the cell is listed as
      // a group's first at the next free place, which the count says whether to keep.
      int old = count[index];
      groupIndex[groups] = index;
      first[groups] = c;
      groups += old == 0 ? 1 : 0;
      count[index] = old + counts[c];
    }
    long[][] term = packedTerms(m);
    int[] shift = layout.shift;
    long[] mask = layout.mask;
    long[] outKeys = new long[groups];
    int[] outCounts = new int[groups];
    for (int g = 0; g < groups; g++) {
      long key = keys[first[g]];
      long next = 0;
      for (int q = 0; q < dims; q++) {
        if (kind[q] != CONSTANT) {
          next += term[q][(int) ((key >>> shift[q]) & mask[q])];
        }
      }
      int index = groupIndex[g];
      outKeys[g] = next;
      outCounts[g] = count[index];
      count[index] = 0; // leave the scratch array zeroed for the next call
    }
    return new Cells(layout, outKeys, null, outCounts, groups);
  }

  /** {@link #columnKinds}: the column maps every code to 0 (its target level has one value). */
  private static final byte CONSTANT = 0;
  /** {@link #columnKinds}: the column maps every code to itself. */
  private static final byte IDENTITY = 1;
  /** {@link #columnKinds}: any other map. */
  private static final byte MAPPED = 2;

  /**
   * Per quasi-identifier, how {@code m} maps its codes: {@link #CONSTANT} (all to 0; checked first,
   * so a one-code column counts as constant), {@link #IDENTITY} or {@link #MAPPED}.
   */
  private byte[] columnKinds(int[][] m) {
    byte[] kind = new byte[dims];
    for (int q = 0; q < dims; q++) {
      boolean constant = true;
      boolean identity = true;
      for (int v = 0; v < m[q].length; v++) {
        constant &= m[q][v] == 0;
        identity &= m[q][v] == v;
      }
      kind[q] = constant ? CONSTANT : identity ? IDENTITY : MAPPED;
    }
    return kind;
  }

  /**
   * Table lookups whose sum over a packed key is a sum of per-column terms: {@code
   * table[i][(key >>> shift[i]) & mask[i]]} for {@code i < size}; see {@link #lookups}.
   */
  private static final class Lookups {
    final long[][] table;
    final int[] shift;
    final long[] mask;
    int size;
    /** Bits of the identity columns left out of the lookups, to be kept as they are. */
    long kept;

    Lookups(int capacity) {
      table = new long[capacity][];
      shift = new int[capacity];
      mask = new long[capacity];
    }

    void add(long[] t, int s, long m) {
      table[size] = t;
      shift[size] = s;
      mask[size++] = m;
    }
  }

  /**
   * The lookups summing {@code term[q][code]} over the quasi-identifiers, {@link #CONSTANT} columns
   * (whose terms are 0) left out, and with {@code keepIdentity} the {@link #IDENTITY} columns too,
   * their bits listed in {@link Lookups#kept}. A chunk of columns (see {@link
   * Cells.Layout#chunkColumns}) with several columns looked up gets one table covering all of its
   * columns when there are enough cells to pay for the table; the other columns get one lookup
   * each.
   */
  private Lookups lookups(byte[] kind, boolean keepIdentity, long[][] term, int cells, RollUpScratch scratch) {
    Lookups out = new Lookups(dims);
    int[][] chunks = layout.chunkColumns;
    int chunkCount = chunks == null ? dims : chunks.length;
    for (int c = 0; c < chunkCount; c++) {
      int[] cols = chunks == null ? new int[] {c} : chunks[c];
      int active = 0;
      for (int q : cols) {
        active += kind[q] == MAPPED || (kind[q] == IDENTITY && !keepIdentity) ? 1 : 0;
      }
      if (active >= 2 && (long) cells * (active - 1) >= CHUNK_FACTOR * (layout.chunkMask[c] + 1)) {
        out.add(chunkTable(c, term, scratch), layout.chunkShift[c], layout.chunkMask[c]);
        continue;
      }
      for (int q : cols) {
        if (kind[q] == IDENTITY && keepIdentity) {
          out.kept |= layout.mask[q] << layout.shift[q];
        } else if (kind[q] != CONSTANT) {
          out.add(term[q], layout.shift[q], layout.mask[q]);
        }
      }
    }
    return out;
  }

  /**
   * Roll-up of bit-packed cells: each cell's new key is its sensitive bits plus one table entry per
   * quasi-identifier (the mapped code, already shifted into place), or per chunk of columns; the
   * keys are then grouped by hashing.
   */
  private Cells rollUpPacked(Cells from, int[][] m, int maxGroups, RollUpScratch scratch) {
    long[] next = scratch.keys(from.count);
    mapKeys(from, m, next, scratch);
    // Open addressing with linear probing, sized from the bound on the groups so that it never
    // grows: at most half full. Only the slots the groups use are touched (and cleared afterwards),
    // so a roll-up with few groups touches few cache lines whatever the table's size. The slots
    // used are listed in order of first use, which is the groups' order.
    int slots = Math.toIntExact(Long.highestOneBit(Math.max(8L, maxGroups) * 2 - 1) << 1);
    int shiftBits = 64 - Integer.numberOfTrailingZeros(slots);
    int[] used = scratch.firstCells(maxGroups);
    int countBits = countBits();
    boolean narrow = oneLongSlots();
    long[] table = scratch.table(narrow ? slots : Math.multiplyExact(2, slots));
    int groups = narrow
        ? groupNarrow(next, from.counts, from.count, countBits, table, slots, shiftBits, used)
        : groupWide(next, from.counts, from.count, table, slots, shiftBits, used);
    long[] outKeys = new long[groups];
    int[] outCounts = new int[groups];
    if (narrow) {
      long countMask = (1L << countBits) - 1;
      for (int g = 0; g < groups; g++) {
        int slot = used[g];
        long entry = table[slot];
        outKeys[g] = (entry >>> countBits) - 1;
        outCounts[g] = (int) (entry & countMask);
        table[slot] = 0;
      }
    } else {
      for (int g = 0; g < groups; g++) {
        int slot = used[g];
        outKeys[g] = table[2 * slot] - 1;
        outCounts[g] = (int) table[2 * slot + 1];
        table[2 * slot] = 0;
        table[2 * slot + 1] = 0;
      }
    }
    return new Cells(layout, outKeys, null, outCounts, groups);
  }

  /** Bits of a group's count, which never exceeds the records. */
  private int countBits() {
    return 32 - Integer.numberOfLeadingZeros(records);
  }

  /**
   * Whether a hashed roll-up keeps a group in one long ({@code key + 1} and the count fit in a
   * word together: half the memory per probe) rather than a key and a count.
   */
  boolean oneLongSlots() {
    return layout.bits + 1 + countBits() <= 64;
  }

  /**
   * The keys of {@code from}'s cells mapped by {@code m} (codes per quasi-identifier), into
   * {@code out}. Columns that do not change keep their bits and columns mapped to a single value
   * become 0 without a lookup; a chunk of columns (see {@link Cells.Layout#chunkColumns}) with
   * several other changed columns is mapped with one table lookup when there are enough cells to
   * pay for its table, the other changed columns one lookup each.
   */
  private void mapKeys(Cells from, int[][] m, long[] out, RollUpScratch scratch) {
    Lookups lookup = lookups(columnKinds(m), true, packedTerms(m), from.count, scratch);
    long[][] table = lookup.table;
    int[] lookupShift = lookup.shift;
    long[] lookupMask = lookup.mask;
    int lookups = lookup.size;
    long keep = lookup.kept | layout.sensitiveMask;
    long[] keys = from.packed;
    int cells = from.count;
    // One pass per lookup: each a short loop with no dependence between cells.
    for (int c = 0; c < cells; c++) {
      out[c] = keys[c] & keep;
    }
    for (int i = 0; i < lookups; i++) {
      long[] t = table[i];
      int sh = lookupShift[i];
      long mk = lookupMask[i];
      for (int c = 0; c < cells; c++) {
        out[c] += t[(int) ((keys[c] >>> sh) & mk)];
      }
    }
  }

  /**
   * Groups {@code keys} with their {@code counts} in a zeroed table of {@code slots} longs, one per
   * slot holding {@code (key + 1) << countBits | count}, so that a zero is an empty slot and a
   * count adds in place; returns the number of groups, whose slots {@code used} lists in order of
   * first use.
   */
  private static int groupNarrow(long[] keys, int[] counts, int cells, int countBits, long[] table,
      int slots, int shiftBits, int[] used) {
    long tagMask = -1L << countBits;
    int slotMask = slots - 1;
    int groups = 0;
    for (int c = 0; c < cells; c++) {
      long key = keys[c];
      long tag = (key + 1) << countBits;
      int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shiftBits);
      while (true) {
        long entry = table[slot];
        if ((entry & tagMask) == tag) {
          table[slot] = entry + counts[c];
          break;
        }
        if (entry == 0) {
          table[slot] = tag + counts[c];
          used[groups++] = slot;
          break;
        }
        slot = (slot + 1) & slotMask;
      }
    }
    return groups;
  }

  /**
   * As {@link #groupNarrow}, with a key + 1 and a count per slot (two longs side by side: one
   * cache line per probe).
   */
  private static int groupWide(long[] keys, int[] counts, int cells, long[] table, int slots,
      int shiftBits, int[] used) {
    int slotMask = slots - 1;
    int groups = 0;
    for (int c = 0; c < cells; c++) {
      long key = keys[c];
      long stored = key + 1;
      int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shiftBits);
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
          break;
        }
        slot = (slot + 1) & slotMask;
      }
    }
    return groups;
  }

  /**
   * The table of chunk {@code c}: for every valid chunk value, the sum of its columns' terms
   * ({@code term[q][code]}: mapped codes shifted into place, or mixed-radix index contributions).
   * Entries of other bit patterns, which no key holds, are left as they are.
   */
  private long[] chunkTable(int c, long[][] term, RollUpScratch scratch) {
    int[] cols = layout.chunkColumns[c];
    long[] t = scratch.chunkTerm(c, layout.chunkColumns.length, (int) layout.chunkMask[c] + 1);
    // An odometer over the chunk's columns.
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
    return t;
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
