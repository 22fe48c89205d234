package io.privrec.core.cf.dp.internal;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.dp.bounding.BoundedContributions;
import io.privrec.dp.bounding.ContributionBounder;
import io.privrec.dp.random.RandomSource;
import java.util.function.IntToDoubleFunction;

/**
 * Users' rows after per-user contribution bounding: each user keeps at most {@code m} of her
 * distinct items, a uniformly random subset drawn by {@link ContributionBounder} from a {@link
 * RandomSource} (Wilson et al. 2020, Sec. 3). Weights are dropped (rows are binary); the private
 * models give every kept entry of a row the same value, a function of the row's length chosen so
 * that each user's contribution to the released statistics has a fixed L2 norm.
 *
 * <p>A user's subset depends only on her own items and fresh random draws, so with or without any
 * other user the remaining users' bounded rows have the same distribution: the bounded data are
 * add/remove-one-user neighbours whenever the inputs are.
 *
 * <p>Compressed sparse rows: row {@code u} holds items {@code items()[ptr()[u] … ptr()[u+1]-1]} in
 * increasing order; user indices are those of the input matrix. Immutable; arrays are shared,
 * read-only.
 */
public final class GramRows {
  private final int numItems;
  private final int[] ptr;
  private final int[] items;

  private GramRows(int numItems, int[] ptr, int[] items) {
    this.numItems = numItems;
    this.ptr = ptr;
    this.items = items;
  }

  /**
   * Bounds every user of {@code train} to at most {@code maxItemsPerUser} items.
   *
   * @param maxItemsPerUser {@code m >= 1}
   * @param random the source of the subset choices
   * @throws IllegalArgumentException if {@code maxItemsPerUser < 1}
   */
  public static GramRows bound(InteractionMatrix train, int maxItemsPerUser, RandomSource random) {
    requireNonNull(train, "train");
    requireNonNull(random, "random");
    if (maxItemsPerUser < 1) {
      throw new IllegalArgumentException("maxItemsPerUser must be >= 1. Provided value: " + maxItemsPerUser);
    }
    int nUsers = train.numUsers();
    int nnz = train.numInteractions();
    long[] users = new long[nnz];
    long[] keys = new long[nnz];
    for (int u = 0; u < nUsers; u++) {
      for (int p = train.rowStart(u); p < train.rowEnd(u); p++) {
        users[p] = u;
        keys[p] = train.itemAt(p);
      }
    }
    BoundedContributions kept = ContributionBounder.builder()
        .maxPartitionsContributed(maxItemsPerUser)
        .maxContributionsPerPartition(1)
        .randomSource(random)
        .build()
        .bound(users, keys, new double[nnz]);
    // Kept records stay in input order: by user, then by increasing item.
    long[] keptUsers = kept.userIds();
    long[] keptItems = kept.keys();
    int[] ptr = new int[nUsers + 1];
    int[] items = new int[keptUsers.length];
    for (int q = 0; q < keptUsers.length; q++) {
      ptr[(int) keptUsers[q] + 1]++;
      items[q] = (int) keptItems[q];
    }
    for (int u = 0; u < nUsers; u++) {
      ptr[u + 1] += ptr[u];
    }
    return new GramRows(train.numItems(), ptr, items);
  }

  /** Number of users (bounded rows may be empty). */
  public int numUsers() {
    return ptr.length - 1;
  }

  /** Number of items. */
  public int numItems() {
    return numItems;
  }

  /** Row pointers (shared, read-only). */
  public int[] ptr() {
    return ptr;
  }

  /** Item per position (shared, read-only). */
  public int[] items() {
    return items;
  }

  /** Number of kept items of {@code user}. */
  public int length(int user) {
    return ptr[user + 1] - ptr[user];
  }

  /** The longest bounded row. */
  public int maxLength() {
    int max = 0;
    for (int u = 0; u < numUsers(); u++) {
      max = Math.max(max, length(u));
    }
    return max;
  }

  /**
   * One value per position: every entry of row {@code u} gets {@code valueOfLength(length(u))}
   * (computed once per distinct length).
   */
  public float[] values(IntToDoubleFunction valueOfLength) {
    float[] v = new float[items.length];
    float[] byLength = new float[maxLength() + 1];
    for (int k = 1; k < byLength.length; k++) {
      byLength[k] = (float) valueOfLength.applyAsDouble(k);
    }
    for (int u = 0; u < numUsers(); u++) {
      float x = byLength[length(u)];
      for (int p = ptr[u]; p < ptr[u + 1]; p++) {
        v[p] = x;
      }
    }
    return v;
  }
}
