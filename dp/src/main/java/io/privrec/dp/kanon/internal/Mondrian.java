package io.privrec.dp.kanon.internal;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;

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
    /** The partition tree with the class descriptions: everything lookups need, no records. */
    public final Tree tree;

    Outcome(Column[] labels, int[] classOfRow, int[] classSize, double discernibility,
        double averageClassSize, double loss, double certaintyPenalty, Tree tree) {
      this.labels = labels;
      this.classOfRow = classOfRow;
      this.classSize = classSize;
      this.discernibility = discernibility;
      this.averageClassSize = averageClassSize;
      this.loss = loss;
      this.certaintyPenalty = certaintyPenalty;
      this.root = tree.root;
      this.tree = tree;
    }

    /**
     * The class a new record falls into; see {@link Tree#classOf}.
     *
     * @throws IllegalArgumentException if a hierarchical value is not in its hierarchy
     */
    public int classOf(Object[] values) {
      return tree.classOf(values);
    }
  }

  /**
   * The partition tree with each class's description: everything {@link #classOf}, {@link
   * #classesOf} and the class labels need, and nothing about individual records (no row → class
   * assignment, no class sizes). Built by {@link #partition} or read back by {@link #read}.
   * Immutable; every method may be called concurrently.
   */
  public static final class Tree {
    final Attribute[] attributes;
    final Node root;
    final int classes;
    final double[][] min; // [q][class]: numeric range
    final double[][] max;
    final String[][][] categories; // [q][class]: categorical, texts ascending; null = every category ("*")
    final int[] domain; // [q]: categorical, number of categories of the training column
    final int[][] level; // [q][class]: hierarchical label (level, code); level height + 1 is "*"
    final int[][] code;

    Tree(Attribute[] attributes, Node root, int classes, double[][] min, double[][] max, String[][][] categories,
        int[] domain, int[][] level, int[][] code) {
      this.attributes = attributes;
      this.root = root;
      this.classes = classes;
      this.min = min;
      this.max = max;
      this.categories = categories;
      this.domain = domain;
      this.level = level;
      this.code = code;
    }

    /** Number of classes (leaves). */
    public int classes() {
      return classes;
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
          node = hierarchicalChild(node, a, leaf);
        } else if (a.kind == CATEGORICAL) {
          node = categoricalChild(node, a, (String) values[node.dim]);
        } else {
          node = (Double) values[node.dim] <= node.threshold ? node.left : node.right;
        }
      }
      return node.leafClass;
    }

    /**
     * The classes consistent with a partly known record, ascending and distinct. {@code values[q]}
     * is as for {@link #classOf}, or null when unknown (for a hierarchical attribute, a value
     * missing from the hierarchy is unknown too). A split on a known value follows the rule of
     * {@link #classOf}; a split on an unknown value continues into every child. With every value
     * known and in its hierarchy the result is {@code {classOf(values)}}; with none known it is
     * every class.
     */
    public int[] classesOf(Object[] values) {
      boolean[] hit = new boolean[classes];
      int found = 0;
      Deque<Node> stack = new ArrayDeque<>();
      stack.push(root);
      while (!stack.isEmpty()) {
        Node node = stack.pop();
        if (node.leafClass >= 0) {
          if (!hit[node.leafClass]) {
            hit[node.leafClass] = true;
            found++;
          }
          continue;
        }
        Attribute a = attributes[node.dim];
        Object v = values[node.dim];
        if (a.kind == HIERARCHICAL) {
          Label known = v instanceof Label ? (Label) v : null;
          if (known == null && v != null) {
            int leaf = a.hierarchy.leafOf((String) v);
            known = leaf < 0 ? null : new Label(0, a.hierarchy.code[0][leaf]);
          }
          if (known != null && known.level <= node.childLevel) {
            Node child = node.children.get(a.hierarchy.ancestor(known.level, known.code, node.childLevel));
            stack.push(child != null ? child : node.fallback);
          } else {
            // Unknown, or a label coarser than this split: every child under the label.
            for (Map.Entry<Integer, Node> e : node.children.entrySet()) {
              if (known == null || a.hierarchy.ancestor(node.childLevel, e.getKey(), known.level) == known.code) {
                stack.push(e.getValue());
              }
            }
          }
        } else if (v == null) {
          stack.push(node.right);
          stack.push(node.left);
        } else if (a.kind == CATEGORICAL) {
          stack.push(categoricalChild(node, a, (String) v));
        } else {
          stack.push((Double) v <= node.threshold ? node.left : node.right);
        }
      }
      int[] out = new int[found];
      int m = 0;
      for (int c = 0; c < classes; c++) {
        if (hit[c]) {
          out[m++] = c;
        }
      }
      return out;
    }

    /**
     * The finest label of attribute {@code q}'s hierarchy known among {@code chain} (a value or
     * label first, then its coarser labels up to {@code *}, so its length gives its level), for
     * {@link #classesOf}; null if none below the top is known.
     */
    public Object label(int q, List<String> chain) {
      HierarchyCodes h = attributes[q].hierarchy;
      int from = h.height + 1 - chain.size();
      if (from < 0) {
        return null;
      }
      for (int l = Math.max(from, 0); l < h.height; l++) {
        int c = h.codeOf(l, chain.get(l - from));
        if (c >= 0) {
          return new Label(l, c);
        }
      }
      return null;
    }

    /**
     * The label {@code text} of attribute {@code q}'s hierarchy on the finest level that has it
     * (an original value is level 0), for {@link #classesOf}; null if no level below the top has it.
     */
    public Object label(int q, String text) {
      HierarchyCodes h = attributes[q].hierarchy;
      for (int l = 0; l < h.height; l++) {
        int c = h.codeOf(l, text);
        if (c >= 0) {
          return new Label(l, c);
        }
      }
      return null;
    }

    /** A hierarchy label: its level and its code on that level. */
    private record Label(int level, int code) {}

    private static Node hierarchicalChild(Node node, Attribute a, int leaf) {
      Node child = node.children.get(a.code[node.childLevel][leaf]);
      return child != null ? child : node.fallback;
    }

    private static Node categoricalChild(Node node, Attribute a, String value) {
      Integer c = a.numberOf.get(value);
      byte side = c == null ? 0 : node.side[c];
      return side == LEFT ? node.left : side == RIGHT ? node.right : node.fallback;
    }

    /** The label of attribute {@code q} of class {@code cls}. */
    public String label(int cls, int q) {
      Attribute a = attributes[q];
      if (a.kind == HIERARCHICAL) {
        return a.label(level[q][cls], code[q][cls]);
      }
      if (a.kind == CATEGORICAL) {
        return categoryLabel(categories[q][cls]);
      }
      return numericLabel(a, min[q][cls], max[q][cls]);
    }

    /**
     * The common label of attribute {@code q} over the (non-empty) {@code classes}: numeric, the
     * range covering theirs; categorical, the label of the union of their categories; hierarchical,
     * the lowest label on or above every class's label, {@code *} above the top level.
     */
    public String label(int[] classes, int q) {
      Attribute a = attributes[q];
      if (a.kind == NUMERIC) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int c : classes) {
          lo = Math.min(lo, min[q][c]);
          hi = Math.max(hi, max[q][c]);
        }
        return numericLabel(a, lo, hi);
      }
      if (a.kind == CATEGORICAL) {
        TreeSet<String> union = new TreeSet<>();
        for (int c : classes) {
          if (categories[q][c] == null) {
            return "*";
          }
          union.addAll(Arrays.asList(categories[q][c]));
        }
        return categoryLabel(isEveryCategory(union.size(), domain[q]) ? null : union.toArray(new String[0]));
      }
      int top = 0;
      for (int c : classes) {
        top = Math.max(top, level[q][c]);
      }
      if (top > a.height) {
        return "*";
      }
      // The hierarchy is a tree: any leaf under a label stands for all of them on higher levels.
      int[] leaf = new int[classes.length];
      for (int i = 0; i < classes.length; i++) {
        int l = level[q][classes[i]];
        int k = code[q][classes[i]];
        int r = 0;
        while (a.code[l][r] != k) {
          r++;
        }
        leaf[i] = r;
      }
      for (int l = top; l <= a.height; l++) {
        int k = a.code[l][leaf[0]];
        boolean same = true;
        for (int r : leaf) {
          same &= a.code[l][r] == k;
        }
        if (same) {
          return a.label(l, k);
        }
      }
      return "*";
    }

    /** Whether {@code present} categories of a column of {@code domain} are labelled {@code *}. */
    static boolean isEveryCategory(int present, int domain) {
      return present > 1 && present == domain;
    }

    /** The category, {@code *} for null (every category), else {@code {a, b, ...}}. */
    static String categoryLabel(String[] texts) {
      if (texts == null) {
        return "*";
      }
      if (texts.length == 1) {
        return texts[0];
      }
      return "{" + String.join(", ", texts) + "}";
    }

    static String numericLabel(Attribute a, double min, double max) {
      return min == max ? a.format(min) : "[" + a.format(min) + ", " + a.format(max) + "]";
    }

    /**
     * Writes the tree section of the cohorts format (documented on {@code Cohorts}): the number of
     * categories of each categorical attribute, the class count, the nodes in breadth-first order
     * and each class's description. Numeric cuts, category texts of the sides of each categorical
     * split and hierarchy labels are written; record values that are neither a cut nor part of a
     * class description are not.
     *
     * @throws IOException from {@code out}, or if a text is not valid Unicode
     */
    public void write(DataOutputStream out) throws IOException {
      for (int q = 0; q < attributes.length; q++) {
        if (attributes[q].kind == CATEGORICAL) {
          out.writeInt(domain[q]);
        }
      }
      out.writeInt(classes);
      List<Node> order = new ArrayList<>();
      Map<Node, Integer> index = new IdentityHashMap<>();
      order.add(root);
      index.put(root, 0);
      for (int i = 0; i < order.size(); i++) {
        for (Node child : childrenOf(order.get(i))) {
          index.put(child, order.size());
          order.add(child);
        }
      }
      out.writeInt(order.size());
      for (Node node : order) {
        if (node.leafClass >= 0) {
          out.writeByte(TAG_LEAF);
          out.writeInt(node.leafClass);
          continue;
        }
        Attribute a = attributes[node.dim];
        if (a.kind == NUMERIC) {
          out.writeByte(TAG_NUMERIC);
          out.writeInt(node.dim);
          out.writeDouble(node.threshold);
          out.writeInt(index.get(node.left));
          out.writeInt(index.get(node.right));
        } else if (a.kind == CATEGORICAL) {
          out.writeByte(TAG_CATEGORICAL);
          out.writeInt(node.dim);
          for (byte side : new byte[] {LEFT, RIGHT}) {
            List<String> texts = new ArrayList<>();
            for (int c = 0; c < node.side.length; c++) {
              if (node.side[c] == side) {
                texts.add(a.sortedDistinct[c]);
              }
            }
            out.writeInt(texts.size());
            for (String t : texts) {
              writeString(out, t, "a category of attribute '" + a.name + "'");
            }
          }
          out.writeByte(node.fallback == node.left ? LEFT : RIGHT);
          out.writeInt(index.get(node.left));
          out.writeInt(index.get(node.right));
        } else {
          out.writeByte(TAG_HIERARCHICAL);
          out.writeInt(node.dim);
          out.writeInt(node.childLevel);
          int[] codes = sortedCodes(node);
          out.writeInt(codes.length);
          int fallback = -1;
          for (int i = 0; i < codes.length; i++) {
            Node child = node.children.get(codes[i]);
            writeString(out, a.hierarchy.labels[node.childLevel][codes[i]], "a hierarchy label of '" + a.name + "'");
            out.writeInt(index.get(child));
            if (child == node.fallback) {
              fallback = i;
            }
          }
          out.writeInt(fallback);
        }
      }
      for (int c = 0; c < classes; c++) {
        for (int q = 0; q < attributes.length; q++) {
          Attribute a = attributes[q];
          if (a.kind == NUMERIC) {
            out.writeDouble(min[q][c]);
            out.writeDouble(max[q][c]);
          } else if (a.kind == CATEGORICAL) {
            String[] texts = categories[q][c];
            out.writeInt(texts == null ? -1 : texts.length);
            for (String t : texts == null ? new String[0] : texts) {
              writeString(out, t, "a category of attribute '" + a.name + "'");
            }
          } else {
            out.writeInt(level[q][c]);
            if (level[q][c] <= a.height) {
              writeString(out, a.hierarchy.labels[level[q][c]][code[q][c]], "a hierarchy label of '" + a.name + "'");
            }
          }
        }
      }
    }

    private static int[] sortedCodes(Node node) {
      int[] codes = node.children.keySet().stream().mapToInt(Integer::intValue).toArray();
      Arrays.sort(codes);
      return codes;
    }

    private static List<Node> childrenOf(Node node) {
      if (node.leafClass >= 0) {
        return List.of();
      }
      if (node.children != null) {
        List<Node> out = new ArrayList<>();
        for (int c : sortedCodes(node)) {
          out.add(node.children.get(c));
        }
        return out;
      }
      return List.of(node.left, node.right);
    }

    /** A node as read, before its children exist. */
    private static final class RawNode {
      int tag;
      int dim;
      double threshold;
      int left;
      int right;
      List<String> leftTexts;
      List<String> rightTexts;
      int fallbackSide;
      int childLevel;
      int[] childCodes;
      int[] childIndex;
      int fallback;
      int leafClass;
    }

    /**
     * Reads the tree section written by {@link #write}, checking its structure: every node but the
     * root is the child of exactly one earlier node, each class is exactly one leaf, split kinds
     * match their attributes, texts and labels resolve.
     *
     * @param numeric per attribute, whether it is numeric (ignored for hierarchical ones)
     * @param date per attribute, whether a numeric attribute is labelled as dates
     * @param hierarchyRows per attribute, the hierarchy rows (already validated as a tree), or null
     * @throws IOException if the input ends early or is inconsistent, naming the field
     */
    public static Tree read(Input in, String[] names, boolean[] numeric, boolean[] date, String[][][] hierarchyRows)
        throws IOException {
      int d = names.length;
      int[] kind = new int[d];
      HierarchyCodes[] codes = new HierarchyCodes[d];
      List<List<Map<String, Integer>>> labelCodes = new ArrayList<>();
      int[] domain = new int[d];
      for (int q = 0; q < d; q++) {
        kind[q] = hierarchyRows[q] != null ? HIERARCHICAL : numeric[q] ? NUMERIC : CATEGORICAL;
        if (kind[q] == HIERARCHICAL) {
          codes[q] = new HierarchyCodes(hierarchyRows[q]);
        }
        labelCodes.add(kind[q] == HIERARCHICAL ? labelCodes(codes[q]) : null);
        if (kind[q] == CATEGORICAL) {
          domain[q] = in.readCount("category count of attribute '" + names[q] + "'", 1);
        }
      }
      int classes = in.readCount("cohort count", 1);
      int nodeCount = in.readCount("node count", 1);
      List<RawNode> raw = new ArrayList<>();
      for (int i = 0; i < nodeCount; i++) {
        String field = "node " + i;
        RawNode n = new RawNode();
        n.tag = in.readByte(field + " kind");
        if (n.tag == TAG_LEAF) {
          n.leafClass = in.readInt(field + " cohort");
          if (n.leafClass < 0 || n.leafClass >= classes) {
            throw in.corrupt(field + " cohort", "must be in [0, " + classes + "), is " + n.leafClass);
          }
          raw.add(n);
          continue;
        }
        n.dim = in.readInt(field + " attribute");
        if (n.dim < 0 || n.dim >= d) {
          throw in.corrupt(field + " attribute", "must be in [0, " + d + "), is " + n.dim);
        }
        int expected = kind[n.dim] == NUMERIC ? TAG_NUMERIC : kind[n.dim] == CATEGORICAL ? TAG_CATEGORICAL
            : TAG_HIERARCHICAL;
        if (n.tag != expected) {
          throw in.corrupt(field + " kind", "split kind " + n.tag + " does not match attribute '" + names[n.dim] + "'");
        }
        if (n.tag == TAG_NUMERIC) {
          n.threshold = in.readDouble(field + " threshold");
          if (!Double.isFinite(n.threshold)) {
            throw in.corrupt(field + " threshold", "must be finite");
          }
          n.left = in.readInt(field + " left child");
          n.right = in.readInt(field + " right child");
        } else if (n.tag == TAG_CATEGORICAL) {
          Set<String> seen = new HashSet<>();
          n.leftTexts = readTexts(in, field + " left categories", seen);
          n.rightTexts = readTexts(in, field + " right categories", seen);
          n.fallbackSide = in.readByte(field + " side of unseen categories");
          if (n.fallbackSide != LEFT && n.fallbackSide != RIGHT) {
            throw in.corrupt(field + " side of unseen categories", "must be 1 or 2, is " + n.fallbackSide);
          }
          n.left = in.readInt(field + " left child");
          n.right = in.readInt(field + " right child");
        } else if (n.tag == TAG_HIERARCHICAL) {
          HierarchyCodes h = codes[n.dim];
          n.childLevel = in.readInt(field + " child level");
          if (n.childLevel < 0 || n.childLevel > h.height) {
            throw in.corrupt(field + " child level", "must be in [0, " + h.height + "], is " + n.childLevel);
          }
          int m = in.readCount(field + " child count", 1);
          if (m > h.labels[n.childLevel].length) {
            throw in.corrupt(field + " child count", "must be at most the " + h.labels[n.childLevel].length
                + " labels of level " + n.childLevel + ", is " + m);
          }
          n.childCodes = new int[m];
          n.childIndex = new int[m];
          Set<Integer> seen = new HashSet<>();
          for (int c = 0; c < m; c++) {
            Integer k = labelCodes.get(n.dim).get(n.childLevel).get(in.readString(field + " child label"));
            if (k == null || !seen.add(k)) {
              throw in.corrupt(field + " child label", k == null ? "not a label of level " + n.childLevel
                  + " of the hierarchy of '" + names[n.dim] + "'" : "listed twice");
            }
            n.childCodes[c] = k;
            n.childIndex[c] = in.readInt(field + " child");
          }
          n.fallback = in.readInt(field + " fallback child");
          if (n.fallback < 0 || n.fallback >= m) {
            throw in.corrupt(field + " fallback child", "must be in [0, " + m + "), is " + n.fallback);
          }
        } else {
          throw in.corrupt(field + " kind", "unknown node kind " + n.tag);
        }
        raw.add(n);
      }
      // Structure: children come after their parent and every node but the root has one parent.
      boolean[] hasParent = new boolean[nodeCount];
      boolean[] leafOf = new boolean[classes];
      for (int i = 0; i < nodeCount; i++) {
        RawNode n = raw.get(i);
        if (n.tag == TAG_LEAF) {
          if (leafOf[n.leafClass]) {
            throw in.corrupt("node " + i + " cohort", "cohort " + n.leafClass + " is the leaf of two nodes");
          }
          leafOf[n.leafClass] = true;
          continue;
        }
        int[] children = n.tag == TAG_HIERARCHICAL ? n.childIndex : new int[] {n.left, n.right};
        for (int child : children) {
          if (child <= i || child >= nodeCount || hasParent[child]) {
            throw in.corrupt("node " + i + " child", "child index " + child + " must be in (" + i + ", " + nodeCount
                + ") and not the child of another node");
          }
          hasParent[child] = true;
        }
      }
      for (int c = 0; c < classes; c++) {
        if (!leafOf[c]) {
          throw in.corrupt("nodes", "cohort " + c + " is the leaf of no node");
        }
      }
      // Attributes: categorical dictionaries are the texts of their splits.
      Attribute[] attributes = new Attribute[d];
      for (int q = 0; q < d; q++) {
        if (kind[q] == CATEGORICAL) {
          TreeSet<String> texts = new TreeSet<>();
          for (RawNode n : raw) {
            if (n.tag == TAG_CATEGORICAL && n.dim == q) {
              texts.addAll(n.leftTexts);
              texts.addAll(n.rightTexts);
            }
          }
          attributes[q] = new Attribute(names[q], CATEGORICAL, false, null, texts.toArray(new String[0]), null, null,
              null);
        } else {
          attributes[q] = new Attribute(names[q], kind[q], kind[q] == NUMERIC && date[q], null, null, null, codes[q],
              null);
        }
      }
      Node[] nodes = new Node[nodeCount];
      for (int i = nodeCount - 1; i >= 0; i--) {
        RawNode n = raw.get(i);
        if (n.tag == TAG_LEAF) {
          nodes[i] = new Node(n.leafClass, -1, Double.NaN, null, null, -1, null, null);
        } else if (n.tag == TAG_NUMERIC) {
          nodes[i] = new Node(-1, n.dim, n.threshold, nodes[n.left], nodes[n.right], -1, null, null);
        } else if (n.tag == TAG_CATEGORICAL) {
          Attribute a = attributes[n.dim];
          byte[] side = new byte[a.sortedDistinct.length];
          for (String t : n.leftTexts) {
            side[a.numberOf.get(t)] = LEFT;
          }
          for (String t : n.rightTexts) {
            side[a.numberOf.get(t)] = RIGHT;
          }
          Node left = nodes[n.left];
          Node right = nodes[n.right];
          nodes[i] = new Node(-1, n.dim, Double.NaN, left, right, -1, null, n.fallbackSide == LEFT ? left : right,
              side);
        } else {
          Map<Integer, Node> children = new HashMap<>();
          for (int c = 0; c < n.childCodes.length; c++) {
            children.put(n.childCodes[c], nodes[n.childIndex[c]]);
          }
          nodes[i] = new Node(-1, n.dim, Double.NaN, null, null, n.childLevel, children, nodes[n.childIndex[n.fallback]]);
        }
      }
      double[][] min = new double[d][classes];
      double[][] max = new double[d][classes];
      int[][] level = new int[d][classes];
      int[][] code = new int[d][classes];
      String[][][] categories = new String[d][classes][];
      for (int c = 0; c < classes; c++) {
        for (int q = 0; q < d; q++) {
          String field = "description of cohort " + c + ", attribute '" + names[q] + "'";
          if (kind[q] == NUMERIC) {
            min[q][c] = in.readDouble(field + " minimum");
            max[q][c] = in.readDouble(field + " maximum");
            if (!(Double.isFinite(min[q][c]) && Double.isFinite(max[q][c]) && min[q][c] <= max[q][c])) {
              throw in.corrupt(field, "the range must be finite with minimum <= maximum");
            }
          } else if (kind[q] == CATEGORICAL) {
            int m = in.readInt(field + " category count");
            if (m == -1) {
              continue;
            }
            if (m < 1 || m > domain[q] || isEveryCategory(m, domain[q])) {
              throw in.corrupt(field + " category count", "must be -1 (every category) or in [1, " + domain[q]
                  + "] and not every category, is " + m);
            }
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < m; i++) {
              String t = in.readString(field + " category");
              if (i > 0 && texts.get(i - 1).compareTo(t) >= 0) {
                throw in.corrupt(field + " category", "categories must be distinct and ascending");
              }
              texts.add(t);
            }
            categories[q][c] = texts.toArray(new String[0]);
          } else {
            HierarchyCodes h = codes[q];
            level[q][c] = in.readInt(field + " level");
            if (level[q][c] < 0 || level[q][c] > h.height + 1) {
              throw in.corrupt(field + " level", "must be in [0, " + (h.height + 1) + "], is " + level[q][c]);
            }
            if (level[q][c] <= h.height) {
              Integer k = labelCodes.get(q).get(level[q][c]).get(in.readString(field + " label"));
              if (k == null) {
                throw in.corrupt(field + " label", "not a label of level " + level[q][c] + " of the hierarchy");
              }
              code[q][c] = k;
            }
          }
        }
      }
      return new Tree(attributes, nodes[0], classes, min, max, categories, domain, level, code);
    }

    /** [level] → label → code. */
    private static List<Map<String, Integer>> labelCodes(HierarchyCodes h) {
      List<Map<String, Integer>> out = new ArrayList<>();
      for (int l = 0; l <= h.height; l++) {
        Map<String, Integer> codes = new HashMap<>();
        for (int c = 0; c < h.labels[l].length; c++) {
          codes.put(h.labels[l][c], c);
        }
        out.add(codes);
      }
      return out;
    }

    private static List<String> readTexts(Input in, String field, Set<String> seen) throws IOException {
      int m = in.readCount(field + " count", 1);
      List<String> out = new ArrayList<>();
      for (int i = 0; i < m; i++) {
        String t = in.readString(field);
        if (!seen.add(t)) {
          throw in.corrupt(field, "a category is listed twice in one split");
        }
        out.add(t);
      }
      return out;
    }
  }

  private static final int TAG_LEAF = 0;
  private static final int TAG_NUMERIC = 1;
  private static final int TAG_CATEGORICAL = 2;
  private static final int TAG_HIERARCHICAL = 3;

  /** Longest text accepted by {@link Input#readString}, in UTF-8 bytes. */
  static final int MAX_TEXT_BYTES = 1 << 24;

  /**
   * Writes {@code text} as its UTF-8 length ({@code int}) and bytes.
   *
   * @param field what the text is, for the error message (never the text: it may be private)
   * @throws IOException from {@code out}, or if the text is not valid Unicode (an unpaired surrogate)
   */
  public static void writeString(DataOutputStream out, String text, String field) throws IOException {
    CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes;
    try {
      bytes = encoder.encode(CharBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      throw new IOException(field + " is not valid Unicode text (it has an unpaired surrogate) and cannot be written"
          + " (the text is not quoted)");
    }
    out.writeInt(bytes.remaining());
    out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
  }

  /**
   * A reader of the cohorts format that counts bytes (for error messages) and keeps a CRC-32 of
   * everything read. Reads exactly the bytes asked for, never ahead. Errors are {@link
   * IOException}s naming the field and the byte offset. Not thread-safe.
   */
  public static final class Input {
    private final InputStream in;
    private final CRC32 crc = new CRC32();
    private long offset;
    private long fieldStart;

    /** Reads from {@code in} (not closed). */
    public Input(InputStream in) {
      this.in = in;
    }

    /** CRC-32 of the bytes read so far, as the low 32 bits. */
    public int checksum() {
      return (int) crc.getValue();
    }

    /** Reads {@code n} bytes. */
    public byte[] readBytes(int n, String field) throws IOException {
      fieldStart = offset;
      byte[] out = new byte[Math.min(n, 1 << 16)];
      int got = 0;
      while (got < n) {
        if (got == out.length) {
          out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
        }
        int r = in.read(out, got, out.length - got);
        if (r < 0) {
          throw new IOException("truncated cohorts data: the input ends at byte " + (offset + got) + ", inside "
              + field);
        }
        got += r;
      }
      crc.update(out, 0, n);
      offset += n;
      return out;
    }

    /** Reads one unsigned byte. */
    public int readByte(String field) throws IOException {
      return readBytes(1, field)[0] & 0xff;
    }

    /** Reads a big-endian {@code int}. */
    public int readInt(String field) throws IOException {
      byte[] b = readBytes(4, field);
      return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    /** Reads an {@code int} that must be at least {@code min}. */
    public int readCount(String field, int min) throws IOException {
      int v = readInt(field);
      if (v < min) {
        throw corrupt(field, "must be >= " + min + ", is " + v);
      }
      return v;
    }

    /** Reads a big-endian IEEE-754 {@code double}. */
    public double readDouble(String field) throws IOException {
      byte[] b = readBytes(8, field);
      long bits = 0;
      for (byte x : b) {
        bits = (bits << 8) | (x & 0xff);
      }
      return Double.longBitsToDouble(bits);
    }

    /** Reads a text written by {@link #writeString}. */
    public String readString(String field) throws IOException {
      int n = readInt(field + " length");
      if (n < 0 || n > MAX_TEXT_BYTES) {
        throw corrupt(field + " length", "must be in [0, " + MAX_TEXT_BYTES + "], is " + n);
      }
      byte[] bytes = readBytes(n, field);
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw corrupt(field, "not valid UTF-8");
      }
    }

    /** An exception for an inconsistent value of {@code field}, the one just read or an earlier one. */
    public IOException corrupt(String field, String what) {
      return new IOException("corrupt cohorts data: " + field + " (read at byte " + fieldStart + "): " + what);
    }
  }

  private static final class Region {
    final int from;
    final int to;
    final int size; // records: the weights of rows idx[from, to)
    final int[] level; // hierarchical attributes: current label (level, code)
    final int[] code;
    Node node; // filled when processed
    // The split, once made: attribute, and per kind the parts (numeric and categorical: left and
    // right; hierarchical: the non-empty children by ascending code).
    int splitDim = -1;
    Region left;
    Region right;
    double threshold; // numeric
    byte[] side; // categorical
    int childLevel; // hierarchical
    int[] childCodes;
    Region[] children;

    Region(int from, int to, int size, int[] level, int[] code) {
      this.from = from;
      this.to = to;
      this.size = size;
      this.level = level;
      this.code = code;
    }
  }

  /**
   * Partitions all records, one per row.
   *
   * @param sensitive the encoded sensitive attributes read by {@code privacy}'s criteria
   * @throws IllegalArgumentException if the whole table does not satisfy the privacy models
   */
  public static Outcome partition(Attribute[] attributes, Encoded sensitive, Privacy privacy, boolean relaxed) {
    return partition(attributes, null, sensitive, privacy, relaxed);
  }

  /**
   * Partitions weighted rows: row {@code r} stands for {@code weights[r] >= 1} records with its
   * values (null: one each), e.g. a histogram of distinct quasi-identifier combinations. Every
   * count (region and class sizes, the privacy models' histograms, the medians, the categorical
   * subset sums, the measures) is in records, so a strict run gives the tree, labels, class
   * numbering and sizes of the run on the table with every row repeated {@code weights[r]} times;
   * rows of equal values are never cut apart by a strict run, so {@link Outcome#classOfRow} of a
   * repeated row is that of its every copy. A relaxed run cuts at the first row boundary at or after
   * half the records, which is the half of the repeated table only with unit weights.
   *
   * @throws IllegalArgumentException if a weight is below 1, the weights sum to more than {@code
   *     Integer.MAX_VALUE}, or the whole table does not satisfy the privacy models
   */
  public static Outcome partition(Attribute[] attributes, int[] weights, Encoded sensitive, Privacy privacy,
      boolean relaxed) {
    return new Run(attributes, weights, sensitive, privacy, relaxed).run();
  }

  private static final class Run {
    final Attribute[] attrs;
    final Encoded sens;
    final Privacy privacy;
    final boolean relaxed;
    final int n; // rows
    final int total; // records: the sum of the weights
    final int[] weight; // [row] → records
    final int d;
    final int[] idx;
    final int[] classOfRow;
    int[] sizes = new int[64]; // [class] → records, the first classCount entries
    int classCount;
    final List<String[]> classLabels = new ArrayList<>();
    final List<double[]> classMin = new ArrayList<>();
    final List<double[]> classMax = new ArrayList<>();
    final List<int[]> classLevel = new ArrayList<>();
    final List<int[]> classCode = new ArrayList<>();
    final List<String[][]> classCategories = new ArrayList<>();
    final double[] lossMass;
    double penalty;
    final int[][] histogram;
    final int[][] touched;
    long[] sortBuffer;
    final int[] rowScratch; // a region's rows in their new order
    final int[] presentScratch; // hierarchical split: the child codes present in a region
    int[] childCount = new int[0]; // hierarchical split: [child code] → rows; zero between splits
    int[] childRecords = new int[0]; // hierarchical split: [child code] → records; zero between splits
    final double[] widthScratch;
    final int[] orderScratch;

    Run(Attribute[] attrs, int[] weights, Encoded sens, Privacy privacy, boolean relaxed) {
      this.attrs = attrs;
      this.sens = sens;
      this.privacy = privacy;
      this.relaxed = relaxed;
      this.d = attrs.length;
      this.n = sens.rows > 0 ? sens.rows : rowsOf(attrs[0]);
      if (weights == null) {
        this.weight = new int[n];
        Arrays.fill(weight, 1);
      } else {
        this.weight = weights.clone();
      }
      this.total = Weights.total(weight, n);
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
      this.rowScratch = new int[n];
      this.presentScratch = new int[n];
      this.widthScratch = new double[d];
      this.orderScratch = new int[d];
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
      Region root = new Region(0, n, total, level, code);
      if (!allowed(0, n, total)) {
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

    /** Resolves the child references of split regions into tree nodes (children first). */
    private void link(List<Region> order) {
      for (int i = order.size() - 1; i >= 0; i--) {
        Region r = order.get(i);
        if (r.node != null) {
          continue;
        }
        int dim = r.splitDim;
        if (attrs[dim].kind == HIERARCHICAL) {
          Map<Integer, Node> nodes = new HashMap<>();
          // The child with the most records, ties to the smallest code (children ascend by code).
          Node fallback = null;
          int most = -1;
          for (int c = 0; c < r.children.length; c++) {
            Region child = r.children[c];
            nodes.put(r.childCodes[c], child.node);
            if (child.size > most) {
              most = child.size;
              fallback = child.node;
            }
          }
          r.node = new Node(-1, dim, Double.NaN, null, null, r.childLevel, nodes, fallback);
        } else if (attrs[dim].kind == CATEGORICAL) {
          Node larger = r.right.size > r.left.size ? r.right.node : r.left.node;
          r.node = new Node(-1, dim, Double.NaN, r.left.node, r.right.node, -1, null, larger, r.side);
        } else {
          r.node = new Node(-1, dim, r.threshold, r.left.node, r.right.node, -1, null, null);
        }
      }
    }

    private List<Region> split(Region r) {
      int size = r.size;
      double[] width = widthScratch;
      int[] order = orderScratch;
      // Attributes by width, widest first, ties by index (insertion sort: d is small).
      for (int q = 0; q < d; q++) {
        double w = width(r, q);
        width[q] = w;
        int p = q;
        while (p > 0 && Double.compare(width[order[p - 1]], w) < 0) {
          order[p] = order[p - 1];
          p--;
        }
        order[p] = q;
      }
      for (int t = 0; t < d; t++) {
        int q = order[t];
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
      int rows = r.to - r.from;
      int size = r.size;
      for (int i = 0; i < rows; i++) {
        int row = idx[r.from + i];
        sortBuffer[i] = ((long) a.rank[row] << 32) | row;
      }
      Arrays.sort(sortBuffer, 0, rows);
      for (int i = 0; i < rows; i++) {
        idx[r.from + i] = (int) sortBuffer[i];
      }
      int boundary;
      int leftSize = 0; // records in idx[r.from, boundary)
      if (relaxed) {
        boundary = r.from;
        while (leftSize < size / 2) {
          leftSize += weight[idx[boundary++]];
        }
        if (!allowed(r.from, boundary, leftSize) || !allowed(boundary, r.to, size - leftSize)) {
          return null;
        }
      } else {
        // The median record is number (size - 1) / 2 in value order; m is the row holding it.
        int median = (size - 1) / 2;
        int m = r.from;
        int before = 0; // records in idx[r.from, m)
        while (before + weight[idx[m]] <= median) {
          before += weight[idx[m++]];
        }
        int medianRank = a.rank[idx[m]];
        int b = m + 1;
        leftSize = before + weight[idx[m]];
        while (b < r.to && a.rank[idx[b]] == medianRank) {
          leftSize += weight[idx[b++]];
        }
        if (b < r.to && allowed(r.from, b, leftSize) && allowed(b, r.to, size - leftSize)) {
          boundary = b;
        } else {
          b = m;
          leftSize = before;
          while (b > r.from && a.rank[idx[b - 1]] == medianRank) {
            leftSize -= weight[idx[--b]];
          }
          if (b > r.from && allowed(r.from, b, leftSize) && allowed(b, r.to, size - leftSize)) {
            boundary = b;
          } else {
            return null;
          }
        }
      }
      double threshold = a.valueOfRank[a.rank[idx[boundary - 1]]];
      Region left = new Region(r.from, boundary, leftSize, r.level.clone(), r.code.clone());
      Region right = new Region(boundary, r.to, size - leftSize, r.level.clone(), r.code.clone());
      r.splitDim = q;
      r.left = left;
      r.right = right;
      r.threshold = threshold;
      return List.of(left, right);
    }

    /** Categories present in the region as {@code {number, records}} pairs, by category number. */
    private int[][] countCategories(Region r, Attribute a) {
      int[] count = new int[a.sortedDistinct.length];
      int present = 0;
      for (int i = r.from; i < r.to; i++) {
        int row = idx[i];
        int c = a.category[row];
        if (count[c] == 0) {
          present++;
        }
        count[c] += weight[row];
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
      int size = r.size;
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
          if (allowed(r.from, boundary, s) && allowed(boundary, r.to, size - s)) {
            Region lo = new Region(r.from, boundary, s, r.level.clone(), r.code.clone());
            Region hi = new Region(boundary, r.to, size - s, r.level.clone(), r.code.clone());
            byte[] side = new byte[domain];
            for (int[] c : present) {
              side[c[0]] = left[c[0]] ? LEFT : RIGHT;
            }
            r.splitDim = q;
            r.left = lo;
            r.right = hi;
            r.side = side;
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
      int rows = r.to - r.from;
      for (int i = 0; i < rows; i++) {
        sortBuffer[i] = idx[r.from + i];
      }
      Arrays.sort(sortBuffer, 0, rows);
      int w = r.from;
      for (int i = 0; i < rows; i++) {
        int row = (int) sortBuffer[i];
        if (left[a.category[row]]) {
          idx[w++] = row;
        }
      }
      int boundary = w;
      for (int i = 0; i < rows; i++) {
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
      int[] codeOfLeaf = a.code[childLevel];
      int[] leafOfRow = a.leafOfRow;
      if (childCount.length < children) {
        childCount = new int[children];
        childRecords = new int[children];
      }
      // Rows and records per child code; the codes present, then sorted ascending. The scratch
      // arrays are all zero between calls.
      int[] count = childCount;
      int[] records = childRecords;
      int[] present = presentScratch;
      int parts = 0;
      for (int i = r.from; i < r.to; i++) {
        int row = idx[i];
        int c = codeOfLeaf[leafOfRow[row]];
        if (count[c]++ == 0) {
          present[parts++] = c;
        }
        records[c] += weight[row];
      }
      Arrays.sort(present, 0, parts);
      int[] codes = Arrays.copyOf(present, parts);
      int[] partRecords = new int[parts];
      int[] offset = new int[parts + 1];
      boolean small = false;
      for (int p = 0; p < parts; p++) {
        int c = codes[p];
        partRecords[p] = records[c];
        small |= records[c] < privacy.k;
        offset[p + 1] = offset[p] + count[c];
        count[c] = offset[p]; // from here on: the next write position of child c
        records[c] = 0;
      }
      if (small) {
        // A part below k fails every privacy model: reject before any row moves (the order of a
        // region's rows does not matter to any later step).
        for (int p = 0; p < parts; p++) {
          count[codes[p]] = 0;
        }
        return null;
      }
      int[] sorted = rowScratch;
      for (int i = r.from; i < r.to; i++) {
        int row = idx[i];
        sorted[count[codeOfLeaf[leafOfRow[row]]]++] = row;
      }
      for (int p = 0; p < parts; p++) {
        count[codes[p]] = 0;
      }
      System.arraycopy(sorted, 0, idx, r.from, r.to - r.from);
      Region[] byCode = new Region[parts];
      for (int p = 0; p < parts; p++) {
        int from = r.from + offset[p];
        int to = r.from + offset[p + 1];
        if (!allowed(from, to, partRecords[p])) {
          return null;
        }
        int[] level = r.level.clone();
        int[] code = r.code.clone();
        level[q] = childLevel;
        code[q] = codes[p];
        byCode[p] = new Region(from, to, partRecords[p], level, code);
      }
      r.splitDim = q;
      r.childLevel = childLevel;
      r.childCodes = codes;
      r.children = byCode;
      return Arrays.asList(byCode);
    }

    /** Whether rows idx[from, to), {@code size} records, satisfy every privacy model. */
    private boolean allowed(int from, int to, int size) {
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
          int row = idx[i];
          int v = col[row];
          if (h[v] == 0) {
            t[m++] = v;
          }
          h[v] += weight[row];
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
      int cls = classCount++;
      int size = r.size;
      if (cls == sizes.length) {
        sizes = Arrays.copyOf(sizes, 2 * cls);
      }
      sizes[cls] = size;
      String[] labels = new String[d];
      double[] min = new double[d];
      double[] max = new double[d];
      int[] level = new int[d];
      int[] code = new int[d];
      String[][] categories = new String[d][];
      for (int q = 0; q < d; q++) {
        Attribute a = attrs[q];
        double share;
        if (a.kind == HIERARCHICAL) {
          level[q] = r.level[q];
          code[q] = r.code[q];
          labels[q] = a.label(r.level[q], r.code[q]);
          int leaves = a.leaves(r.level[q], r.code[q]);
          share = (double) leaves / a.domain;
          penalty += leaves == 1 ? 0 : size * share;
        } else if (a.kind == CATEGORICAL) {
          int[][] present = countCategories(r, a);
          int domain = a.sortedDistinct.length;
          String[] texts = new String[present.length];
          for (int i = 0; i < present.length; i++) {
            texts[i] = a.sortedDistinct[present[i][0]];
          }
          categories[q] = Tree.isEveryCategory(texts.length, domain) ? null : texts;
          labels[q] = Tree.categoryLabel(categories[q]);
          share = (double) present.length / domain;
          penalty += present.length == 1 ? 0 : size * share;
        } else {
          int lo = Integer.MAX_VALUE;
          int hi = Integer.MIN_VALUE;
          for (int i = r.from; i < r.to; i++) {
            lo = Math.min(lo, a.rank[idx[i]]);
            hi = Math.max(hi, a.rank[idx[i]]);
          }
          min[q] = a.valueOfRank[lo];
          max[q] = a.valueOfRank[hi];
          labels[q] = Tree.numericLabel(a, min[q], max[q]);
          double range = a.globalMax - a.globalMin;
          share = range > 0 ? (max[q] - min[q]) / range : 0;
          penalty += size * share;
        }
        lossMass[q] += size * share;
      }
      classLabels.add(labels);
      classMin.add(min);
      classMax.add(max);
      classLevel.add(level);
      classCode.add(code);
      classCategories.add(categories);
      for (int i = r.from; i < r.to; i++) {
        classOfRow[idx[i]] = cls;
      }
      r.node = new Node(cls, -1, Double.NaN, null, null, -1, null, null);
    }

    private Outcome outcome(Region root) {
      Column[] labels = new Column[d];
      String[][] perClass = new String[d][classLabels.size()];
      for (int c = 0; c < classLabels.size(); c++) {
        String[] classLabelsC = classLabels.get(c);
        for (int q = 0; q < d; q++) {
          perClass[q][c] = classLabelsC[q];
        }
      }
      for (int q = 0; q < d; q++) {
        labels[q] = new Column(perClass[q], classOfRow);
      }
      int[] classSize = Arrays.copyOf(sizes, classCount);
      long dm = 0;
      for (int s : classSize) {
        dm += (long) s * s;
      }
      double product = 1;
      for (int q = 0; q < d; q++) {
        Attribute a = attrs[q];
        double min = a.kind == HIERARCHICAL ? (double) total / a.domain
            : a.kind == CATEGORICAL ? (double) total / a.sortedDistinct.length : 0;
        double v = total > min ? (lossMass[q] - min) / (total - min) : 0;
        v = Math.floor(Math.max(0, v) * 1e10) / 1e10;
        product *= Math.pow(v + 1, 1.0 / d);
      }
      int classes = classSize.length;
      double[][] min = new double[d][classes];
      double[][] max = new double[d][classes];
      int[][] level = new int[d][classes];
      int[][] code = new int[d][classes];
      String[][][] categories = new String[d][classes][];
      int[] domain = new int[d];
      for (int q = 0; q < d; q++) {
        domain[q] = attrs[q].kind == CATEGORICAL ? attrs[q].sortedDistinct.length : 0;
      }
      for (int c = 0; c < classes; c++) {
        double[] classMinC = classMin.get(c);
        double[] classMaxC = classMax.get(c);
        int[] classLevelC = classLevel.get(c);
        int[] classCodeC = classCode.get(c);
        String[][] classCategoriesC = classCategories.get(c);
        for (int q = 0; q < d; q++) {
          min[q][c] = classMinC[q];
          max[q][c] = classMaxC[q];
          level[q][c] = classLevelC[q];
          code[q][c] = classCodeC[q];
          categories[q][c] = classCategoriesC[q];
        }
      }
      Tree tree = new Tree(attrs, root.node, classes, min, max, categories, domain, level, code);
      return new Outcome(labels, classOfRow, classSize, dm, (double) total / classSize.length, product - 1,
          penalty / ((double) total * d), tree);
    }
  }
}
