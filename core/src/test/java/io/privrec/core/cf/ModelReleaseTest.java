package io.privrec.core.cf;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fitted non-private model is a release: its file holds item-side statistics and the item ids
 * only, nothing whose size grows with the number of customers, and loading it gives back the ids.
 */
class ModelReleaseTest {
  @TempDir Path dir;

  private static final int ITEMS = 12;

  /** Item ids in an order unlike their names, so that a round trip of the order is checked. */
  private static List<String> itemIds() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      ids.add("sku-" + ((i * 7) % ITEMS) + (i % 2 == 0 ? "-ü" : ""));
    }
    return ids;
  }

  /**
   * {@code users} customers over the same {@link #ITEMS} items, every customer holding all items
   * but one (so every pair of items co-occurs whatever the number of customers), integer weights.
   */
  private static InteractionMatrix data(int users, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> ids = itemIds();
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.REJECT);
    for (String id : ids) {
      b.internItem(id);
    }
    for (int u = 0; u < users; u++) {
      int skipped = rnd.nextInt(ITEMS);
      for (int i = 0; i < ITEMS; i++) {
        if (i != skipped) {
          b.add("customer-" + u, ids.get(i), 1 + rnd.nextInt(5));
        }
      }
    }
    return b.build();
  }

  private interface Saver {
    void save(ItemScorer model, Path file) throws IOException;
  }

  private interface Loader {
    ItemScorer load(Path file) throws IOException;
  }

  /**
   * Fits on 50 and on 500 customers over the same items; both files have the same size (no section
   * grows with the customers) though the statistics differ, and the item ids round-trip.
   */
  private void assertFileIndependentOfCustomers(Function<InteractionMatrix, ItemScorer> fit, Saver saver,
      Loader loader) throws IOException {
    InteractionMatrix few = data(50, 1);
    InteractionMatrix many = data(500, 2);
    ItemScorer small = fit.apply(few);
    ItemScorer large = fit.apply(many);
    Path a = dir.resolve("few.bin");
    Path b = dir.resolve("many.bin");
    saver.save(small, a);
    saver.save(large, b);
    assertThat(Files.size(b)).as("file size with 500 customers").isEqualTo(Files.size(a));
    assertThat(Files.readAllBytes(b)).as("different statistics").isNotEqualTo(Files.readAllBytes(a));
    ModelIo.Contents contents = ModelIo.read(b);
    assertThat(contents.sectionNames()).contains("item-ids")
        .doesNotContain("user-ptr", "user-items", "user-weights", "user-factors");
    assertThat(contents.strings("item-ids")).containsExactlyElementsOf(itemIds());

    ItemScorer back = loader.load(b);
    assertThat(small.items().ids()).containsExactlyElementsOf(itemIds());
    assertThat(back.items().ids()).containsExactlyElementsOf(itemIds());
    assertThat(back.numItems()).isEqualTo(ITEMS);
    float[] expected = new float[ITEMS];
    float[] actual = new float[ITEMS];
    for (int u = 0; u < many.numUsers(); u += 37) {
      large.scoreProfile(many.rowItems(u), many.rowWeights(u), expected);
      back.scoreProfile(many.rowItems(u), many.rowWeights(u), actual);
      assertThat(actual).containsExactly(expected);
    }
  }

  @Test
  void popularity_fileHoldsNoCustomerData() throws IOException {
    assertFileIndependentOfCustomers(m -> Popularity.create().fit(m, FitListener.NONE),
        (model, file) -> ((PopularityModel) model).save(file), PopularityModel::load);
  }

  @Test
  void itemKnn_fileHoldsNoCustomerData() throws IOException {
    for (ItemKnn knn : List.of(ItemKnn.create(), ItemKnn.builder().weighting(ItemKnn.Weighting.NONE).build())) {
      assertFileIndependentOfCustomers(m -> knn.fit(m, FitListener.NONE),
          (model, file) -> ((ItemKnnModel) model).save(file), ItemKnnModel::load);
    }
  }

  @Test
  void ease_fileHoldsNoCustomerData() throws IOException {
    assertFileIndependentOfCustomers(m -> Ease.of(5, 100, true).fit(m, FitListener.NONE),
        (model, file) -> ((EaseModel) model).save(file), EaseModel::load);
  }

  @Test
  void ials_fileHoldsNoCustomerData() throws IOException {
    Ials ials = Ials.builder().factors(4).iterations(3).threads(1).build();
    assertFileIndependentOfCustomers(m -> ials.fit(m, FitListener.NONE),
        (model, file) -> ((IalsModel) model).save(file), IalsModel::load);
  }
}
