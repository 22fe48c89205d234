package io.privrec.dp.kanon.internal;

/**
 * Quality measures of a {@link Partition}, with the exact definitions of ARX 3.9 (package {@code
 * org.deidentifier.arx.metric.v2}), and their lower bounds for pruning. The generalisation /
 * suppression factor {@code gs} in [0, 1] maps to ARX's factors {@code g = gs <= 0.5 ? 1 : 1 - 2(gs
 * - 0.5)} and {@code s = gs < 0.5 ? 2 gs : 1}; the default 0.5 gives {@code g = s = 1}.
 *
 * <p>Immutable after construction; thread-safe.
 */
public final class Measures {
  /** ARX compares multi-dimensional losses after flooring to 10 decimal digits. */
  private static final double DIGITS = 1e10;
  private static final double LOG2 = Math.log(2);

  private final Encoded e;
  /** [q][level] → Σ over records of the leaf count of the record's label (long, exact). */
  private final long[][] leafMass;
  /** [q][level] → Σ_v a_v · log2(a_v / b_gen(v)) over original values (≤ 0). */
  private final double[][] entropyRaw;
  private volatile LossFactors lossFactors;

  /** Precomputes the data-dependent but class-independent parts. */
  public Measures(Encoded e) {
    this.e = e;
    leafMass = new long[e.dims][];
    entropyRaw = new double[e.dims][];
    for (int q = 0; q < e.dims; q++) {
      int levels = e.height[q] + 1;
      leafMass[q] = new long[levels];
      entropyRaw[q] = new double[levels];
      int[] freq = e.leafFrequency[q];
      for (int l = 0; l < levels; l++) {
        int[] code = e.code[q][l];
        long[] generalised = new long[e.levelSize(q, l)];
        for (int leaf = 0; leaf < freq.length; leaf++) {
          generalised[code[leaf]] += freq[leaf];
        }
        long mass = 0;
        double raw = 0;
        for (int leaf = 0; leaf < freq.length; leaf++) {
          if (freq[leaf] != 0) {
            mass += (long) freq[leaf] * e.leafCount[q][l][code[leaf]];
            double a = freq[leaf];
            raw += a * log2(a / generalised[code[leaf]]);
          }
        }
        leafMass[q][l] = mass;
        entropyRaw[q][l] = raw;
      }
    }
  }

  private static double log2(double x) {
    return Math.log(x) / LOG2;
  }

  static double gFactor(double gs) {
    return gs <= 0.5 ? 1 : 1 - 2 * (gs - 0.5);
  }

  static double sFactor(double gs) {
    return gs < 0.5 ? 2 * gs : 1;
  }

  private static double round(double v) {
    return Math.floor(v * DIGITS) / DIGITS;
  }

  /** The score of {@code kind} for the partition (lower is better). */
  public double score(MetricKind kind, double gs, Partition p) {
    switch (kind) {
      case LOSS:
        return loss(p, gs);
      case PRECISION:
        return precision(p, gs);
      case DISCERNIBILITY:
        return discernibility(p);
      case DISCERNIBILITY_STAR:
        return discernibilityStar(p);
      case AECS:
        return aecs(p, gs);
      case NON_UNIFORM_ENTROPY:
        return nonUniformEntropy(p, gs);
      default:
        throw new AssertionError(kind);
    }
  }

  /**
   * A lower bound of {@code kind} for this node and every generalisation of it, from the
   * partition; monotone in the generalisation lattice. {@code k} is the minimum size of a released
   * class (at least 1).
   */
  public double dataBound(MetricKind kind, double gs, Partition p, int k) {
    switch (kind) {
      case DISCERNIBILITY:
        return discernibilityBound(p, k);
      case DISCERNIBILITY_STAR:
        return discernibilityStar(p);
      case AECS:
        return (double) p.records / (p.classes * sFactor(gs));
      default:
        return staticBound(kind, gs, p.levels);
    }
  }

