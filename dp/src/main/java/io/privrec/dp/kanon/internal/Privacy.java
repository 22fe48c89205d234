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
    int d = e.dims;
    if (e.sensitive == 0) {
      int[] size = cells.counts;
      boolean[] outlier = new boolean[cells.count];
      int outlierRecords = 0;
      for (int c = 0; c < cells.count; c++) {
        if (size[c] < k) {
          outlier[c] = true;
          outlierRecords += size[c];
        }
      }
      return new Partition(levels, cells.count, size, cells, outlier, outlierRecords, e.records,
          outlierRecords <= maxOutliers);
    }
    int[] classOf = new int[cells.count];
    Cells classes;
    if (cells.packed != null) {
      LongGrouper g = new LongGrouper(cells.count);
      long qiBits = ~cells.layout.sensitiveMask;
      for (int c = 0; c < cells.count; c++) {
        classOf[c] = g.add(cells.packed[c] & qiBits, cells.counts[c]);
      }
      classes = new Cells(cells.layout, g.keys(), null, g.counts(), g.size());
    } else {
      int w = cells.layout.width;
      int[] radix = e.radix(levels);
      Grouper g = new Grouper(w, radix, cells.count);
      int[] row = new int[w];
      for (int c = 0; c < cells.count; c++) {
        System.arraycopy(cells.rows, c * w, row, 0, d);
        classOf[c] = g.add(row, cells.counts[c]);
      }
      classes = new Cells(cells.layout, null, g.rows(), g.counts(), g.size());
    }
    int classCount = classes.count;
    int[] size = classes.counts;
    // Bucket the cells by class (counting sort).
    int[] start = new int[classCount + 1];
    for (int c = 0; c < cells.count; c++) {
      start[classOf[c] + 1]++;
    }
    for (int i = 0; i < classCount; i++) {
      start[i + 1] += start[i];
    }
    int[] order = new int[cells.count];
    int[] fill = start.clone();
    for (int c = 0; c < cells.count; c++) {
      order[fill[classOf[c]]++] = c;
    }
    int s = e.sensitive;
    int[][] histogram = new int[s][];
    int[][] touched = new int[s][];
    for (int j = 0; j < s; j++) {
      histogram[j] = new int[e.sensitiveSize(j)];
      touched[j] = new int[e.sensitiveSize(j)];
    }
    int[] distinct = new int[s];
    boolean[] outlier = new boolean[classCount];
    int outlierRecords = 0;
    for (int cls = 0; cls < classCount; cls++) {
      boolean ok = size[cls] >= k;
      if (ok) {
        for (int j = 0; j < s; j++) {
          int[] h = histogram[j];
          int[] t = touched[j];
          int n = 0;
          for (int i = start[cls]; i < start[cls + 1]; i++) {
            int cell = order[i];
            int v = cells.code(cell, d + j);
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
        for (int j = 0; j < s; j++) {
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
    return new Partition(levels, classCount, size, classes, outlier, outlierRecords, e.records,
        outlierRecords <= maxOutliers);
  }
}
