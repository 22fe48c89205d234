package io.privrec.dp.kanon.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mondrian multidimensional partitioning (LeFevre, DeWitt &amp; Ramakrishnan, "Mondrian
 * Multidimensional K-Anonymity", ICDE 2006): a region is split on the attribute with the largest
 * normalised width, at the median for numeric attributes, into the child subtrees of its current
 * label for hierarchical attributes and into two disjoint sets of categories for categorical
 * attributes, as long as every part still satisfies the privacy models; otherwise the next attribute
 * is tried, and a region that no attribute can split becomes an equivalence class. Strict cuts put
 * all records equal to the median on one side; relaxed cuts split the sorted records in two halves.
 *
 * <p><b>Categorical attributes</b> (text without a hierarchy) are unordered: a region's value is
 * the set of categories its records hold, never a range. Width is {@code present / domain} (0 for a
 * single category), where {@code present} is the number of categories in the region and {@code
 * domain} the number in the whole column. A split divides the present categories into two non-empty
 * disjoint sets; see {@link Attribute#categorical}. The label is the category itself for a single
 * category, {@code *} when the region holds every category of the column, and otherwise {@code {a,
 * b, ...}} with the categories in {@link String#compareTo} order, separated by {@code ", "}.
 * Relaxed and strict runs split categorical attributes the same way (records of one category never
 * go to both sides).
 *
 * <p>Results depend only on the input (row order included): ties are broken by attribute index,
 * row index and category text, never by hashing. Not thread-safe; a fresh call per use. An {@link
 * Outcome} is immutable and its {@link Outcome#classOf} may be called concurrently.
 */
public final class Mondrian {
  private Mondrian() {}

  private static final int NUMERIC = 0;
  private static final int CATEGORICAL = 1;
  private static final int HIERARCHICAL = 2;

  /** One quasi-identifier prepared for partitioning. */
  public static final class Attribute {
    final String name;
    final int kind;
    final boolean date;
    // numeric
    final double[] value; // by row
    final int[] rank; // by row: dense rank of value
    final double[] valueOfRank;
    final double globalMin;
    final double globalMax;
    // categorical: categories numbered in String#compareTo order
    final String[] sortedDistinct; // category text by number
    final int[] category; // by row: category number
    final Map<String, Integer> numberOf; // category text -> number
    // hierarchical
    final HierarchyCodes hierarchy;
    final int height;
    final int domain;
    final int[] leafOfRow;
    final int[][] code; // [level][leaf]

    private Attribute(String name, int kind, boolean date, double[] value, String[] sortedDistinct,
        int[] category, HierarchyCodes hierarchy, int[] leafOfRow) {
      this.name = name;
      this.kind = kind;
      this.date = date;
      this.value = value;
      this.sortedDistinct = sortedDistinct;
      this.category = category;
      if (sortedDistinct != null) {
        Map<String, Integer> numbers = new HashMap<>();
        for (int i = 0; i < sortedDistinct.length; i++) {
          numbers.put(sortedDistinct[i], i);
        }
        this.numberOf = numbers;
      } else {
        this.numberOf = null;
      }
      this.hierarchy = hierarchy;
      this.height = hierarchy == null ? 0 : hierarchy.height;
      this.domain = hierarchy == null ? 0 : hierarchy.domain;
      this.code = hierarchy == null ? null : hierarchy.code;
      this.leafOfRow = leafOfRow;
      if (value != null) {
        double[] sorted = value.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        double[] byRank = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
          if (i == 0 || sorted[i] != sorted[i - 1]) {
            byRank[distinct++] = sorted[i];
          }
        }
        this.valueOfRank = Arrays.copyOf(byRank, distinct);
        this.rank = new int[value.length];
        for (int r = 0; r < value.length; r++) {
          rank[r] = Arrays.binarySearch(valueOfRank, value[r]);
        }
        this.globalMin = sorted.length == 0 ? 0 : sorted[0];
        this.globalMax = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
      } else {
        this.valueOfRank = null;
        this.rank = null;
        this.globalMin = 0;
        this.globalMax = 0;
      }
    }

    /** A numeric attribute (dates as epoch days, labelled as dates). */
    public static Attribute numeric(String name, double[] values, boolean date) {
      return new Attribute(name, NUMERIC, date, values.clone(), null, null, null, null);
    }

    /**
     * A categorical (unordered) string attribute: split into sets of categories, never ranges.
     *
     * <p>Split rule, for a region holding categories {@code c1..cm} ({@code m >= 2}) with record
     * counts {@code n1..nm} ({@code N} in all): among all ways to divide the categories into two
     * non-empty sets, take the most balanced one, i.e. the one whose left record count {@code s}
     * minimises {@code |2s - N|} (exact subset-sum search, {@code O(m * N)} time and {@code O(N)}
     * memory), provided both sides satisfy the privacy models (in particular hold at least {@code
     * k} records). Candidate sums are tried in order of {@code |2s - N|}, the smaller {@code s}
     * first; sums leaving a side below {@code k} are skipped and at most {@value
     * #MAX_CATEGORICAL_CANDIDATES} sums are tried. For a sum, the left set is fixed
     * deterministically: categories are ordered by count, largest first (ties by {@link
     * String#compareTo}), and the set is the one found first by the subset-sum search in that
     * order. If no candidate is allowed, the attribute cannot split the region.
     */
    public static Attribute categorical(String name, Column values) {
      String[] distinct = new String[values.distinct()];
      for (int i = 0; i < distinct.length; i++) {
        distinct[i] = values.value(i);
      }
      Arrays.sort(distinct);
      int[] numberOfCode = new int[values.distinct()];
      for (int i = 0; i < numberOfCode.length; i++) {
        numberOfCode[i] = Arrays.binarySearch(distinct, values.value(i));
      }
      return new Attribute(name, CATEGORICAL, false, null, distinct, values.map(numberOfCode), null, null);
    }

    /**
     * A hierarchical attribute.
     *
     * @throws IllegalArgumentException if a value is missing from the hierarchy
     */
    public static Attribute hierarchical(String name, Column values, String[][] rows) {
      HierarchyCodes h = new HierarchyCodes(rows);
      return new Attribute(name, HIERARCHICAL, false, null, null, null, h, h.leavesOf(name, values));
    }

    /** Leaves under (level, code); the virtual root above the top level covers the domain. */
    int leaves(int level, int c) {
      return level > height ? domain : hierarchy.leafCount[level][c];
    }

    String label(int level, int c) {
      return level > height ? "*" : hierarchy.labels[level][c];
    }

    String format(double v) {
      if (date) {
        return LocalDate.ofEpochDay((long) v).toString();
      }
      if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        return Long.toString((long) v);
      }
      return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
  }

  /** A node of the partition tree: a split, or a leaf holding a class index. */
  public static final class Node {
    /** Class index for a leaf, -1 for a split. */
    public final int leafClass;
    final int dim;
    final double threshold; // numeric: value <= threshold goes left
    final Node left;
    final Node right;
    final int childLevel; // hierarchical: level of the children's codes
    final Map<Integer, Node> children;
    final Node fallback; // hierarchical: child with most records; categorical: side with most records
    final byte[] side; // categorical: by category number, LEFT, RIGHT or 0 (absent from the region)

    Node(int leafClass, int dim, double threshold, Node left, Node right, int childLevel,
        Map<Integer, Node> children, Node fallback) {
      this(leafClass, dim, threshold, left, right, childLevel, children, fallback, null);
    }

    Node(int leafClass, int dim, double threshold, Node left, Node right, int childLevel,
        Map<Integer, Node> children, Node fallback, byte[] side) {
      this.leafClass = leafClass;
      this.dim = dim;
      this.threshold = threshold;
      this.left = left;
      this.right = right;
      this.childLevel = childLevel;
      this.children = children;
      this.fallback = fallback;
      this.side = side;
    }
  }

  /** Most subset sums tried per categorical split (relevant only when extra privacy models fail). */
  static final int MAX_CATEGORICAL_CANDIDATES = 64;

  private static final byte LEFT = 1;
  private static final byte RIGHT = 2;

  /** The classes found, their labels and measures. */
  public static final class Outcome {
    /** Per quasi-identifier, the label of each record's class. */
    public final Column[] labels;
    /** [row] → class index. */
    public final int[] classOfRow;
    /** Records per class. */
    public final int[] classSize;
    /** Σ size² (no record is suppressed, so DM = DM*). */
    public final double discernibility;
    /** N / classes. */
    public final double averageClassSize;
    /** ARX-style Loss with interval shares for numeric attributes. */
    public final double loss;
    /** Generalised certainty penalty in [0, 1]. */
    public final double certaintyPenalty;
    /** Root of the partition tree. */
    public final Node root;
    final Attribute[] attributes;

    Outcome(Column[] labels, int[] classOfRow, int[] classSize, double discernibility,
        double averageClassSize, double loss, double certaintyPenalty, Node root, Attribute[] attributes) {
      this.labels = labels;
      this.classOfRow = classOfRow;
      this.classSize = classSize;
      this.discernibility = discernibility;
      this.averageClassSize = averageClassSize;
      this.loss = loss;
      this.certaintyPenalty = certaintyPenalty;
      this.root = root;
      this.attributes = attributes;
    }

    /**
     * The class a new record falls into. {@code values[q]} is the record's value of attribute
     * {@code q}: a number for numeric attributes, text for categorical and hierarchical ones.
     * Numeric values outside the training range fall into the extreme class on their side; a
     * training category follows the side whose set contains it, so it lands in the class whose
     * label contains it; a category unseen in training (or absent from the region) follows, at each
     * categorical split, the side with more training records (ties: left); a hierarchy value whose
     * subtree held no training records in a region follows the subtree with the most records.
     *
     * @throws IllegalArgumentException if a hierarchical value is not in its hierarchy
     */
    public int classOf(Object[] values) {
      Node node = root;
      while (node.leafClass < 0) {
        Attribute a = attributes[node.dim];
        if (a.kind == HIERARCHICAL) {
          int leaf = a.hierarchy.leafOf((String) values[node.dim]);
          if (leaf < 0) {
            // The record's value is private: not quoted.
            throw new IllegalArgumentException("attribute '" + a.name + "': the value of values[" + node.dim
                + "] is not in its hierarchy (the value is not quoted)");
          }
          Node child = node.children.get(a.code[node.childLevel][leaf]);
          node = child != null ? child : node.fallback;
        } else if (a.kind == CATEGORICAL) {
          Integer c = a.numberOf.get((String) values[node.dim]);
          byte side = c == null ? 0 : node.side[c];
          node = side == LEFT ? node.left : side == RIGHT ? node.right : node.fallback;
        } else {
          double v = (Double) values[node.dim];
          node = v <= node.threshold ? node.left : node.right;
        }
      }
      return node.leafClass;
    }
  }

  private static final class Region {
    final int from;
    final int to;
    final int[] level; // hierarchical attributes: current label (level, code)
    final int[] code;
    Node node; // filled when processed

    Region(int from, int to, int[] level, int[] code) {
      this.from = from;
      this.to = to;
      this.level = level;
      this.code = code;
    }
  }

  /**
   * Partitions all records.
   *
   * @param sensitive the encoded sensitive attributes read by {@code privacy}'s criteria
   * @throws IllegalArgumentException if the whole table does not satisfy the privacy models
   */
  public static Outcome partition(Attribute[] attributes, Encoded sensitive, Privacy privacy, boolean relaxed) {
    return new Run(attributes, sensitive, privacy, relaxed).run();
  }

  private static final class Run {
    final Attribute[] attrs;
    final Encoded sens;
    final Privacy privacy;
    final boolean relaxed;
    final int n;
    final int d;
    final int[] idx;
    final int[] classOfRow;
    final List<Integer> sizes = new ArrayList<>();
    final List<String[]> classLabels = new ArrayList<>();
    final double[] lossMass;
    double penalty;
    final int[][] histogram;
    final int[][] touched;
    long[] sortBuffer;

    Run(Attribute[] attrs, Encoded sens, Privacy privacy, boolean relaxed) {
      this.attrs = attrs;
      this.sens = sens;
      this.privacy = privacy;
      this.relaxed = relaxed;
      this.d = attrs.length;
      this.n = sens.records > 0 ? sens.records : rowsOf(attrs[0]);
      this.idx = new int[n];
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      this.classOfRow = new int[n];
      this.lossMass = new double[d];
      this.histogram = new int[sens.sensitive][];
      this.touched = new int[sens.sensitive][];
      for (int j = 0; j < sens.sensitive; j++) {
        histogram[j] = new int[sens.sensitiveSize(j)];
        touched[j] = new int[sens.sensitiveSize(j)];
      }
      this.sortBuffer = new long[n];
    }

    private static int rowsOf(Attribute a) {
      return a.kind == HIERARCHICAL ? a.leafOfRow.length : a.kind == CATEGORICAL ? a.category.length : a.value.length;
    }

    Outcome run() {
      int[] level = new int[d];
      int[] code = new int[d];
      for (int q = 0; q < d; q++) {
        level[q] = attrs[q].height + 1; // virtual root
      }
      Region root = new Region(0, n, level, code);
      if (!allowed(0, n)) {
        throw new IllegalArgumentException("the whole table does not satisfy the privacy models, so no partition "
            + "can");
      }
      Deque<Region> stack = new ArrayDeque<>();
      stack.push(root);
      List<Region> pending = new ArrayList<>();
      while (!stack.isEmpty()) {
        Region r = stack.pop();
        List<Region> parts = split(r);
        if (parts == null) {
          finish(r);
        } else {
          for (int i = parts.size() - 1; i >= 0; i--) {
            stack.push(parts.get(i));
          }
        }
        pending.add(r);
      }
      link(pending);
      return outcome(root);
    }

    private final Map<Region, Object[]> splits = new HashMap<>();

    /** Resolves the child references of split regions into tree nodes (children first). */
    private void link(List<Region> order) {
      for (int i = order.size() - 1; i >= 0; i--) {
        Region r = order.get(i);
        if (r.node != null) {
          continue;
        }
        Object[] s = splits.get(r);
        int dim = (Integer) s[0];
        if (attrs[dim].kind == HIERARCHICAL) {
          @SuppressWarnings("unchecked")
          Map<Integer, Region> children = (Map<Integer, Region>) s[1];
          Map<Integer, Node> nodes = new HashMap<>();
          Node fallback = null;
          int most = -1;
          for (Map.Entry<Integer, Region> c : children.entrySet()) {
            Region child = c.getValue();
            nodes.put(c.getKey(), child.node);
            int size = child.to - child.from;
            if (size > most || (size == most && c.getKey() < keyOf(children, fallback))) {
              most = size;
              fallback = child.node;
            }
          }
          r.node = new Node(-1, dim, Double.NaN, null, null, (Integer) s[2], nodes, fallback);
        } else if (attrs[dim].kind == CATEGORICAL) {
          Region left = (Region) s[1];
          Region right = (Region) s[2];
          Node larger = right.to - right.from > left.to - left.from ? right.node : left.node;
          r.node = new Node(-1, dim, Double.NaN, left.node, right.node, -1, null, larger, (byte[]) s[3]);
        } else {
          Region left = (Region) s[1];
          Region right = (Region) s[2];
          r.node = new Node(-1, dim, (Double) s[3], left.node, right.node, -1, null, null);
        }
      }
    }

    private static int keyOf(Map<Integer, Region> children, Node node) {
      for (Map.Entry<Integer, Region> c : children.entrySet()) {
        if (c.getValue().node == node) {
          return c.getKey();
        }
      }
      return Integer.MAX_VALUE;
    }

    private List<Region> split(Region r) {
      int size = r.to - r.from;
      double[] width = new double[d];
      Integer[] order = new Integer[d];
      for (int q = 0; q < d; q++) {
        order[q] = q;
        width[q] = width(r, q);
      }
      Arrays.sort(order, (a, b) -> {
        int c = Double.compare(width[b], width[a]);
        return c != 0 ? c : Integer.compare(a, b);
      });
      for (int q : order) {
        if (!(width[q] > 0) || size < 2) {
          continue;
        }
        List<Region> parts = attrs[q].kind == HIERARCHICAL ? splitHierarchical(r, q)
            : attrs[q].kind == CATEGORICAL ? splitCategorical(r, q) : splitNumeric(r, q);
        if (parts != null) {
          return parts;
        }
      }
      return null;
    }

    private double width(Region r, int q) {
      Attribute a = attrs[q];
      if (a.kind == HIERARCHICAL) {
        int leaves = a.leaves(r.level[q], r.code[q]);
        return leaves <= 1 ? 0 : (double) leaves / a.domain;
      }
      if (a.kind == CATEGORICAL) {
        int present = countCategories(r, a).length;
        return present <= 1 ? 0 : (double) present / a.sortedDistinct.length;
      }
      int lo = Integer.MAX_VALUE;
      int hi = Integer.MIN_VALUE;
      for (int i = r.from; i < r.to; i++) {
        int rk = a.rank[idx[i]];
        lo = Math.min(lo, rk);
        hi = Math.max(hi, rk);
      }
      double range = a.globalMax - a.globalMin;
      if (hi == lo) {
        return 0;
      }
      return range > 0 ? (a.valueOfRank[hi] - a.valueOfRank[lo]) / range : 0;
    }

    private List<Region> splitNumeric(Region r, int q) {
      Attribute a = attrs[q];
      int size = r.to - r.from;
      for (int i = 0; i < size; i++) {
        int row = idx[r.from + i];
        sortBuffer[i] = ((long) a.rank[row] << 32) | row;
      }
      Arrays.sort(sortBuffer, 0, size);
      for (int i = 0; i < size; i++) {
        idx[r.from + i] = (int) sortBuffer[i];
      }
      int boundary;
      if (relaxed) {
        boundary = r.from + size / 2;
        if (!allowed(r.from, boundary) || !allowed(boundary, r.to)) {
          return null;
        }
      } else {
        int m = r.from + (size - 1) / 2;
        int medianRank = a.rank[idx[m]];
        int b = m + 1;
        while (b < r.to && a.rank[idx[b]] == medianRank) {
          b++;
        }
        if (b < r.to && allowed(r.from, b) && allowed(b, r.to)) {
          boundary = b;
        } else {
          b = m;
          while (b > r.from && a.rank[idx[b - 1]] == medianRank) {
            b--;
          }
          if (b > r.from && allowed(r.from, b) && allowed(b, r.to)) {
            boundary = b;
          } else {
            return null;
          }
        }
      }
      double threshold = a.valueOfRank[a.rank[idx[boundary - 1]]];
      Region left = new Region(r.from, boundary, r.level.clone(), r.code.clone());
      Region right = new Region(boundary, r.to, r.level.clone(), r.code.clone());
      splits.put(r, new Object[] {q, left, right, threshold});
      return List.of(left, right);
    }

    /** Categories present in the region as {@code {number, count}} pairs, by category number. */
    private static int[][] countCategories(Region r, Attribute a, int[] idx) {
      int[] count = new int[a.sortedDistinct.length];
      int present = 0;
      for (int i = r.from; i < r.to; i++) {
        if (count[a.category[idx[i]]]++ == 0) {
          present++;
        }
      }
      int[][] out = new int[present][];
      int m = 0;
      for (int c = 0; c < count.length; c++) {
        if (count[c] > 0) {
          out[m++] = new int[] {c, count[c]};
        }
      }
      return out;
    }

    private int[][] countCategories(Region r, Attribute a) {
      return countCategories(r, a, idx);
    }

    /** Splits into two sets of categories; see {@link Attribute#categorical} for the rule. */
    private List<Region> splitCategorical(Region r, int q) {
      Attribute a = attrs[q];
      int[][] present = countCategories(r, a);
      int m = present.length;
      if (m < 2) {
        return null;
      }
      // Largest count first; category numbers follow String#compareTo order, so ties go by text.
      Arrays.sort(present, (x, y) -> x[1] != y[1] ? Integer.compare(y[1], x[1]) : Integer.compare(x[0], y[0]));
      int size = r.to - r.from;
      // Subset sums: first[s] = the first category (in that order) with which s became reachable.
      int[] first = new int[size + 1];
      Arrays.fill(first, -1);
      boolean[] reach = new boolean[size + 1];
      reach[0] = true;
      for (int c = 0; c < m; c++) {
        int count = present[c][1];
        for (int s = size; s >= count; s--) {
          if (!reach[s] && reach[s - count]) {
            reach[s] = true;
            first[s] = c;
          }
        }
      }
      int domain = a.sortedDistinct.length;
      int tried = 0;
      // Sums in order of balance |2s - size|, then the smaller sum first.
      for (int gap = size % 2; gap < size && tried < MAX_CATEGORICAL_CANDIDATES; gap += 2) {
        int[] sums = gap == 0 ? new int[] {size / 2} : new int[] {(size - gap) / 2, (size + gap) / 2};
        for (int s : sums) {
          if (s <= 0 || s >= size || !reach[s] || Math.min(s, size - s) < privacy.k
              || tried >= MAX_CATEGORICAL_CANDIDATES) {
            continue;
          }
          tried++;
          boolean[] left = new boolean[domain];
          for (int t = s; t > 0; t -= present[first[t]][1]) {
            left[present[first[t]][0]] = true;
          }
          int boundary = arrange(r, a, left);
          if (allowed(r.from, boundary) && allowed(boundary, r.to)) {
            Region lo = new Region(r.from, boundary, r.level.clone(), r.code.clone());
            Region hi = new Region(boundary, r.to, r.level.clone(), r.code.clone());
            byte[] side = new byte[domain];
            for (int[] c : present) {
              side[c[0]] = left[c[0]] ? LEFT : RIGHT;
            }
            splits.put(r, new Object[] {q, lo, hi, side});
            return List.of(lo, hi);
          }
        }
      }
      return null;
    }

    /**
     * Stable partition of idx[r.from, r.to): rows whose category is in {@code left} first, each
     * side in ascending row order. Returns the boundary.
     */
    private int arrange(Region r, Attribute a, boolean[] left) {
      int size = r.to - r.from;
      for (int i = 0; i < size; i++) {
        sortBuffer[i] = idx[r.from + i];
      }
      Arrays.sort(sortBuffer, 0, size);
      int w = r.from;
      for (int i = 0; i < size; i++) {
        int row = (int) sortBuffer[i];
        if (left[a.category[row]]) {
          idx[w++] = row;
        }
      }
      int boundary = w;
      for (int i = 0; i < size; i++) {
        int row = (int) sortBuffer[i];
        if (!left[a.category[row]]) {
          idx[w++] = row;
        }
      }
      return boundary;
    }

    private List<Region> splitHierarchical(Region r, int q) {
      Attribute a = attrs[q];
      int childLevel = r.level[q] - 1;
      int children = a.hierarchy.labels[childLevel].length;
      int[] count = new int[children + 1];
      for (int i = r.from; i < r.to; i++) {
        count[a.code[childLevel][a.leafOfRow[idx[i]]] + 1]++;
      }
      for (int c = 0; c < children; c++) {
        count[c + 1] += count[c];
      }
      int[] start = count.clone();
      int[] sorted = new int[r.to - r.from];
      for (int i = r.from; i < r.to; i++) {
        int row = idx[i];
        sorted[start[a.code[childLevel][a.leafOfRow[row]]]++] = row;
      }
      System.arraycopy(sorted, 0, idx, r.from, sorted.length);
      List<Region> parts = new ArrayList<>();
      Map<Integer, Region> byCode = new HashMap<>();
      for (int c = 0; c < children; c++) {
        int from = r.from + count[c];
        int to = r.from + count[c + 1];
        if (from == to) {
          continue;
        }
        if (!allowed(from, to)) {
          return null;
        }
        int[] level = r.level.clone();
        int[] code = r.code.clone();
        level[q] = childLevel;
        code[q] = c;
        Region part = new Region(from, to, level, code);
        parts.add(part);
        byCode.put(c, part);
      }
      splits.put(r, new Object[] {q, byCode, childLevel});
      return parts;
    }

    /** Whether records idx[from, to) satisfy every privacy model. */
    private boolean allowed(int from, int to) {
      int size = to - from;
      if (size < privacy.k) {
        return false;
      }
      if (privacy.criteria.isEmpty()) {
        return true;
      }
      int[] distinct = new int[sens.sensitive];
      for (int j = 0; j < sens.sensitive; j++) {
        int[] h = histogram[j];
        int[] t = touched[j];
        int[] col = sens.rowSensitive[j];
        int m = 0;
        for (int i = from; i < to; i++) {
          int v = col[idx[i]];
          if (h[v]++ == 0) {
            t[m++] = v;
          }
        }
        distinct[j] = m;
      }
      boolean ok = true;
      for (Criterion c : privacy.criteria) {
        int j = c.attribute();
        if (!c.accepts(histogram[j], touched[j], distinct[j], size)) {
          ok = false;
          break;
        }
      }
      for (int j = 0; j < sens.sensitive; j++) {
        for (int i = 0; i < distinct[j]; i++) {
          histogram[j][touched[j][i]] = 0;
        }
      }
      return ok;
    }

    private void finish(Region r) {
      int cls = sizes.size();
      int size = r.to - r.from;
      sizes.add(size);
      String[] labels = new String[d];
      for (int q = 0; q < d; q++) {
        Attribute a = attrs[q];
        double share;
        if (a.kind == HIERARCHICAL) {
          labels[q] = a.label(r.level[q], r.code[q]);
          int leaves = a.leaves(r.level[q], r.code[q]);
          share = (double) leaves / a.domain;
          penalty += leaves == 1 ? 0 : size * share;
        } else if (a.kind == CATEGORICAL) {
          int[][] present = countCategories(r, a);
          int domain = a.sortedDistinct.length;
          labels[q] = categoryLabel(a, present);
          share = (double) present.length / domain;
          penalty += present.length == 1 ? 0 : size * share;
        } else {
          int lo = Integer.MAX_VALUE;
          int hi = Integer.MIN_VALUE;
          for (int i = r.from; i < r.to; i++) {
            lo = Math.min(lo, a.rank[idx[i]]);
            hi = Math.max(hi, a.rank[idx[i]]);
          }
          double min = a.valueOfRank[lo];
          double max = a.valueOfRank[hi];
          labels[q] = lo == hi ? a.format(min) : "[" + a.format(min) + ", " + a.format(max) + "]";
          double range = a.globalMax - a.globalMin;
          share = range > 0 ? (max - min) / range : 0;
          penalty += size * share;
        }
        lossMass[q] += size * share;
      }
      classLabels.add(labels);
      for (int i = r.from; i < r.to; i++) {
        classOfRow[idx[i]] = cls;
      }
      r.node = new Node(cls, -1, Double.NaN, null, null, -1, null, null);
    }

    /** The category, {@code *} for the whole domain, else {@code {a, b, ...}} in text order. */
    private static String categoryLabel(Attribute a, int[][] present) {
      if (present.length == 1) {
        return a.sortedDistinct[present[0][0]];
      }
      if (present.length == a.sortedDistinct.length) {
        return "*";
      }
      StringBuilder b = new StringBuilder("{");
      for (int i = 0; i < present.length; i++) {
        if (i > 0) {
          b.append(", ");
        }
        b.append(a.sortedDistinct[present[i][0]]);
      }
      return b.append('}').toString();
    }

    private Outcome outcome(Region root) {
      Column[] labels = new Column[d];
      for (int q = 0; q < d; q++) {
        String[] perClass = new String[classLabels.size()];
        for (int c = 0; c < perClass.length; c++) {
          perClass[c] = classLabels.get(c)[q];
        }
        labels[q] = new Column(perClass, classOfRow);
      }
      int[] classSize = sizes.stream().mapToInt(Integer::intValue).toArray();
      long dm = 0;
      for (int s : classSize) {
        dm += (long) s * s;
      }
      double product = 1;
      for (int q = 0; q < d; q++) {
        Attribute a = attrs[q];
        double min = a.kind == HIERARCHICAL ? (double) n / a.domain
            : a.kind == CATEGORICAL ? (double) n / a.sortedDistinct.length : 0;
        double v = n > min ? (lossMass[q] - min) / (n - min) : 0;
        v = Math.floor(Math.max(0, v) * 1e10) / 1e10;
        product *= Math.pow(v + 1, 1.0 / d);
      }
      return new Outcome(labels, classOfRow, classSize, dm, (double) n / classSize.length, product - 1,
          penalty / ((double) n * d), root.node, attrs);
    }
  }
}
