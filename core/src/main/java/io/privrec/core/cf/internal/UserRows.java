package io.privrec.core.cf.internal;

import io.privrec.core.data.InteractionMatrix;
import java.util.Arrays;

/**
 * Training profiles as compressed sparse rows (user → sorted items with weights), copied from an
 * {@link InteractionMatrix} (read while fitting) or loaded from a file. The non-private models
 * read them during the fit only and keep no customer rows.
 *
 * <p>Immutable. Arrays returned by the accessors are shared: read-only.
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

  private void checkUser(int user) {
    if (user < 0 || user >= ptr.length - 1) {
      throw new IndexOutOfBoundsException("user must be in [0, " + (ptr.length - 1) + "). Provided value: " + user);
    }
  }
}