  /**
   * A lower bound of {@code kind} for the node with {@code levels} and every generalisation of it,
   * computed without grouping the data; {@code -∞} when no such bound is available.
   */
  public double staticBound(MetricKind kind, double gs, int[] levels) {
    switch (kind) {
      case LOSS: {
        // The same factors, in the same order, as geometricMean of the per-attribute values.
        double[][] factor = lossFactors(gs);
        double result = 1;
        for (int q = 0; q < e.dims; q++) {
          result *= factor[q][levels[q]];
        }
        return result - 1;
      }
      case PRECISION: {
        double sum = 0;
        for (int q = 0; q < e.dims; q++) {
          sum += levelShare(q, levels[q]) * gFactor(gs);
        }
        return sum / e.dims;
      }
      case NON_UNIFORM_ENTROPY: {
        double sum = 0;
        for (int q = 0; q < e.dims; q++) {
          double raw = entropyRaw[q][levels[q]] * gFactor(gs);
          sum += round(raw == 0 ? raw : -raw);
        }
        return sum;
      }
      default:
        return Double.NEGATIVE_INFINITY;
    }
  }

  /**
   * [q][level] → {@code (1 + v)^(1/dims)} for the generalisation-only Loss {@code v} of the level,
   * cached for the last {@code gs} (the search asks for one factor throughout).
   */
  private double[][] lossFactors(double gs) {
    LossFactors f = lossFactors;
    if (f == null || Double.compare(f.gs, gs) != 0) {
      double[][] factor = new double[e.dims][];
      for (int q = 0; q < e.dims; q++) {
        factor[q] = new double[e.height[q] + 1];
        for (int l = 0; l <= e.height[q]; l++) {
          double v = normalizeLoss(gFactor(gs) * leafMass[q][l] / e.domainSize[q], q, gs);
          factor[q][l] = Math.pow(v + 1, 1.0 / e.dims);
        }
      }
      f = new LossFactors(gs, factor);
      lossFactors = f; // a benign race: every thread computes the same values
    }
    return f.factor;
  }

  private record LossFactors(double gs, double[][] factor) {}

  private double levelShare(int q, int level) {
    return e.height[q] == 0 ? 0 : (double) level / e.height[q];
  }

  /** DM: {@code Σ size²} over released classes plus {@code N} per suppressed record. */
  public double discernibility(Partition p) {
    long dm = 0;
    for (int c = 0; c < p.classes; c++) {
      long s = p.size[c];
      dm += p.outlier[c] ? s * p.records : s * s;
    }
    return dm;
  }

  /**
   * A lower bound of DM for this partition's node and every generalisation of it: {@code Σ size ·
   * max(size, min(k, N))} over all classes. In a generalisation, each record of a class of size
   * {@code s} lies in a class of size at least {@code s}; that class is either released, so it has
   * at least {@code k} records, or suppressed, costing {@code N}. Either way the record costs at
   * least {@code max(s, min(k, N))}; this exceeds DM* when classes are smaller than {@code k}.
   */
  double discernibilityBound(Partition p, int k) {
    long floor = Math.min(k, p.records);
    long dm = 0;
    for (int c = 0; c < p.classes; c++) {
      long s = p.size[c];
      dm += s * Math.max(s, floor);
    }
    return dm;
  }

  /** DM*: {@code Σ size²} over all classes, suppressed ones included. */
  public double discernibilityStar(Partition p) {
    long dm = 0;
    for (int c = 0; c < p.classes; c++) {
      long s = p.size[c];
      dm += s * s;
    }
    return dm;
  }

  /**
   * AECS: {@code N / (released classes · s + (any suppressed ? g : 0))} (factors swapped on
   * purpose, as in ARX); with the default factor {@code N / (released classes + [any suppressed])}.
   */
  public double aecs(Partition p, double gs) {
    double released = p.releasedClasses();
    boolean suppressed = released != p.classes;
    double groups = released * sFactor(gs) + (suppressed ? gFactor(gs) : 0);
    return p.records / groups;
  }

