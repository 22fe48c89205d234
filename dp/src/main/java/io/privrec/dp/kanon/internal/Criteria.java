package io.privrec.dp.kanon.internal;

import java.util.Arrays;

/**
 * The ℓ-diversity and t-closeness conditions, with the definitions used by ARX.
 *
 * <h2>References</h2>
 *
 * <ul>
 *   <li>Machanavajjhala, Kifer, Gehrke, Venkitasubramaniam: ℓ-Diversity: Privacy beyond
 *       k-anonymity. TKDD 1(1), 2007 (distinct, entropy and recursive (c,ℓ)-diversity).
 *   <li>Li, Li, Venkatasubramanian: t-Closeness: Privacy beyond k-anonymity and ℓ-diversity. ICDE
 *       2007 (earth mover's distance with equal, ordered and hierarchical ground distances).
 * </ul>
 */
public final class Criteria {
  private Criteria() {}

  /** Holds the attribute index common to all criteria. */
  private abstract static class Base implements Criterion {
    private final int attribute;

    Base(int attribute) {
      this.attribute = attribute;
    }

    @Override
    public int attribute() {
      return attribute;
    }
  }

  /** Relative slack for comparing entropies, whose exact equality is lost to rounding. */
  private static final double ENTROPY_SLACK = 1e-12;

  /** At least {@code l} distinct sensitive values. */
  public static Criterion distinctL(int attribute, int l) {
    return new Base(attribute) {
      @Override
      public boolean accepts(int[] histogram, int[] touched, int distinct, int size) {
        return distinct >= l;
      }

      @Override
      public boolean monotoneWithSuppression() {
        return true;
      }
    };
  }

  /** Shannon entropy of the sensitive values at least {@code log l}. */
  public static Criterion entropyL(int attribute, double l) {
    double target = Math.log(l);
    return new Base(attribute) {
      @Override
      public boolean accepts(int[] histogram, int[] touched, int distinct, int size) {
        double sum = 0;
        for (int i = 0; i < distinct; i++) {
          int c = histogram[touched[i]];
          sum += c * Math.log(c);
        }
        double entropy = Math.log(size) - sum / size;
        return entropy >= target - ENTROPY_SLACK * Math.max(1, target);
      }
    };
  }

  /**
   * Recursive (c,ℓ)-diversity: with the counts sorted decreasingly {@code r1 ≥ r2 ≥ … ≥ rm}, the
   * class has at least ℓ values and {@code r1 < c · (rℓ + … + rm)}.
   */
  public static Criterion recursiveCl(int attribute, double c, int l) {
    return new Base(attribute) {
      @Override
      public boolean accepts(int[] histogram, int[] touched, int distinct, int size) {
        if (distinct < l) {
          return false;
        }
        int[] r = new int[distinct];
        for (int i = 0; i < distinct; i++) {
          r[i] = histogram[touched[i]];
        }
        Arrays.sort(r); // ascending: r[distinct-1] is the most frequent
        long tail = 0;
        for (int i = 0; i <= distinct - l; i++) {
          tail += r[i];
        }
        return r[distinct - 1] < c * tail;
      }
    };
  }

  /** Earth mover's distance with equal ground distance: half the L1 distance of distributions. */
  public static Criterion equalDistanceT(int attribute, double t, double[] global) {
    return new Base(attribute) {
      @Override
      public boolean accepts(int[] histogram, int[] touched, int distinct, int size) {
        double sum = 0;
        double covered = 0;
        for (int i = 0; i < distinct; i++) {
          int code = touched[i];
          double p = (double) histogram[code] / size;
          sum += Math.abs(p - global[code]);
          covered += global[code];
        }
        sum += Math.max(0, 1 - covered);
        return sum / 2 <= t;
      }
    };
  }

  /**
   * Earth mover's distance with ordered ground distance {@code |i - j| / (m - 1)} over the {@code m}
   * sensitive values in code order: {@code Σ_i |Σ_{j ≤ i} (p_j - q_j)| / (m - 1)}.
   */
  public static Criterion orderedDistanceT(int attribute, double t, double[] global) {
    int m = global.length;
    return new Base(attribute) {
      @Override
      public boolean accepts(int[] histogram, int[] touched, int distinct, int size) {
        if (m <= 1) {
          return true;
        }
        double cumulative = 0;
        double sum = 0;
        for (int i = 0; i < m; i++) {
          cumulative += (double) histogram[i] / size - global[i];
          sum += Math.abs(cumulative);
        }
        return sum / (m - 1) <= t;
      }
    };
  }

  /**
   * Earth mover's distance with hierarchical ground distance (Li et al., Section 4.3): for each
   * inner node N of height h(N) in a hierarchy of height H, {@code cost(N) = h(N)/H · min(pos(N),
   * neg(N))}, where pos/neg sum the positive/negative extras {@code Σ (p - q)} of N's children.
   *
   * @param parent [level][code] → parent code on level + 1 (level 0 are the sensitive codes)
   * @param levelSizes number of codes per level
   */
  public static Criterion hierarchicalDistanceT(int attribute, double t, double[] global, int[][] parent,
      int[] levelSizes) {
    int height = levelSizes.length - 1;
    return new Base(attribute) {
      @Override
      public boolean accepts(int[] histogram, int[] touched, int distinct, int size) {
        if (height == 0) {
          return true;
        }
        double[] extra = new double[levelSizes[0]];
        for (int i = 0; i < extra.length; i++) {
          extra[i] = (double) histogram[i] / size - global[i];
        }
        double cost = 0;
        for (int level = 1; level <= height; level++) {
          double[] pos = new double[levelSizes[level]];
          double[] neg = new double[levelSizes[level]];
          int[] up = parent[level - 1];
          for (int child = 0; child < extra.length; child++) {
            double e = extra[child];
            if (e > 0) {
              pos[up[child]] += e;
            } else {
              neg[up[child]] -= e;
            }
          }
          double[] next = new double[levelSizes[level]];
          for (int node = 0; node < next.length; node++) {
            cost += (double) level / height * Math.min(pos[node], neg[node]);
            next[node] = pos[node] - neg[node];
          }
          extra = next;
        }
        return cost <= t;
      }
    };
  }
}
