package io.privrec.core.scoring;

import io.privrec.core.internal.CorePreconditions;

/**
 * Top-K selection over a dense score array: the K highest-scoring indices, best first.
 *
 * <p>Order: higher score first; equal scores by lower index first (deterministic). Entries that are
 * NaN or {@code -∞} are never selected — callers exclude items (already seen, out of stock) by
 * setting their score to {@link Float#NEGATIVE_INFINITY}. Fewer than K indices are returned when
 * fewer selectable entries exist.
 *
 * <p>Cost O(n log K) worst case, O(n) typical (a bounded min-heap rejects most entries with one
 * comparison). Thread-safe: stateless.
 */
public final class TopK {
  private TopK() {}

  /**
   * Selects the top {@code k} indices of {@code scores}.
   *
   * @param scores the scores; not modified
   * @param k how many to select, {@code >= 0}
   * @return indices, best first; length {@code min(k, number of selectable entries)}
   * @throws IllegalArgumentException if {@code k < 0}
   */
  public static int[] select(float[] scores, int k) {
    CorePreconditions.checkNonNegative("k", k);
    int cap = Math.min(k, scores.length);
    int[] heap = new int[cap];
    int size = 0;
    if (cap == 0) {
      return heap;
    }
    for (int i = 0; i < scores.length; i++) {
      float s = scores[i];
      if (!(s > Float.NEGATIVE_INFINITY)) {
        continue; // NaN or -inf: excluded
      }
      if (size < cap) {
        heap[size] = i;
        siftUp(scores, heap, size);
        size++;
      } else if (better(scores, i, heap[0])) {
        heap[0] = i;
        siftDown(scores, heap, size);
      }
    }
    // Heap-sort the survivors: repeatedly move the worst to the end.
    for (int end = size - 1; end > 0; end--) {
      int worst = heap[0];
      heap[0] = heap[end];
      heap[end] = worst;
      siftDown(scores, heap, end);
    }
    if (size == cap) {
      return heap;
    }
    int[] result = new int[size];
    System.arraycopy(heap, 0, result, 0, size);
    return result;
  }

  /** True if index a ranks strictly before index b. */
  private static boolean better(float[] scores, int a, int b) {
    float sa = scores[a];
    float sb = scores[b];
    return sa > sb || (sa == sb && a < b);
  }

  // Min-heap on rank: the root is the worst-ranked of the kept entries.
  private static void siftUp(float[] scores, int[] heap, int pos) {
    int x = heap[pos];
    while (pos > 0) {
      int parent = (pos - 1) >>> 1;
      if (!better(scores, heap[parent], x)) {
        break;
      }
      heap[pos] = heap[parent];
      pos = parent;
    }
    heap[pos] = x;
  }

  private static void siftDown(float[] scores, int[] heap, int size) {
    int pos = 0;
    int x = heap[0];
    while (true) {
      int child = 2 * pos + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && better(scores, heap[child], heap[child + 1])) {
        child++;
      }
      if (!better(scores, x, heap[child])) {
        break;
      }
      heap[pos] = heap[child];
      pos = child;
    }
    heap[pos] = x;
  }
}
