package io.privrec.core.model;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import java.util.Arrays;

/**
 * One batch of erased customers, as a model sees it ({@link ItemScorer#forget}): the training data
 * the model was fitted on (or last updated to), the same data without the erased customers, and
 * their user indices. Both matrices are indexed like the model ({@code before.items()} and {@code
 * after.items()} are the model's {@link ItemScorer#items()}), so a model reads the erased rows from
 * {@code before} and never keeps customer rows of its own.
 *
 * @param before the training data before the erasure, on the model's item index
 * @param after {@code before} without the erased customers' interactions (same indices)
 * @param users the erased customers' user indices in {@code before}, distinct, sorted ascending
 */
public record Erasure(InteractionMatrix before, InteractionMatrix after, int[] users) {
  /**
   * Validates the erasure.
   *
   * @throws IllegalArgumentException if the matrices differ in shape, or {@code users} is not
   *     strictly increasing within {@code [0, before.numUsers())}
   */
  public Erasure {
    requireNonNull(before, "before");
    requireNonNull(after, "after");
    requireNonNull(users, "users");
    CorePreconditions.checkArgument(before.numItems() == after.numItems() && before.numUsers() == after.numUsers(),
        "before and after must have the same shape: %s × %s vs %s × %s", before.numUsers(), before.numItems(),
        after.numUsers(), after.numItems());
    users = users.clone();
    CorePreconditions.checkIndexElements("users", users, 0, users.length, before.numUsers());
    for (int k = 1; k < users.length; k++) {
      if (users[k] <= users[k - 1]) {
        throw CorePreconditions.fail("users[" + k + "]", "must be > users[" + (k - 1) + "] (strictly increasing)",
            users[k]);
      }
    }
  }

  /** The erased user indices (a copy). */
  @Override
  public int[] users() {
    return users.clone();
  }

  /** Number of erased customers. */
  public int size() {
    return users.length;
  }

  /** The {@code k}-th erased user index, {@code 0 <= k < size()}. */
  public int user(int k) {
    return users[k];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Erasure e && e.before == before && e.after == after && Arrays.equals(e.users, users);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(before) * 31 + Arrays.hashCode(users);
  }

  @Override
  public String toString() {
    return "Erasure{" + users.length + " customers}";
  }
}
