package io.privrec.dp.kanon.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Optimal full-domain generalisation: finds the transformation (one level per quasi-identifier)
 * that satisfies the privacy models with the fewest suppressed records allowed and minimises the
 * chosen measure, searching the lattice of level vectors in the manner of ARX's Flash (Kohlmayer
 * et al., "Flash: Efficient, Stable and Optimal K-Anonymity", PASSAT 2012):
 *
 * <ol>
 *   <li>Anonymity is monotone in the lattice (with ARX's suppression semantics, generalising never
 *       increases the number of records in violating classes), so one check tags a whole cone:
 *       an anonymous node makes all its generalisations anonymous, a non-anonymous node all its
 *       specialisations non-anonymous. Phase 1 walks greedy paths upwards from the lowest
 *       untagged nodes and binary-searches each path.
 *   <li>Every measure has a lower bound that is monotone in the lattice; once it exceeds the best
 *       score found, the node and all its generalisations are pruned. Phase 2 evaluates the
 *       remaining anonymous nodes in order of increasing bound.
 *   <li>Classes are rolled up from the cached classes of the closest evaluated specialisation
 *       (ARX's roll-up), not recomputed from the records, into tables reused across roll-ups.
 *   <li>For DM the bound is {@code Σ size · max(size, k)} over the node's classes, tighter than
 *       DM* when classes are smaller than k.
 * </ol>
 *
 * Ties are broken deterministically: lower score, then lower sum of levels, then the
 * lexicographically smaller level vector. Not thread-safe; one instance per search.
 */
public final class OptimalSearch {
  /** Largest lattice the search enumerates. */
  public static final int MAX_LATTICE = 1 << 24;
  private static final long CACHE_BUDGET = 24L << 20; // ints
  private static final int CACHE_ENTRIES = 4096;

  private static final byte UNKNOWN = 0;
  private static final byte ANONYMOUS = 1;
  private static final byte NOT_ANONYMOUS = 2;

  private final Encoded e;
  private final Privacy privacy;
  private final Measures measures;
  private final MetricKind kind;
  private final double gs;
  private final long maxChecks;
  private final long deadline;

  private final int dims;
  private final int[] height;
  private final int[] stride;
  private final int size;
  private final byte[] state;
  private final boolean[] pruned;
  private final boolean monotone;
  // Roll-up sources: evaluated nodes' cells, oldest first, with their levels packed for a fast
  // "is a specialisation of" test (see below).
  private final List<Cached> cache = new ArrayList<>();
  private final BitSet inCache = new BitSet();
  private long cached;
  private final int[] fieldShift;
  private final long guardBits;
  private final boolean packedLevels;

  private int bestId = -1;
  private double bestScore = Double.POSITIVE_INFINITY;
  private Partition bestPartition;
  private int checks;
  private boolean interrupted;
  private final BitSet evaluated = new BitSet();
  private final RollUpScratch scratch = new RollUpScratch();

  /** Outcome of a search. */
  public static final class Outcome {
    /** The best transformation's classes, or null if no transformation satisfies the models. */
    public final Partition best;
    /** Its score. */
    public final double score;
    /** Whether the whole lattice was covered (the answer is optimal). */
    public final boolean complete;
    /** Number of nodes whose classes were computed. */
    public final int checks;
    /** Number of nodes in the lattice. */
    public final int latticeSize;

    Outcome(Partition best, double score, boolean complete, int checks, int latticeSize) {
      this.best = best;
      this.score = score;
      this.complete = complete;
      this.checks = checks;
      this.latticeSize = latticeSize;
    }
  }

  /**
   * Prepares a search.
   *
   * @param maxChecks stop after this many node evaluations (best so far is returned)
   * @param deadline {@link System#nanoTime()} after which the search stops
   * @throws IllegalArgumentException if the lattice has more than {@link #MAX_LATTICE} nodes
   */
  public OptimalSearch(Encoded e, Privacy privacy, Measures measures, MetricKind kind, double gs,
      long maxChecks, long deadline) {
    this.e = e;
    this.privacy = privacy;
    this.measures = measures;
    this.kind = kind;
    this.gs = gs;
    this.maxChecks = maxChecks;
    this.deadline = deadline;
    this.dims = e.dims;
    this.height = e.height.clone();
    this.stride = new int[dims];
    long s = 1;
    for (int q = dims - 1; q >= 0; q--) {
      stride[q] = (int) s;
      s *= height[q] + 1;
      if (s > MAX_LATTICE) {
        throw new IllegalArgumentException("the generalisation lattice has more than " + MAX_LATTICE
            + " nodes (heights " + Arrays.toString(height) + "); use fewer quasi-identifiers, "
            + "flatter hierarchies or Mondrian");
      }
    }
    this.size = (int) s;
    this.state = new byte[size];
    this.pruned = new boolean[size];
    this.monotone = privacy.maxOutliers == 0 || kind == MetricKind.DISCERNIBILITY_STAR;
    this.fieldShift = new int[dims];
    int bits = 0;
    long guards = 0;
    for (int q = 0; q < dims; q++) {
      int width = 32 - Integer.numberOfLeadingZeros(height[q]) + 1; // value bits + guard bit
      fieldShift[q] = bits;
      bits += width;
      guards |= 1L << (bits - 1);
    }
    this.packedLevels = bits <= 63;
    this.guardBits = guards;
  }

  /** Runs the search. */
  public Outcome run() {
    int top = size - 1;
    if (!check(top)) {
      return new Outcome(null, Double.NaN, true, checks, size);
    }
    int[] order = privacy.monotone() ? byLevel() : new int[0];
    outer:
    for (int id : order) {
      if (state[id] != UNKNOWN || isPruned(id)) {
        continue;
      }
      int[] path = pathFrom(id);
      int lo = 0;
      int hi = path.length - 1;
      while (lo <= hi) {
        if (stop()) {
          break outer;
        }
        int mid = (lo + hi) >>> 1;
        int node = path[mid];
        boolean anonymous;
        if (state[node] != UNKNOWN) {
          anonymous = state[node] == ANONYMOUS;
        } else if (isPruned(node)) {
          anonymous = true; // everything above is pruned as well: search below
        } else {
          anonymous = check(node);
        }
        if (anonymous) {
          hi = mid - 1;
        } else {
          lo = mid + 1;
        }
      }
    }
    if (!interrupted) {
      List<Integer> candidates = new ArrayList<>();
      for (int id = 0; id < size; id++) {
        boolean candidate = privacy.monotone() ? state[id] == ANONYMOUS : state[id] == UNKNOWN;
        if (candidate && !isPruned(id)) {
          candidates.add(id);
        }
      }
      double[] bound = new double[size];
      for (int id : candidates) {
        bound[id] = staticBound(id);
      }
      candidates.sort((a, b) -> {
        int c = Double.compare(bound[a], bound[b]);
        if (c != 0) {
          return c;
        }
        c = Integer.compare(levelSum(a), levelSum(b));
        return c != 0 ? c : Integer.compare(a, b);
      });
      for (int id : candidates) {
        if (stop()) {
          break;
        }
        if (!evaluated.get(id) && !isPruned(id)) {
          check(id);
        }
      }
    }
    return new Outcome(bestPartition, bestScore, !interrupted, checks, size);
  }

  private boolean stop() {
    if (checks >= maxChecks || System.nanoTime() - deadline > 0) {
      interrupted = true;
    }
    return interrupted;
  }

  private int[] byLevel() {
    int maxLevel = 0;
    for (int h : height) {
      maxLevel += h;
    }
    int[] count = new int[maxLevel + 2];
    int[] levelOf = new int[size];
    for (int id = 0; id < size; id++) {
      levelOf[id] = levelSum(id);
      count[levelOf[id] + 1]++;
    }
    for (int i = 0; i <= maxLevel; i++) {
      count[i + 1] += count[i];
    }
    int[] order = new int[size];
    for (int id = 0; id < size; id++) {
      order[count[levelOf[id]]++] = id;
    }
    return order;
  }

  private int[] pathFrom(int start) {
    List<Integer> path = new ArrayList<>();
    int cur = start;
    int[] levels = new int[dims];
    while (true) {
      path.add(cur);
      levelsOf(cur, levels);
      int next = -1;
      double nextBound = Double.POSITIVE_INFINITY;
      for (int q = 0; q < dims; q++) {
        if (levels[q] < height[q]) {
          int succ = cur + stride[q];
          if (state[succ] == UNKNOWN && !isPruned(succ)) {
            // Climb along the costliest generalisation: it reaches the anonymous region in fewer
            // steps, so paths are shorter and binary searches check fewer nodes.
            double b = -staticBound(succ);
            if (next == -1 || b < nextBound || (b == nextBound && succ < next)) {
              next = succ;
              nextBound = b;
            }
          }
        }
      }
      if (next == -1) {
        break;
      }
      cur = next;
    }
    return path.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Evaluates a node: groups it, classifies it, scores it if anonymous; returns anonymity. */
  private boolean check(int id) {
    int[] levels = new int[dims];
    levelsOf(id, levels);
    Cells cells = cellsFor(id, levels);
    Partition p = privacy.partition(e, cells, levels);
    checks++;
    remember(id, levels, cells);
    double bound = measures.dataBound(kind, gs, p, privacy.k);
    evaluated.set(id);
    if (p.anonymous) {
      if (privacy.monotone()) {
        tag(id, ANONYMOUS);
      } else {
        state[id] = ANONYMOUS;
      }
      double score = measures.score(kind, gs, p);
      if (better(score, id)) {
        bestId = id;
        bestScore = score;
        bestPartition = p;
      }
      if (monotone) {
        pruneAbove(id);
      }
    } else if (privacy.monotone()) {
      tag(id, NOT_ANONYMOUS);
    } else {
      state[id] = NOT_ANONYMOUS;
    }
    if (bestId >= 0 && (bound > bestScore || (bound == bestScore && levelSum(id) >= levelSum(bestId)))) {
      pruneAbove(id);
    }
    return p.anonymous;
  }

  private boolean better(double score, int id) {
    if (bestId < 0 || score < bestScore) {
      return true;
    }
    if (score > bestScore) {
      return false;
    }
    int c = Integer.compare(levelSum(id), levelSum(bestId));
    return c < 0 || (c == 0 && id < bestId);
  }

  private boolean isPruned(int id) {
    if (pruned[id]) {
      return true;
    }
    if (bestId < 0) {
      return false;
    }
    double b = staticBound(id);
    if (b > bestScore || (b == bestScore && levelSum(id) > levelSum(bestId))) {
      pruned[id] = true;
      return true;
    }
    return false;
  }

  private double staticBound(int id) {
    int[] levels = new int[dims];
    levelsOf(id, levels);
    return measures.staticBound(kind, gs, levels);
  }

  /** Marks all strict generalisations of {@code id} as pruned. */
  private void pruneAbove(int id) {
    int[] stack = new int[64];
    int top = 0;
    int[] levels = new int[dims];
    levelsOf(id, levels);
    for (int q = 0; q < dims; q++) {
      if (levels[q] < height[q] && !pruned[id + stride[q]]) {
        pruned[id + stride[q]] = true;
        stack = push(stack, top++, id + stride[q]);
      }
    }
    while (top > 0) {
      int cur = stack[--top];
      levelsOf(cur, levels);
      for (int q = 0; q < dims; q++) {
        if (levels[q] < height[q] && !pruned[cur + stride[q]]) {
          pruned[cur + stride[q]] = true;
          stack = push(stack, top++, cur + stride[q]);
        }
      }
    }
  }

  /** Tags {@code id} and its cone (generalisations if anonymous, specialisations otherwise). */
  private void tag(int id, byte tag) {
    int[] stack = new int[64];
    int top = 0;
    int[] levels = new int[dims];
    state[id] = tag;
    stack = push(stack, top++, id);
    boolean up = tag == ANONYMOUS;
    while (top > 0) {
      int cur = stack[--top];
      levelsOf(cur, levels);
      for (int q = 0; q < dims; q++) {
        int next;
        if (up) {
          if (levels[q] == height[q]) {
            continue;
          }
          next = cur + stride[q];
        } else {
          if (levels[q] == 0) {
            continue;
          }
          next = cur - stride[q];
        }
        if (state[next] != tag) {
          state[next] = tag;
          stack = push(stack, top++, next);
        }
      }
    }
  }

  private static int[] push(int[] stack, int top, int value) {
    if (top == stack.length) {
      stack = Arrays.copyOf(stack, top * 2);
    }
    stack[top] = value;
    return stack;
  }

  /** Classes of an evaluated node kept for roll-up. */
  private static final class Cached {
    final int id;
    final int[] levels;
    final long packed;
    final Cells cells;

    Cached(int id, int[] levels, long packed, Cells cells) {
      this.id = id;
      this.levels = levels;
      this.packed = packed;
      this.cells = cells;
    }
  }

  /**
   * Levels packed one field per dimension, each with a guard bit above it: {@code (target |
   * guards) - source} keeps every guard bit iff no field of {@code source} exceeds {@code target}'s.
   */
  private long packLevels(int[] levels) {
    long p = 0;
    for (int q = 0; q < dims; q++) {
      p |= (long) levels[q] << fieldShift[q];
    }
    return p;
  }

  /** The cells of the node with {@code levels}, rolled up from its closest cached specialisation. */
  private Cells cellsFor(int id, int[] levels) {
    Cached from = closestSource(levels);
    if (from == null) {
      return e.rollUp(e.base, new int[dims], levels, scratch);
    }
    return Arrays.equals(from.levels, levels) ? from.cells : e.rollUp(from.cells, from.levels, levels, scratch);
  }

  /** The cached specialisation of {@code levels} with the fewest cells, or null for the base. */
  private Cached closestSource(int[] levels) {
    Cached best = null;
    int bestCount = e.base.count;
    long target = packedLevels ? packLevels(levels) | guardBits : 0;
    for (int i = 0, n = cache.size(); i < n; i++) {
      Cached c = cache.get(i);
      if (c.cells.count >= bestCount) {
        continue;
      }
      boolean below;
      if (packedLevels) {
        below = ((target - c.packed) & guardBits) == guardBits;
      } else {
        below = true;
        for (int q = 0; q < dims && below; q++) {
          below = c.levels[q] <= levels[q];
        }
      }
      if (below) {
        best = c;
        bestCount = c.cells.count;
      }
    }
    return best;
  }

  private void remember(int id, int[] levels, Cells cells) {
    if (cells == e.base || inCache.get(id)) {
      return;
    }
    cache.add(new Cached(id, levels.clone(), packedLevels ? packLevels(levels) : 0, cells));
    inCache.set(id);
    cached += cells.footprint();
    int drop = 0;
    while ((cached > CACHE_BUDGET || cache.size() - drop > CACHE_ENTRIES) && drop < cache.size()) {
      Cached eldest = cache.get(drop++);
      cached -= eldest.cells.footprint();
      inCache.clear(eldest.id);
    }
    if (drop > 0) {
      cache.subList(0, drop).clear();
    }
  }

  private void levelsOf(int id, int[] out) {
    for (int q = 0; q < dims; q++) {
      out[q] = id / stride[q] % (height[q] + 1);
    }
  }

  private int levelSum(int id) {
    int sum = 0;
    for (int q = 0; q < dims; q++) {
      sum += id / stride[q] % (height[q] + 1);
    }
    return sum;
  }
}
