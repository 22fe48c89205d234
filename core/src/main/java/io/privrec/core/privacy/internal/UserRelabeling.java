package io.privrec.core.privacy.internal;

import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rebuilds an interaction matrix with renamed user ids, keeping indices, items and interactions. */
public final class UserRelabeling {
  private UserRelabeling() {}

  /**
   * Returns {@code data} with user id {@code u} replaced by {@code newIds.get(u)}.
   *
   * @throws IllegalArgumentException if a user id has no entry or two users map to the same id
   */
  public static InteractionMatrix relabel(InteractionMatrix data, Map<String, String> newIds) {
    IdIndex users = data.users();
    List<String> renamed = new ArrayList<>(users.size());
    for (int u = 0; u < users.size(); u++) {
      String to = newIds.get(users.id(u));
      if (to == null) {
        throw CorePreconditions.failUnquoted("the relabelling table",
            "must hold a new id for every user, but holds no new id for the user at index " + u + " of the data");
      }
      renamed.add(to);
    }
    IdIndex newUsers;
    try {
      newUsers = IdIndex.of(users.kind(), renamed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("relabelling table maps two users to the same new id: " + e.getMessage(), e);
    }
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.REJECT, newUsers, data.items());
    IdIndex items = data.items();
    for (int u = 0; u < data.numUsers(); u++) {
      for (int p = data.rowStart(u); p < data.rowEnd(u); p++) {
        if (data.hasTimestamps()) {
          builder.addIndexed(u, data.itemAt(p), data.weightAt(p), data.timeAt(p));
        } else {
          builder.add(renamed.get(u), items.id(data.itemAt(p)), data.weightAt(p));
        }
      }
    }
    return builder.build();
  }
}
