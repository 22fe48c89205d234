package io.privrec.dp.bounding;

/** Stable merge sort of record indices by a pair of long columns, without boxing. */
final class IndexSort {

  private IndexSort() {}

  /** Returns 0..n-1 ordered by (primary[i], secondary[i]), ties in index order. */
  static int[] sortedIndices(long[] primary, long[] secondary) {
    int n = primary.length;
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    int[] buffer = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, n);
        merge(a, buffer, lo, mid, hi, primary, secondary);
      }
    }
    return a;
  }

  private static void merge(
      int[] a, int[] buffer, int lo, int mid, int hi, long[] primary, long[] secondary) {
    System.arraycopy(a, lo, buffer, lo, hi - lo);
    int i = lo;
    int j = mid;
    for (int k = lo; k < hi; k++) {
      if (i >= mid) {
        a[k] = buffer[j++];
      } else if (j >= hi) {
        a[k] = buffer[i++];
      } else if (compare(buffer[j], buffer[i], primary, secondary) < 0) {
        a[k] = buffer[j++];
      } else {
        a[k] = buffer[i++];
      }
    }
  }

  private static int compare(int x, int y, long[] primary, long[] secondary) {
    int c = Long.compare(primary[x], primary[y]);
    return c != 0 ? c : Long.compare(secondary[x], secondary[y]);
  }
}
