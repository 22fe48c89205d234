package io.privrec.core.cf.internal;

import io.privrec.core.data.InteractionMatrix;
import java.util.Arrays;

/**
 * The training profiles a fitted model keeps to score its users by index: compressed sparse rows
 * (user → sorted items with weights), copied from an {@link InteractionMatrix} or loaded from a
 * model file.
 *
 * <p>Immutable; {@link #withRow} returns a modified copy (O(interactions)). Arrays returned by the
 * accessors are shared: read-only.
 */
public final class UserRows {
  private final int numItems;
  private final int[] ptr;
  private final int[] items;
  private final float[] weights;

  private UserRows(int numItems, int[] ptr, int[] items, float[] weights) {
    this.numItems = numItems;
    this.ptr = ptr;
    this.items = items;
    this.weights = weights;
  }

  /** Copies the rows of {@code m}. */
  public static UserRows of(InteractionMatrix m) {
    int[] ptr = new int[m.numUsers() + 1];
    int[] items = new int[m.numInteractions()];
    float[] weights = new float[m.numInteractions()];
    for (int u = 0; u < m.numUsers(); u++) {
      ptr[u + 1] = m.rowEnd(u);
      for (int p = m.rowStart(u); p < m.rowEnd(u); p++) {
        items[p] = m.itemAt(p);
        weights[p] = m.weightAt(p);
      }
    }
    return new UserRows(m.numItems(), ptr, items, weights);
  }

  /**
   * Wraps stored arrays after checking them (used when loading a model file).
   *
   * @throws IllegalArgumentException naming {@code source} if the arrays are inconsistent
   */
  public static UserRows of(int numItems, int[] ptr, int[] items, float[] weights, String source) {
    if (numItems < 0 || ptr.length == 0 || ptr[0] != 0 || ptr[ptr.length - 1] != items.length
        || items.length != weights.length) {
      throw new IllegalArgumentException(source + ": inconsistent user profile arrays");
    }
    for (int u = 0; u + 1 < ptr.length; u++) {
      if (ptr[u + 1] < ptr[u]) {
        throw new IllegalArgumentException(source + ": user profile pointers decrease at user " + u);
      }
      for (int p = ptr[u]; p < ptr[u + 1]; p++) {
        if (items[p] < 0 || items[p] >= numItems || (p > ptr[u] && items[p] <= items[p - 1])
            || !(weights[p] > 0 && Float.isFinite(weights[p]))) {
          throw new IllegalArgumentException(source + ": invalid profile entry of user " + u + " at position " + p);
        }
      }
    }
    return new UserRows(numItems, ptr, items, weights);
  }

  /** Number of users. */
  public int numUsers() {
    return ptr.length - 1;
  }

  /** Number of items in the catalogue. */
  public int numItems() {
    return numItems;
  }

  /** First position of {@code user}'s row; throws {@link IndexOutOfBoundsException} if out of range. */
  public int start(int user) {
    checkUser(user);
    return ptr[user];
  }

  /** One past the last position of {@code user}'s row. */
  public int end(int user) {
    checkUser(user);
    return ptr[user + 1];
  }

  /** Row pointers (shared, read-only). */
  public int[] pointers() {
    return ptr;
  }

  /** Item per position (shared, read-only). */
  public int[] items() {
    return items;
  }

  /** Weight per position (shared, read-only). */
  public float[] weights() {
    return weights;
  }

  /** The items of {@code user} (a copy). */
  public int[] rowItems(int user) {
    return Arrays.copyOfRange(items, start(user), end(user));
  }

  /** The weights of {@code user} (a copy). */
  public float[] rowWeights(int user) {
    return Arrays.copyOfRange(weights, start(user), end(user));
  }

  /**
   * A copy whose row {@code user} is {@code profile}; {@code user == numUsers()} appends a user.
   *
   * @throws IndexOutOfBoundsException if {@code user} is not in {@code [0, numUsers()]}
   */
  public UserRows withRow(int user, Profile profile) {
    int n = numUsers();
    if (user < 0 || user > n) {
      throw new IndexOutOfBoundsException("user must be in [0, " + n + "]. Provided value: " + user);
    }
    int oldLen = user < n ? ptr[user + 1] - ptr[user] : 0;
    int newLen = profile.size();
    int users = Math.max(n, user + 1);
    int[] newPtr = new int[users + 1];
    int[] newItems = new int[items.length - oldLen + newLen];
    float[] newWeights = new float[newItems.length];
    int head = ptr[Math.min(user, n)];
    System.arraycopy(items, 0, newItems, 0, head);
    System.arraycopy(weights, 0, newWeights, 0, head);
    System.arraycopy(profile.items(), 0, newItems, head, newLen);
    System.arraycopy(profile.weights(), 0, newWeights, head, newLen);
    int tail = items.length - head - oldLen;
    System.arraycopy(items, head + oldLen, newItems, head + newLen, tail);
    System.arraycopy(weights, head + oldLen, newWeights, head + newLen, tail);
    for (int u = 0; u < users; u++) {
      int len = u == user ? newLen : ptr[u + 1] - ptr[u];
      newPtr[u + 1] = newPtr[u] + len;
    }
    return new UserRows(numItems, newPtr, newItems, newWeights);
  }

  /**
   * A copy in which the rows of {@code removed} are empty (indices stay stable); one pass over the
   * interactions however many users are removed.
   *
   * @throws IndexOutOfBoundsException if a user is out of range
   */
  public UserRows withoutRows(int[] removed) {
    int n = numUsers();
    boolean[] drop = new boolean[n];
    for (int u : removed) {
      checkUser(u);
      drop[u] = true;
    }
    int[] newPtr = new int[n + 1];
    int kept = 0;
    for (int u = 0; u < n; u++) {
      kept += drop[u] ? 0 : ptr[u + 1] - ptr[u];
      newPtr[u + 1] = kept;
    }
    int[] newItems = new int[kept];
    float[] newWeights = new float[kept];
    for (int u = 0; u < n; u++) {
      if (!drop[u]) {
        int len = ptr[u + 1] - ptr[u];
        System.arraycopy(items, ptr[u], newItems, newPtr[u], len);
        System.arraycopy(weights, ptr[u], newWeights, newPtr[u], len);
      }
    }
    return new UserRows(numItems, newPtr, newItems, newWeights);
  }

  private void checkUser(int user) {
    if (user < 0 || user >= ptr.length - 1) {
      throw new IndexOutOfBoundsException("user must be in [0, " + (ptr.length - 1) + "). Provided value: " + user);
    }
  }
}
