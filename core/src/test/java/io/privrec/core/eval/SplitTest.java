package io.privrec.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.core.data.InteractionMatrix;
import org.junit.jupiter.api.Test;

class SplitTest {

  @Test
  void constructor_overlappingParts_throwsNamingPairByIndexNotId() {
    InteractionMatrix data = EvalFixtures.pairs("cust-u x", "cust-u y");
    InteractionMatrix overlap = data.filter((u, i, w, t) -> i == 1);
    assertThatIllegalArgumentException().isThrownBy(() -> new Split(data, overlap))
        .withMessage("train and test must be disjoint, but both contain the pair of user index 0 and item index 1 "
            + "(the value is not quoted)");
  }

  @Test
  void constructor_differentIndices_throws() {
    InteractionMatrix a = EvalFixtures.pairs("u x");
    InteractionMatrix b = EvalFixtures.pairs("u x", "v y");
    assertThatIllegalArgumentException().isThrownBy(() -> new Split(a, b.filter((u, i, w, t) -> false)))
        .withMessage("train and test must share the same user index, but their sizes differ");
  }

  @Test
  void constructor_null_throwsNamingComponent() {
    InteractionMatrix a = EvalFixtures.pairs("u x");
    assertThatNullPointerException().isThrownBy(() -> new Split(null, a)).withMessage("train");
    assertThatNullPointerException().isThrownBy(() -> new Split(a, null)).withMessage("test");
  }

  @Test
  void numTestUsers_countsUsersWithTestInteractions() {
    InteractionMatrix data = EvalFixtures.pairs("u x", "u y", "v x", "w y");
    Split split = new Split(data.filter((u, i, w, t) -> u != 0 || i == 0), data.filter((u, i, w, t) -> u == 0 && i == 1));
    assertThat(split.numTestUsers()).isEqualTo(1);
  }
}
