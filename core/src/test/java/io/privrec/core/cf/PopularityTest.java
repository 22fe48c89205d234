package io.privrec.core.cf;

import static io.privrec.core.cf.CfTestData.matrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ModelUpdate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PopularityTest {

  private static float[] scores(PopularityModel m) {
    float[] s = new float[m.numItems()];
    m.scoreProfile(new int[0], new float[0], s);
    return s;
  }

  @Test
  void fit_countsDistinctUsersPerItemIgnoringWeights() {
    InteractionMatrix m = matrix(4, new int[][] {{0, 1}, {1, 3}, {1}}, new float[][] {{5f, 1f}, {2f, 2f}, {9f}});

    PopularityModel model = Popularity.create().fit(m, FitListener.NONE);

    assertThat(scores(model)).containsExactly(1f, 3f, 0f, 1f);
    assertThat(model.count(1)).isEqualTo(3);
  }

  @Test
  void forget_randomBatches_equalsFittingWithoutThemBitForBit() {
    for (long seed = 1; seed <= 10; seed++) {
      InteractionMatrix data = CfTestData.random(seed, 200, 40, 15, false);
      PopularityModel full = Popularity.create().fit(data, FitListener.NONE);
      int[] users = new SplittableRandom(seed).ints(0, data.numUsers()).distinct().limit(60).toArray();
      Erasure erasure = CfTestData.erasure(data, users);

      ModelUpdate.Result result = full.forget(erasure);

      assertThat(result.update()).isEqualTo(ModelUpdate.EXACT);
      PopularityModel removed = (PopularityModel) result.model();
      PopularityModel retrained = Popularity.create().fit(erasure.after(), FitListener.NONE);
      assertThat(scores(removed)).as("seed %d", seed).containsExactly(scores(retrained));
      assertThat(removed.toContents()).isEqualTo(retrained.toContents());
      assertThat(removed.items()).isSameAs(full.items());
      assertThat(scores(full)).as("receiver unchanged").containsExactly(scores(Popularity.create().fit(data,
          FitListener.NONE)));
    }
  }

  @Test
  void forget_badInput_rejectedWithoutChange() {
    InteractionMatrix m = matrix(3, new int[][] {{0, 1}, {1, 2}});
    PopularityModel model = Popularity.create().fit(m, FitListener.NONE);

    InteractionMatrix other = matrix(4, new int[][] {{0}});
    assertThatIllegalArgumentException().isThrownBy(() -> model.forget(new Erasure(other, other, new int[] {0})))
        .withMessageContaining("erasure.before()").withMessageContaining("numItems() = 3. Provided value: 4");
    assertThatIllegalArgumentException().isThrownBy(() -> model.forget(new Erasure(m, m, new int[] {0})))
        .withMessageContaining("erasure.after()").withMessageContaining("no interaction of an erased customer");
    Erasure first = CfTestData.erasure(m, 0);
    PopularityModel once = (PopularityModel) model.forget(first).model();
    assertThat(once.count(0)).isZero();
    // Erasing her again from data that still holds her row is a caller error: a count would become negative.
    assertThatIllegalArgumentException().isThrownBy(() -> once.forget(first))
        .withMessageContaining("would become negative").withMessageNotContaining("u0");
    Erasure nothingLeft = CfTestData.erasure(first.after(), 0);
    assertThat(((PopularityModel) once.forget(nothingLeft).model()).count(0)).isZero();
    assertThat(scores(model)).containsExactly(1f, 2f, 1f);
  }

  @Test
  void items_areTheTrainingItemIds_andSurviveSaveLoad(@TempDir Path dir) throws IOException {
    InteractionMatrix m = matrix(3, new int[][] {{0, 1}, {1, 2}});
    PopularityModel model = Popularity.create().fit(m, FitListener.NONE);
    assertThat(model.items()).isSameAs(m.items());
    assertThat(model.numItems()).isEqualTo(3);
    Path file = dir.resolve("popularity.bin");
    model.save(file);
    PopularityModel back = PopularityModel.load(file);
    assertThat(back.items().ids()).containsExactly("i0", "i1", "i2");
    assertThat(back.toContents()).isEqualTo(model.toContents());
    assertThat(scores(back)).containsExactly(scores(model));
    ModelIo.write(file, ModelIo.Contents.builder("popularity", 1).strings("item-ids", new String[] {"a", "b"})
        .ints("counts", new int[] {1}).build());
    assertThatIllegalArgumentException().isThrownBy(() -> PopularityModel.load(file))
        .withMessageContaining(file.toString()).withMessageContaining("counts");
  }
}
