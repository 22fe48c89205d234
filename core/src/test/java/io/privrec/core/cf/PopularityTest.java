package io.privrec.core.cf;

import static io.privrec.core.cf.CfTestData.matrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PopularityTest {

  private static float[] scores(Popularity.Model m) {
    float[] s = new float[m.numItems()];
    m.scoreProfile(new int[0], new float[0], s);
    return s;
  }

  @Test
  void fit_countsDistinctUsersPerItemIgnoringWeights() {
    InteractionMatrix m = matrix(4, new int[][] {{0, 1}, {1, 3}, {1}}, new float[][] {{5f, 1f}, {2f, 2f}, {9f}});

    Popularity.Model model = Popularity.create().fit(m, FitListener.NONE);

    assertThat(scores(model)).containsExactly(1f, 3f, 0f, 1f);
    assertThat(model.count(1)).isEqualTo(3);
  }

  @Test
  void withoutUsers_randomBatches_equalsFittingWithoutThemBitForBit() {
    for (long seed = 1; seed <= 10; seed++) {
      InteractionMatrix data = CfTestData.random(seed, 200, 40, 15, false);
      Popularity.Model full = Popularity.create().fit(data, FitListener.NONE);
      int[] users = new SplittableRandom(seed).ints(0, data.numUsers()).distinct().limit(60).toArray();
      boolean[] gone = new boolean[data.numUsers()];
      for (int u : users) {
        gone[u] = true;
      }

      Popularity.Model removed = full.withoutUsers(data, users);

      Popularity.Model retrained = Popularity.create().fit(data.filter((u, i, w, t) -> !gone[u]), FitListener.NONE);
      assertThat(scores(removed)).as("seed %d", seed).containsExactly(scores(retrained));
      assertThat(scores(full)).as("receiver unchanged").containsExactly(scores(Popularity.create().fit(data,
          FitListener.NONE)));
    }
  }

  @Test
  void withoutUsers_badInput_rejectedWithoutChange() {
    InteractionMatrix m = matrix(3, new int[][] {{0, 1}, {1, 2}});
    Popularity.Model model = Popularity.create().fit(m, FitListener.NONE);
    InteractionMatrix emptied = m.eraseUsers(0);

    assertThatIllegalArgumentException().isThrownBy(() -> model.withoutUsers(m, 1, 1))
        .withMessageContaining("user index 1 more than once");
    assertThatThrownBy(() -> model.withoutUsers(m, 2)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("user must be in [0, 2). Provided value: 2");
    assertThatIllegalArgumentException().isThrownBy(() -> model.withoutUsers(matrix(4, new int[][] {{0}}), 0))
        .withMessageContaining("training must have numItems() = 3. Provided value: 4");
    Popularity.Model once = model.withoutUsers(m, 0);
    assertThatIllegalArgumentException().isThrownBy(() -> once.withoutUsers(m, 0))
        .withMessageContaining("would have a negative count");
    assertThat(once.withoutUsers(emptied, 0).count(0)).isZero();
    assertThat(scores(model)).containsExactly(1f, 2f, 1f);
  }
}