  /** Per-attribute non-monotonic precision values (before averaging). */
  public double[] precisionPerAttribute(Partition p, double gs) {
    double released = p.records - p.outlierRecords;
    double[] out = new double[e.dims];
    for (int q = 0; q < e.dims; q++) {
      out[q] = (released * levelShare(q, p.levels[q]) * gFactor(gs) + p.outlierRecords * sFactor(gs))
          / p.records;
    }
    return out;
  }

  /** Non-monotonic precision: arithmetic mean of {@link #precisionPerAttribute}. */
  public double precision(Partition p, double gs) {
    double sum = 0;
    for (double v : precisionPerAttribute(p, gs)) {
      sum += v;
    }
    return sum / e.dims;
  }

  /** Per-attribute Loss values, normalised to [0, 1] and floored to 10 digits as in ARX. */
  public double[] lossPerAttribute(Partition p, double gs) {
    double g = gFactor(gs);
    double s = sFactor(gs);
    double[] out = new double[e.dims];
    long[] released = new long[e.dims];
    long[] suppressed = new long[e.dims];
    p.leafMasses(e, released, suppressed);
    for (int q = 0; q < e.dims; q++) {
      long releasedMass = released[q];
      long suppressedMass = suppressed[q];
      double domain = e.domainSize[q];
      double share = suppressedMass / domain;
      double value = g * (releasedMass / domain)
          + (s == 1 ? p.outlierRecords : share + s * (p.outlierRecords - share));
      out[q] = normalizeLoss(value, q, gs);
    }
    return out;
  }

  private double normalizeLoss(double value, int q, double gs) {
    double min = gFactor(gs) * e.records / e.domainSize[q];
    double max = e.records;
    if (!(max > min)) {
      return 0;
    }
    double v = (value - min) / (max - min);
    return round(v >= 0 ? v : 0);
  }

  /** Loss: geometric mean of {@code 1 + value} over attributes, minus 1 (ARX's aggregate). */
  public double loss(Partition p, double gs) {
    return geometricMean(lossPerAttribute(p, gs));
  }

  private static double geometricMean(double[] v) {
    double result = 1;
    for (double x : v) {
      result *= Math.pow(x + 1, 1.0 / v.length);
    }
    return result - 1;
  }

  /** Per-attribute non-monotonic non-uniform entropy values. */
  public double[] nonUniformEntropyPerAttribute(Partition p, double gs) {
    double[] out = new double[e.dims];
    double suppressed = p.outlierRecords;
    for (int q = 0; q < e.dims; q++) {
      double result = entropyRaw[q][p.levels[q]] * gFactor(gs);
      if (suppressed != 0) {
        int[] counts = new int[e.levelSize(q, p.levels[q])];
        for (int c = 0; c < p.classes; c++) {
          if (p.outlier[c]) {
            counts[p.key(c, q)] += p.size[c];
          }
        }
        for (int count : counts) {
          if (count != 0) {
            result += count * log2(count / suppressed) * sFactor(gs);
          }
        }
      }
      out[q] = round(result == 0 ? result : -result);
    }
    return out;
  }

  /** Non-monotonic non-uniform entropy: sum over attributes. */
  public double nonUniformEntropy(Partition p, double gs) {
    double sum = 0;
    for (double v : nonUniformEntropyPerAttribute(p, gs)) {
      sum += v;
    }
    return sum;
  }

  /**
   * Generalised certainty penalty (Ghinita et al. 2007) with the normalised certainty penalty of
   * Xu et al. 2006 per value: a label covering {@code u} of the {@code |A|} original values costs
   * {@code u/|A|}, or 0 if {@code u = 1}; a suppressed record costs 1 per attribute. Result in [0,
   * 1]: the mean over records and attributes.
   */
  public double certaintyPenalty(Partition p) {
    double total = 0;
    for (int q = 0; q < e.dims; q++) {
      int[] leaves = e.leafCount[q][p.levels[q]];
      double domain = e.domainSize[q];
      for (int c = 0; c < p.classes; c++) {
        if (p.outlier[c]) {
          total += p.size[c];
        } else {
          int u = leaves[p.key(c, q)];
          total += u == 1 ? 0 : p.size[c] * (u / domain);
        }
      }
    }
    return total / ((double) p.records * e.dims);
  }
}
