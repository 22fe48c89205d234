package io.privrec.dp.kanon.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

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
 * lexicographically smaller level vector.
 *
 * <h2>Threads</h2>
 *
 * A node's evaluation (its classes, anonymity, bound and score) depends on the node alone: cells
 * come out in order of the records' first appearance whichever cached specialisation they are
 * rolled up from. With {@code threads > 1}, helper threads evaluate ahead the nodes the search is
 * predicted to check next (the binary search and the following paths assuming that every node
 * checked is not anonymous, which most are; the next candidates in phase 2), each with its own
 * roll-up scratch; the search itself runs on the calling thread exactly as with one thread and
 * takes a node's evaluation from a helper when one was made, or makes it itself. All pruning,
 * tagging and the choice of the best node are applied by the calling thread in the one-thread
 * order, so the outcome (the node, its classes, score and the number of checks) is the same for
 * every thread count and scheduling; evaluations the search never asks for are dropped and not
 * counted. Helpers are daemon threads started by {@link #run()} and told to stop when it returns.
 *
 * <p>Not thread-safe; one instance per search.
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
  private final int threads;

  private final int dims;
  private final int[] height;
  private final int[] stride;
  private final int size;
  private final byte[] state;
  private final boolean[] pruned;
  private final boolean monotone;
  // Roll-up sources: evaluated nodes' cells, oldest first, with their levels packed for a fast
  // "is a specialisation of" test (see below). Written by the searching thread only; helpers read
  // the last published snapshot.
  private volatile Sources sources = new Sources(new Cached[16], new long[16], new int[16], 0, 0);
  private final BitSet inCache = new BitSet();
  private long cached;
  private final int[] fieldShift;
  private final long guardBits;
  private final boolean packedLevels;
  /** Packed levels per node, filled on demand by predictions (null for large lattices). */
  private long[] packedOf;

  private int bestId = -1;
  private double bestScore = Double.POSITIVE_INFINITY;
  private Partition bestPartition;
  private int checks;
  private boolean interrupted;
  private final BitSet evaluated = new BitSet();
  private final RollUpScratch scratch = new RollUpScratch();
  /** The last node the search thread rolled up from the base cells; see {@link #hubFor}. */
  private int[] previousFromBase;
  /** Whether {@link #hubFor} may make hubs (tests compare with the search without them). */
  private boolean hubs = true;
  /** Hubs made so far. */
  private int hubsMade;
  private Speculation speculation;

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
   * Prepares a search on the calling thread alone.
   *
   * @param maxChecks stop after this many node evaluations (best so far is returned)
   * @param deadline {@link System#nanoTime()} after which the search stops
   * @throws IllegalArgumentException if the lattice has more than {@link #MAX_LATTICE} nodes
   */
  public OptimalSearch(Encoded e, Privacy privacy, Measures measures, MetricKind kind, double gs,
      long maxChecks, long deadline) {
    this(e, privacy, measures, kind, gs, maxChecks, deadline, 1);
  }

  /**
   * Prepares a search that evaluates nodes on up to {@code threads} threads (the calling thread
   * and {@code threads - 1} helpers); the outcome does not depend on {@code threads}.
   *
   * @param maxChecks stop after this many node evaluations (best so far is returned)
   * @param deadline {@link System#nanoTime()} after which the search stops
   * @param threads threads evaluating nodes, at least 1
   * @throws IllegalArgumentException if the lattice has more than {@link #MAX_LATTICE} nodes, or
   *     {@code threads < 1}
   */
  public OptimalSearch(Encoded e, Privacy privacy, Measures measures, MetricKind kind, double gs,
      long maxChecks, long deadline, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1. Provided value: " + threads);
    }
    this.threads = threads;
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
    if (!check(top, null)) {
      return new Outcome(null, Double.NaN, true, checks, size);
    }
    if (threads > 1) {
      speculation = new Speculation(threads - 1);
      packedOf = packedLevels && size <= 1 << 20 ? new long[size] : null;
    }
    try {
      if (privacy.monotone()) {
        walkPaths();
      }
      if (!interrupted) {
        evaluateCandidates();
      }
    } finally {
      if (speculation != null) {
        speculation.close();
        speculation = null;
      }
    }
    return new Outcome(bestPartition, bestScore, !interrupted, checks, size);
  }

  /** Phase 1: greedy paths up from the lowest untagged nodes, each binary-searched. */
  private void walkPaths() {
    int[] order = byLevel();
    outer:
    for (int i = 0; i < order.length; i++) {
      int id = order[i];
      if (state[id] != UNKNOWN || isPruned(id)) {
        continue;
      }
      int[] path = pathFrom(id, null, 0);
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
          anonymous = check(node, speculation == null ? null : predictPaths(order, i + 1, path, mid + 1, hi, node));
        }
        if (anonymous) {
          hi = mid - 1;
        } else {
          lo = mid + 1;
        }
      }
    }
  }

  /** Phase 2: the remaining candidates in order of increasing bound. */
  private void evaluateCandidates() {
    List<Integer> list = new ArrayList<>();
    for (int id = 0; id < size; id++) {
      boolean candidate = privacy.monotone() ? state[id] == ANONYMOUS : state[id] == UNKNOWN;
      if (candidate && !isPruned(id)) {
        list.add(id);
      }
    }
    double[] bound = new double[size];
    for (int id : list) {
      bound[id] = staticBound(id);
    }
    list.sort((a, b) -> {
      int c = Double.compare(bound[a], bound[b]);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(levelSum(a), levelSum(b));
      return c != 0 ? c : Integer.compare(a, b);
    });
    int[] candidates = list.stream().mapToInt(Integer::intValue).toArray();
    for (int c = 0; c < candidates.length; c++) {
      if (stop()) {
        break;
      }
      int id = candidates[c];
      if (!evaluated.get(id) && !isPruned(id)) {
        check(id, speculation == null ? null : predictCandidates(candidates, c + 1));
      }
    }
  }

  /** Nodes evaluated ahead per thread: enough to keep a helper busy while the search catches up. */
  private int lookahead() {
    return 2 * threads;
  }

  /**
   * The next nodes phase 2 will check if no check prunes them: the unevaluated, unpruned
   * candidates from {@code from} on.
   */
  private int[] predictCandidates(int[] candidates, int from) {
    int[] out = new int[lookahead()];
    int n = 0;
    for (int c = from; c < candidates.length && n < out.length; c++) {
      int id = candidates[c];
      if (!evaluated.get(id) && !prunedNow(id)) {
        out[n++] = id;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * The next nodes phase 1 will check if {@code node} and every node after it turn out not to be
   * anonymous (most checks in phase 1 are not): the binary search of {@code path} continued on
   * {@code [lo, hi]}, then the paths from the nodes of {@code order} from {@code next} on, with
   * the specialisations of the supposed non-anonymous nodes taken as tagged. Reads the search's
   * state without changing it.
   */
  private int[] predictPaths(int[] order, int next, int[] path, int lo, int hi, int node) {
    int[] out = new int[lookahead()];
    int n = 0;
    long[] supposed = new long[out.length + 1];
    supposed[0] = packedId(node);
    int known = 1;
    // Order entries looked at per prediction: the scan stops early where tagged nodes are many.
    int budget = 16 * out.length;
    int i = next;
    while (n < out.length) {
      while (lo <= hi && n < out.length) {
        int mid = (lo + hi) >>> 1;
        int candidate = path[mid];
        byte st = supposedState(candidate, supposed, known);
        boolean anonymous;
        if (st != UNKNOWN) {
          anonymous = st == ANONYMOUS;
        } else if (prunedNow(candidate)) {
          anonymous = true;
        } else {
          out[n++] = candidate;
          supposed[known++] = packedId(candidate);
          anonymous = false;
        }
        if (anonymous) {
          hi = mid - 1;
        } else {
          lo = mid + 1;
        }
      }
      if (n == out.length) {
        break;
      }
      path = null;
      for (; i < order.length && budget > 0; i++, budget--) {
        int id = order[i];
        if (supposedState(id, supposed, known) == UNKNOWN && !prunedNow(id)) {
          path = pathFrom(id, supposed, known);
          i++;
          break;
        }
      }
      if (path == null) {
        break;
      }
      lo = 0;
      hi = path.length - 1;
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * The state of {@code id}, taking the specialisations of the {@code known} supposed
   * non-anonymous nodes ({@link #packedId}) as tagged.
   */
  private byte supposedState(int id, long[] supposed, int known) {
    byte st = state[id];
    if (st != UNKNOWN || known == 0) {
      return st;
    }
    long packed = packedId(id);
    for (int s = 0; s < known; s++) {
      if (packedLevels ? (((supposed[s] | guardBits) - packed) & guardBits) == guardBits
          : below(id, (int) supposed[s])) {
        return NOT_ANONYMOUS;
      }
    }
    return UNKNOWN;
  }

  /** Node {@code id}'s levels packed as in {@link #packLevels}; the id itself if they do not fit. */
  private long packedId(int id) {
    if (!packedLevels) {
      return id;
    }
    if (packedOf != null) {
      long p = packedOf[id];
      if (p == 0 && id != 0) {
        p = packLevels(levels(id));
        packedOf[id] = p;
      }
      return p;
    }
    return packLevels(levels(id));
  }

  /** Whether every level of {@code id} is at most {@code other}'s. */
  private boolean below(int id, int other) {
    for (int q = 0; q < dims; q++) {
      if (id / stride[q] % (height[q] + 1) > other / stride[q] % (height[q] + 1)) {
        return false;
      }
    }
    return true;
  }

  private int[] levels(int id) {
    int[] levels = new int[dims];
    levelsOf(id, levels);
    return levels;
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

  /**
   * The greedy path up from {@code start} through untagged, unpruned nodes; with {@code supposed}
   * non-null, as {@link #supposedState} sees the lattice and without recording pruning.
   */
  private int[] pathFrom(int start, long[] supposed, int known) {
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
          boolean open = supposed == null ? state[succ] == UNKNOWN && !isPruned(succ)
              : supposedState(succ, supposed, known) == UNKNOWN && !prunedNow(succ);
          if (open) {
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

  /**
   * Checks a node: takes its evaluation (made ahead by a helper, or now), applies it to the
   * search's state and returns its anonymity. {@code next}: the nodes predicted to be checked next,
   * for the helpers (null without helpers).
   */
  private boolean check(int id, int[] next) {
    Evaluation ev = speculation == null ? evaluate(id, scratch) : speculation.obtain(id, next);
    Partition p = ev.partition;
    checks++;
    remember(id, ev.levels, ev.cells);
    double bound = ev.bound;
    evaluated.set(id);
    if (p.anonymous) {
      if (privacy.monotone()) {
        tag(id, ANONYMOUS);
      } else {
        state[id] = ANONYMOUS;
      }
      double score = ev.score;
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

  /**
   * A node's classes, anonymity, bound and score (if anonymous): a function of the node alone, so
   * any thread may make it, with its own scratch.
   */
  private Evaluation evaluate(int id, RollUpScratch scratch) {
    int[] levels = levels(id);
    Cells cells = cellsFor(levels, scratch);
    Partition p = privacy.partition(e, cells, levels);
    double bound = measures.dataBound(kind, gs, p, privacy.k);
    double score = p.anonymous ? measures.score(kind, gs, p) : Double.NaN;
    return new Evaluation(levels, cells, p, bound, score);
  }

  /**
   * Helper threads evaluating the nodes the search is predicted to check next. The search thread
   * publishes the predicted nodes with each check ({@link #obtain}); a helper claims the first one
   * nobody has claimed, evaluates it and files the evaluation. The search thread takes the
   * evaluation of the node it checks if one is filed, waits if a helper is making it (evaluating a
   * predicted node itself meanwhile), and otherwise makes it. Evaluations never asked for are
   * dropped once more than a few are filed.
   */
  private final class Speculation {
    private final Object lock = new Object();
    /** Node → {@link #CLAIMED}, its evaluation, or the failure of its evaluation. Guarded by lock. */
    private final Map<Integer, Object> filed = new HashMap<>();
    /** Nodes predicted to be checked next, most likely first. Guarded by lock. */
    private int[] wishes = new int[0];
    /** Guarded by lock. */
    private boolean closed;
    /** Helpers waiting for a prediction, and whether the search thread waits. Guarded by lock. */
    private int idle;
    private boolean searchWaits;

    Speculation(int helpers) {
      for (int h = 0; h < helpers; h++) {
        Thread t = new Thread(this::help, "privrec-kanon-" + h);
        t.setDaemon(true);
        t.start();
      }
    }

    private void help() {
      RollUpScratch own = new RollUpScratch();
      while (true) {
        int id;
        synchronized (lock) {
          while (!closed && unclaimed(-1) < 0) {
            idle++;
            try {
              lock.wait();
            } catch (InterruptedException ex) {
              return; // helpers are this search's own threads: an interrupt stops helping
            } finally {
              idle--;
            }
          }
          if (closed) {
            return;
          }
          id = unclaimed(-1);
          filed.put(id, CLAIMED);
        }
        Object out;
        try {
          out = evaluate(id, own);
        } catch (RuntimeException | Error ex) {
          out = ex; // rethrown by the search thread if it asks for this node
        }
        synchronized (lock) {
          filed.put(id, out);
          if (searchWaits) {
            lock.notifyAll();
          }
        }
      }
    }

    /** The first predicted node other than {@code except} that nobody claimed, or -1. */
    private int unclaimed(int except) {
      for (int id : wishes) {
        if (id != except && !filed.containsKey(id)) {
          return id;
        }
      }
      return -1;
    }

    /** The evaluation of {@code id}; {@code next}: the nodes predicted to be checked after it. */
    Evaluation obtain(int id, int[] next) {
      synchronized (lock) {
        wishes = next;
        if (filed.size() > 4 * lookahead() + 16) {
          dropUnwanted(id);
        }
        if (idle > 0 && next.length > 0) {
          lock.notifyAll();
        }
      }
      long waitStart = 0;
      while (true) {
        int mine;
        synchronized (lock) {
          Object r = filed.get(id);
          boolean takeOver = r == CLAIMED && waitStart != 0
              && (System.nanoTime() - waitStart > MAX_WAIT_NANOS || Thread.currentThread().isInterrupted());
          if (r == null || takeOver) {
            // Not claimed; or a helper has been on it too long (descheduled on a busy machine, say)
            // or the search thread was interrupted: evaluate it here, the helper's copy is dropped.
            mine = id;
            filed.put(id, CLAIMED);
          } else if (r == CLAIMED) {
            mine = unclaimed(id);
            if (mine < 0) {
              if (waitStart == 0) {
                waitStart = System.nanoTime();
              }
              searchWaits = true;
              try {
                lock.wait(1);
              } catch (InterruptedException ex) {
                Thread.currentThread().interrupt(); // evaluate it here instead of waiting
              } finally {
                searchWaits = false;
              }
              continue;
            }
            filed.put(mine, CLAIMED);
          } else {
            filed.remove(id);
            return unwrap(r);
          }
        }
        Object out;
        try {
          out = evaluate(mine, scratch);
        } catch (RuntimeException | Error ex) {
          if (mine == id) {
            throw ex;
          }
          out = ex;
        }
        synchronized (lock) {
          if (mine == id) {
            // A helper may have filed it as well, if it claimed the node before us.
            filed.remove(id);
            return (Evaluation) out;
          }
          filed.put(mine, out);
        }
      }
    }

    /** Drops filed evaluations of nodes other than {@code id} that are no longer predicted. */
    private void dropUnwanted(int id) {
      for (Iterator<Map.Entry<Integer, Object>> it = filed.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Integer, Object> entry = it.next();
        int node = entry.getKey();
        if (entry.getValue() != CLAIMED && node != id && !contains(wishes, node)) {
          it.remove();
        }
      }
    }

    void close() {
      synchronized (lock) {
        closed = true;
        wishes = new int[0];
        filed.clear();
        lock.notifyAll();
      }
    }
  }

  private static final Object CLAIMED = new Object();
  /**
   * Longest the search thread waits for a helper's evaluation of the node it checks before making
   * it itself: a few times a typical evaluation, well under a scheduler time slice.
   */
  private static final long MAX_WAIT_NANOS = 1_000_000;

  private static boolean contains(int[] ids, int id) {
    for (int x : ids) {
      if (x == id) {
        return true;
      }
    }
    return false;
  }

  private static Evaluation unwrap(Object filed) {
    if (filed instanceof RuntimeException) {
      throw (RuntimeException) filed;
    }
    if (filed instanceof Error) {
      throw (Error) filed;
    }
    return (Evaluation) filed;
  }

  /** One node's evaluation. */
  private static final class Evaluation {
    final int[] levels;
    final Cells cells;
    final Partition partition;
    final double bound;
    final double score;

    Evaluation(int[] levels, Cells cells, Partition partition, double bound, double score) {
      this.levels = levels;
      this.cells = cells;
      this.partition = partition;
      this.bound = bound;
      this.score = score;
    }
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
    if (prunedNow(id)) {
      pruned[id] = true;
      return true;
    }
    return false;
  }

  /** Whether {@code id} is pruned, without recording it. */
  private boolean prunedNow(int id) {
    if (pruned[id]) {
      return true;
    }
    if (bestId < 0) {
      return false;
    }
    double b = staticBound(id);
    return b > bestScore || (b == bestScore && levelSum(id) > levelSum(bestId));
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

  /**
   * Cached roll-up sources {@code items[start..end)}, oldest first, with their packed levels and
   * cell counts side by side so that the search for a source scans two primitive arrays; entries
   * evicted after the snapshot was taken read as null in {@code items}.
   */
  private static final class Sources {
    final Cached[] items;
    final long[] packed;
    final int[] counts;
    final int start;
    final int end;

    Sources(Cached[] items, long[] packed, int[] counts, int start, int end) {
      this.items = items;
      this.packed = packed;
      this.counts = counts;
      this.start = start;
      this.end = end;
    }
  }

  /**
   * The cells of the node with {@code levels}, rolled up from its closest cached specialisation.
   * On the search thread, a node with no cached specialisation is rolled up through a hub (see
   * {@link #hubFor}) when one applies.
   */
  private Cells cellsFor(int[] levels, RollUpScratch scratch) {
    Cached from = closestSource(levels);
    if (from == null) {
      if (hubs && scratch == this.scratch) {
        Cached hub = hubFor(levels);
        if (hub != null) {
          return e.rollUp(hub.cells, hub.levels, levels, scratch);
        }
      }
      return e.rollUp(e.base, new int[dims], levels, scratch);
    }
    return Arrays.equals(from.levels, levels) ? from.cells : e.rollUp(from.cells, from.levels, levels, scratch);
  }

  /**
   * For a node that would be rolled up from the base cells: the meet (level by level minimum) of
   * it and the previous such node, rolled up from the base and cached as a roll-up source, or null
   * when the meet is the node itself, the base, or already cached. Consecutive nodes without a
   * cached specialisation tend to share generalised levels, so the nodes above the meet then roll
   * up from its cells, usually far fewer than the base's. Search thread only: the cache is its
   * own. A node's cells do not depend on the source they are rolled up from, so results are
   * unchanged.
   */
  private Cached hubFor(int[] levels) {
    int[] previous = previousFromBase;
    previousFromBase = levels.clone();
    if (previous == null) {
      return null;
    }
    int[] meet = new int[dims];
    boolean lower = false;
    boolean aboveBase = false;
    int id = 0;
    for (int q = 0; q < dims; q++) {
      meet[q] = Math.min(levels[q], previous[q]);
      lower |= meet[q] < levels[q];
      aboveBase |= meet[q] > 0;
      id += meet[q] * stride[q];
    }
    if (!lower || !aboveBase || inCache.get(id)) {
      return null;
    }
    Cells cells = e.rollUp(e.base, new int[dims], meet, scratch);
    remember(id, meet, cells);
    hubsMade++;
    return new Cached(id, meet, 0, cells);
  }

  /**
   * Turns hubs ({@link #hubFor}) off for this search, which then rolls every node without a cached
   * specialisation up from the base cells, as before hubs existed; for tests comparing the two.
   * Call before {@link #run}.
   */
  OptimalSearch withoutHubs() {
    hubs = false;
    return this;
  }

  /** Hubs made by {@link #run} so far (0 when turned off). */
  int hubsMade() {
    return hubsMade;
  }

  /** The cached specialisation of {@code levels} with the fewest cells, or null for the base. */
  private Cached closestSource(int[] levels) {
    Cached best = null;
    int bestCount = e.base.count;
    long target = packedLevels ? packLevels(levels) | guardBits : 0;
    Sources s = sources;
    Cached[] items = s.items;
    long[] packed = s.packed;
    int[] counts = s.counts;
    for (int i = s.start; i < s.end; i++) {
      if (counts[i] >= bestCount) {
        continue;
      }
      boolean below;
      Cached c = null;
      if (packedLevels) {
        below = ((target - packed[i]) & guardBits) == guardBits;
      } else {
        c = items[i];
        below = c != null;
        for (int q = 0; q < dims && below; q++) {
          below = c.levels[q] <= levels[q];
        }
      }
      if (below) {
        c = c != null ? c : items[i];
        if (c != null) { // null: evicted since the snapshot
          best = c;
          bestCount = counts[i];
        }
      }
    }
    return best;
  }

  private void remember(int id, int[] levels, Cells cells) {
    if (cells == e.base || inCache.get(id)) {
      return;
    }
    Sources s = sources;
    Cached[] items = s.items;
    long[] packed = s.packed;
    int[] counts = s.counts;
    int start = s.start;
    int end = s.end;
    if (end == items.length) {
      // New arrays: older snapshots keep reading the old ones.
      int live = end - start;
      int length = Math.max(16, 2 * live);
      items = Arrays.copyOfRange(items, start, start + length);
      packed = Arrays.copyOfRange(packed, start, start + length);
      counts = Arrays.copyOfRange(counts, start, start + length);
      start = 0;
      end = live;
    }
    Cached entry = new Cached(id, levels.clone(), packedLevels ? packLevels(levels) : 0, cells);
    items[end] = entry;
    packed[end] = entry.packed;
    counts[end++] = cells.count;
    inCache.set(id);
    cached += cells.footprint();
    while ((cached > CACHE_BUDGET || end - start > CACHE_ENTRIES) && start < end) {
      Cached eldest = items[start];
      items[start++] = null; // released for the collector; snapshots skip it
      cached -= eldest.cells.footprint();
      inCache.clear(eldest.id);
    }
    sources = new Sources(items, packed, counts, start, end);
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
