package io.privrec.core.eval;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;

/**
 * A train/test division of one interaction matrix: two disjoint matrices over the same user and
 * item indices, so user {@code u} and item {@code i} mean the same thing in both.
 *
 * <p>Produced by a {@link Splitter} (see {@link Splits}). A validation split is carved from the
 * training part with the same API: {@code splitter.split(split.train())}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param train the training interactions
 * @param test the held-out interactions; no (user, item) pair also occurs in {@code train}
 */
public record Split(InteractionMatrix train, InteractionMatrix test) {

  /**
   * Validates the components (cost O(interactions)).
   *
   * @throws IllegalArgumentException if the matrices do not share their user and item indices or
   *     a (user, item) pair occurs in both
   * @throws NullPointerException if either matrix is null
   */
  public Split {
    requireNonNull(train, "train");
    requireNonNull(test, "test");
    requireSameIndex(train.users(), test.users());
    requireSameIndex(train.items(), test.items());
    for (int u = 0; u < train.numUsers(); u++) {
      int p = train.rowStart(u);
      int q = test.rowStart(u);
      while (p < train.rowEnd(u) && q < test.rowEnd(u)) {
        int a = train.itemAt(p);
        int b = test.itemAt(q);
        if (a == b) {
          // Indices, not ids: user ids are private.
          throw CorePreconditions.failUnquoted("train and test",
              "must be disjoint, but both contain the pair of user index " + u + " and item index " + a);
        }
        if (a < b) {
          p++;
        } else {
          q++;
        }
      }
    }
  }

  private static void requireSameIndex(IdIndex a, IdIndex b) {
    if (a != b && !a.ids().equals(b.ids())) {
      // Neither sizes (the number of users is private) nor ids.
      String where;
      if (a.size() != b.size()) {
        where = "their sizes differ";
      } else {
        int i = 0;
        while (a.id(i).equals(b.id(i))) {
          i++;
        }
        where = "they first differ at index " + i;
      }
      throw CorePreconditions.fail("train and test", "must share the same " + a.kind() + " index, but " + where);
    }
  }

  /** Number of users with at least one test interaction (the users an evaluation covers). */
  public int numTestUsers() {
    int n = 0;
    for (int u = 0; u < test.numUsers(); u++) {
      if (test.rowLength(u) > 0) {
        n++;
      }
    }
    return n;
  }

  /**
   * Returns this split with the test interactions on cold items removed: items that no user has in
   * the training part cannot be recommended by a collaborative model, and some protocols leave
   * them out. The training part is unchanged.
   */
  public Split withoutColdTestItems() {
    int[] trainCounts = train.itemCounts();
    return new Split(train, test.filter((u, i, w, t) -> trainCounts[i] > 0));
  }
}
