package io.privrec.dp.kanon.internal;

import java.util.List;

/**
 * The combined privacy models of one anonymisation: minimum class size {@code k}, per-class
 * criteria on sensitive attributes, and the number of records that may be suppressed. Immutable.
 */
public final class Privacy {
  /** Minimum class size (1 when only other criteria apply). */
  public final int k;
  /** Per-class criteria on sensitive attributes. */
  public final List<Criterion> criteria;
  /** Maximum number of suppressed records: {@code floor(limit × records)}, as in ARX. */
  public final int maxOutliers;

  /** Creates the model set. */
  public Privacy(int k, List<Criterion> criteria, int maxOutliers) {
    this.k = k;
    this.criteria = List.copyOf(criteria);
    this.maxOutliers = maxOutliers;
  }

  /**
   * Whether anonymity is monotone in the generalisation lattice: always without suppression; with
   * suppression only if every criterion survives merging with a violating class (k-anonymity and
   * distinct ℓ-diversity do, entropy/recursive ℓ-diversity and t-closeness do not).
   */
  public boolean monotone() {
    if (maxOutliers == 0) {
      return true;
    }
    for (Criterion c : criteria) {
      if (!c.monotoneWithSuppression()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Groups the cells into equivalence classes (cells with equal quasi-identifier codes) and marks
   * every class that violates a model as an outlier.
   */
  public Partition partition(Encoded e, Cells cells, int[] levels) {
    int d = cells.dims;
    if (cells.sensitive == 0) {
      int[] keys = cells.keys;
      int[] size = cells.counts;
      boolean[] outlier = new boolean[cells.count];
      int outlierRecords = 0;
      for (int c = 0; c < cells.count; c++) {
        if (size[c] < k) {
          outlier[c] = true;
          outlierRecords += size[c];
        }
      }
      return new Partition(levels, cells.count, size, keys, outlier, outlierRecords, e.records,
          outlierRecords <= maxOutliers);
    }
    int w = d + cells.sensitive;
    int[] radix = new int[d];
    for (int q = 0; q < d; q++) {
      radix[q] = e.levelSize(q, levels[q]);
    }
    Grouper g = new Grouper(d, radix, cells.count);
    int[] row = new int[d];
    int[] classOf = new int[cells.count];
    for (int c = 0; c < cells.count; c++) {
      System.arraycopy(cells.keys, c * w, row, 0, d);
      classOf[c] = g.add(row, cells.counts[c]);
    }
    int classes = g.size();
    int[] size = g.counts();
    int[] keys = g.rows();
    // Bucket the cells by class (counting sort).
    int[] start = new int[classes + 1];
    for (int c = 0; c < cells.count; c++) {
      start[classOf[c] + 1]++;
    }
    for (int i = 0; i < classes; i++) {
      start[i + 1] += start[i];
    }
    int[] order = new int[cells.count];
    int[] fill = start.clone();
    for (int c = 0; c < cells.count; c++) {
      order[fill[classOf[c]]++] = c;
    }
    int[][] histogram = new int[cells.sensitive][];
    int[][] touched = new int[cells.sensitive][];
    for (int j = 0; j < cells.sensitive; j++) {
      histogram[j] = new int[e.sensitiveSize(j)];
      touched[j] = new int[e.sensitiveSize(j)];
    }
    int[] distinct = new int[cells.sensitive];
    boolean[] outlier = new boolean[classes];
    int outlierRecords = 0;
    for (int cls = 0; cls < classes; cls++) {
      boolean ok = size[cls] >= k;
      if (ok) {
        for (int j = 0; j < cells.sensitive; j++) {
          int[] h = histogram[j];
          int[] t = touched[j];
          int n = 0;
          for (int i = start[cls]; i < start[cls + 1]; i++) {
            int cell = order[i];
            int v = cells.keys[cell * w + d + j];
            if (h[v] == 0) {
              t[n++] = v;
            }
            h[v] += cells.counts[cell];
          }
          distinct[j] = n;
        }
        for (Criterion criterion : criteria) {
          int j = criterion.attribute();
          if (!criterion.accepts(histogram[j], touched[j], distinct[j], size[cls])) {
            ok = false;
            break;
          }
        }
        for (int j = 0; j < cells.sensitive; j++) {
          for (int i = 0; i < distinct[j]; i++) {
            histogram[j][touched[j][i]] = 0;
          }
        }
      }
      if (!ok) {
        outlier[cls] = true;
        outlierRecords += size[cls];
      }
    }
    return new Partition(levels, classes, size, keys, outlier, outlierRecords, e.records,
        outlierRecords <= maxOutliers);
  }
}
