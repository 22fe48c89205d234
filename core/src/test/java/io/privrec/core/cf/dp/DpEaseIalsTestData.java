package io.privrec.core.cf.dp;

import io.privrec.core.cf.dp.internal.GramNoise;
import io.privrec.core.data.InteractionMatrix;
import java.util.ArrayList;
import java.util.List;

/** Data sets and the zero-noise double for the DP-EASE and private iALS tests. */
final class DpEaseIalsTestData {
  private DpEaseIalsTestData() {}

  static InteractionMatrix random(long seed, int numUsers, int numItems, int maxLength) {
    return PrivacyAuditFixtures.matrix(numItems, PrivacyAuditFixtures.randomRows(seed, numUsers, numItems, maxLength));
  }

  /** {@code m} without user {@code user}'s interactions (the user stays in the index). */
  static InteractionMatrix withoutUser(InteractionMatrix m, int user) {
    return m.filter((u, i, w, t) -> u != user);
  }

  /** A noise double that adds nothing and records the calls it receives. */
  static final class ZeroNoise implements GramNoise {
    final List<String> calls = new ArrayList<>();

    @Override
    public void addAnalytic(double[][] segments, double l2Sensitivity, double epsilon, double delta, long maxTouched) {
      calls.add("analytic " + l2Sensitivity + " " + epsilon + " " + delta + " " + maxTouched);
    }

    @Override
    public void addZcdp(double[][] segments, double l2Sensitivity, double rho, long maxTouched) {
      calls.add("zcdp " + l2Sensitivity + " " + rho + " " + maxTouched);
    }
  }
}
