package io.privrec.core.cf.dp.internal;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.dp.random.RandomSource;
import java.util.Arrays;

/**
 * Per-customer contribution bounding shared by the private recommenders: every user keeps at most
 * {@code maxItemsPerUser} of her distinct items, a uniformly random subset, and interaction
 * weights are dropped (each kept item counts once).
 *
 * <p><b>Why this keeps the privacy unit.</b> A user's kept subset is drawn by a partial
 * Fisher–Yates shuffle of her own row only (Knuth, TAOCP vol. 2, Algorithm 3.4.2P), with {@link
 * RandomSource#nextInt(int)}, which is unbiased. The bounded rows of the other users therefore
 * have the same distribution whether or not she is in the data, and after bounding adding or
 * removing her changes at most {@code maxItemsPerUser} items' statistics (Wilson et al.,
 * "Differentially private SQL with bounded user contribution", PoPETs 2020, Sec. 3). Sensitivities
 * of the mechanisms built on these rows are stated for bounded data; each such mechanism is (ε,
 * δ)-differentially private for add/remove-one-customer neighbours, the privacy unit being one
 * customer and all her data. The rows are indexed by the public catalogue (the fits re-index the
 * data onto it first); {@link #withoutEmptyRows} drops customers left with no catalogue item, who
 * contribute nothing to any statistic.
 *
 * <p>Rows are stored as compressed sparse rows with items in increasing order. Immutable; the
 * arrays returned by accessors are shared and must not be modified. Not a noise source: the
 * randomness only decides which items are kept.
 */
public final class BoundingRows {
  private final int numItems;
  private final int maxItemsPerUser;
  private final int[] ptr;
  private final int[] items;

  private BoundingRows(int numItems, int maxItemsPerUser, int[] ptr, int[] items) {
    this.numItems = numItems;
    this.maxItemsPerUser = maxItemsPerUser;
    this.ptr = ptr;
    this.items = items;
  }

  /**
   * Bounds every row of {@code matrix} to at most {@code maxItemsPerUser} distinct items chosen
   * uniformly at random with {@code random}.
   *
   * @throws IllegalArgumentException if {@code maxItemsPerUser < 1}
   * @throws NullPointerException if an argument is null
   */
  public static BoundingRows sample(InteractionMatrix matrix, int maxItemsPerUser, RandomSource random) {
    requireNonNull(matrix, "matrix");
    requireNonNull(random, "random");
    CorePreconditions.checkPositive("maxItemsPerUser", maxItemsPerUser);
    int users = matrix.numUsers();
    int[] ptr = new int[users + 1];
    for (int u = 0; u < users; u++) {
      ptr[u + 1] = ptr[u] + Math.min(matrix.rowLength(u), maxItemsPerUser);
    }
    int[] items = new int[ptr[users]];
    int[] row = new int[0];
    for (int u = 0; u < users; u++) {
      int len = matrix.rowLength(u);
      int keep = ptr[u + 1] - ptr[u];
      if (row.length < len) {
        row = new int[Math.max(len, 2 * row.length)];
      }
      int start = matrix.rowStart(u);
      for (int k = 0; k < len; k++) {
        row[k] = matrix.itemAt(start + k);
      }
      if (keep < len) {
        for (int k = 0; k < keep; k++) {
          int j = k + random.nextInt(len - k);
          int t = row[k];
          row[k] = row[j];
          row[j] = t;
        }
      }
      System.arraycopy(row, 0, items, ptr[u], keep);
      Arrays.sort(items, ptr[u], ptr[u] + keep);
    }
    return new BoundingRows(matrix.numItems(), maxItemsPerUser, ptr, items);
  }

  /**
   * These rows without the users left with no item (this object if there is none), in the same
   * order. An empty row contributes nothing to any statistic.
   */
  public BoundingRows withoutEmptyRows() {
    int users = numUsers();
    int nonEmpty = 0;
    for (int u = 0; u < users; u++) {
      nonEmpty += ptr[u + 1] > ptr[u] ? 1 : 0;
    }
    if (nonEmpty == users) {
      return this;
    }
    int[] newPtr = new int[nonEmpty + 1];
    for (int u = 0, k = 0; u < users; u++) {
      if (ptr[u + 1] > ptr[u]) {
        newPtr[k + 1] = ptr[u + 1];
        k++;
      }
    }
    return new BoundingRows(numItems, maxItemsPerUser, newPtr, items);
  }

  /** Number of users (rows), including users left with no item. */
  public int numUsers() {
    return ptr.length - 1;
  }

  /** Number of items in the catalogue. */
  public int numItems() {
    return numItems;
  }

  /** The bound the rows were drawn with. */
  public int maxItemsPerUser() {
    return maxItemsPerUser;
  }

  /** Row pointers (shared, read-only): user {@code u}'s items are {@code items()[ptr[u] .. ptr[u+1])}. */
  public int[] pointers() {
    return ptr;
  }

  /** Kept items by position, increasing within each row (shared, read-only). */
  public int[] items() {
    return items;
  }

  /** Number of items user {@code u} kept. */
  public int rowLength(int u) {
    return ptr[u + 1] - ptr[u];
  }

  /** Number of users who kept each item (a new array of length {@link #numItems()}). */
  public long[] itemCounts() {
    long[] counts = new long[numItems];
    for (int i : items) {
      counts[i]++;
    }
    return counts;
  }
}
