package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.model.PrivateModel;
import io.privrec.dp.budget.LedgerEntry;
import io.privrec.dp.budget.PrivacyAccountant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The public catalogue and models-as-releases, for every private recommender: the release does not
 * depend on items outside the catalogue, unbought catalogue items are scored, fitting without a
 * catalogue charges nothing, files do not grow with the number of customers, and an erasure keeps
 * the release.
 */
class DpCatalogueTest {
  /** The public catalogue: ten products and one nobody buys, in an order unrelated to the data. */
  private static final Catalogue CATALOGUE = Catalogue.of(List.of("p7", "p2", "ghost", "p0", "p9", "p4", "p1", "p8",
      "p3", "p6", "p5"));

  @TempDir Path dir;

  /** An algorithm under test, built with the insecure seeded source (reproducible) and the catalogue. */
  record Case(String name, Function<Long, AbstractPrivateAlgorithm> withSeed) {
    AbstractPrivateAlgorithm algorithm() {
      return withSeed.apply(42L);
    }

    PrivateModel fit(InteractionMatrix data) {
      AbstractPrivateAlgorithm a = algorithm();
      return (PrivateModel) a.fit(data, FitListener.NONE, PrivacyAccountant.create(a.budget()));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("dp-popularity", seed -> DpPopularity.builder().epsilon(2).topK(3).insecureReproducibleForTesting(seed)
            .catalogue(CATALOGUE).build()),
        new Case("dp-item-knn", seed -> DpItemKnn.builder().epsilon(50).threshold(2).insecureReproducibleForTesting(seed)
            .catalogue(CATALOGUE).build()),
        new Case("dp-ease (low rank, candidates)", seed -> DpEase.builder().epsilon(5).rank(4)
            .insecureRandomSourceForTesting(seed).catalogue(CATALOGUE).build()),
        new Case("dp-ease (dense, no selection)", seed -> DpEase.builder().epsilon(5).rank(0).candidateThreshold(0)
            .insecureRandomSourceForTesting(seed).catalogue(CATALOGUE).build()),
        new Case("dp-ease (threshold selects few)", seed -> DpEase.builder().epsilon(5).rank(2).candidateThreshold(1e6)
            .insecureRandomSourceForTesting(seed).catalogue(CATALOGUE).build()),
        new Case("dp-ials", seed -> DpIals.builder().factors(3).threads(2).insecureRandomSourceForTesting(seed)
            .catalogue(CATALOGUE).build()));
  }

  /**
   * Customers {@code c0…} buying products {@code p0…p9} (skewed) and, some of them, {@code x1} or
   * {@code x2} outside the catalogue; items interned in first-appearance order, as real data is.
   */
  private static List<List<String>> customers(long seed, int count) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<List<String>> rows = new ArrayList<>();
    for (int u = 0; u < count; u++) {
      List<String> row = new ArrayList<>();
      int len = 1 + rnd.nextInt(6);
      while (row.size() < len) {
        double r = rnd.nextDouble();
        String item = "p" + (int) (10 * r * r);
        if (!row.contains(item)) {
          row.add(item);
        }
      }
      if (u % 7 == 3) {
        row.add(u % 2 == 0 ? "x1" : "x2");
      }
      rows.add(row);
    }
    return rows;
  }

  private static InteractionMatrix matrix(List<String> customerIds, List<List<String>> rows) {
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.REJECT);
    for (int u = 0; u < rows.size(); u++) {
      for (String item : rows.get(u)) {
        b.add(customerIds.get(u), item, 1f);
      }
    }
    return b.build();
  }

  private static List<String> ids(String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int u = 0; u < count; u++) {
      ids.add(prefix + u);
    }
    return ids;
  }

  /** D: 80 customers. */
  private static InteractionMatrix dataset() {
    return matrix(ids("c", 80), customers(5, 80));
  }

  /**
   * D plus one customer who alone bought an item outside the catalogue, added first: she shifts
   * every user index and her item comes first in the data's item index.
   */
  private static InteractionMatrix datasetPlusOutsideBuyer() {
    List<String> customerIds = new ArrayList<>(List.of("newcomer"));
    customerIds.addAll(ids("c", 80));
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("only-she-bought-this"));
    rows.addAll(customers(5, 80));
    return matrix(customerIds, rows);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fit_plusOneCustomerWhoAloneBoughtAnItemOutsideTheCatalogue_sameRelease(Case c) {
    InteractionMatrix d = dataset();
    InteractionMatrix plus = datasetPlusOutsideBuyer();
    assertThat(plus.items().ids()).isNotEqualTo(d.items().ids()); // the data's own item universes differ
    PrivateModel a = c.fit(d);
    PrivateModel b = c.fit(plus);
    assertThat(a.items().ids()).isEqualTo(b.items().ids()).isEqualTo(CATALOGUE.items().ids());
    assertThat(a.numItems()).isEqualTo(b.numItems()).isEqualTo(CATALOGUE.size());
    // Same seed: every released value, length and order is identical (the whole file is the release).
    ModelIo.Contents ca = PrivateModelContents.of(a);
    ModelIo.Contents cb = PrivateModelContents.of(b);
    assertThat(cb).isEqualTo(ca);
    for (String section : ca.sectionNames()) {
      assertThat(section).doesNotContain("user");
    }
    float[] sa = new float[a.numItems()];
    float[] sb = new float[b.numItems()];
    int[] profile = {CATALOGUE.items().indexOf("p1"), CATALOGUE.items().indexOf("p3")};
    a.scoreProfile(profile, new float[] {1f, 1f}, sa);
    b.scoreProfile(profile, new float[] {1f, 1f}, sb);
    assertThat(sb).containsExactly(sa);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fit_catalogueItemNobodyBought_isPresentWithAFiniteScore(Case c) {
    InteractionMatrix d = dataset();
    assertThat(d.items().contains("ghost")).isFalse();
    PrivateModel model = c.fit(d);
    int ghost = model.items().indexOf("ghost");
    assertThat(ghost).isEqualTo(2);
    float[] scores = new float[model.numItems()];
    int p0 = CATALOGUE.items().indexOf("p0");
    for (int[] profile : new int[][] {{}, {p0}, {p0, CATALOGUE.items().indexOf("p1")}, {ghost}}) {
      float[] weights = new float[profile.length];
      java.util.Arrays.fill(weights, 1f);
      model.scoreProfile(profile, weights, scores);
      for (float x : scores) {
        assertThat(x).isFinite().isGreaterThan(-Float.MAX_VALUE);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fit_withoutCatalogue_throwsBeforeCharging(Case c) {
    AbstractPrivateAlgorithm withCatalogue = c.algorithm();
    AbstractPrivateAlgorithm without = rebuiltWithoutCatalogue(c);
    assertThat(without.catalogue()).isEmpty();
    assertThat(withCatalogue.catalogue()).contains(CATALOGUE);
    PrivacyAccountant accountant = PrivacyAccountant.create(without.budget());
    assertThatIllegalStateException().isThrownBy(() -> without.fit(dataset(), FitListener.NONE, accountant))
        .withMessage(without.name() + " needs a public catalogue: set Builder.catalogue(...) or withCatalogue(...)");
    assertThat(accountant.ledger()).isEmpty();
    assertThat(accountant.spent().epsilon()).isZero();
    assertThat(accountant.spent().delta()).isZero();
    assertThatIllegalStateException().isThrownBy(() -> without.fit(dataset(), FitListener.NONE));
    // withCatalogue is a copy: the receiver keeps no catalogue, the copy fits.
    AbstractPrivateAlgorithm copy = without.withCatalogue(CATALOGUE);
    assertThat(without.catalogue()).isEmpty();
    assertThat(copy.catalogue()).contains(CATALOGUE);
    assertThat(copy.parameters()).isEqualTo(without.parameters());
    assertThat(((PrivateModel) copy.fit(dataset(), FitListener.NONE)).items()).isSameAs(CATALOGUE.items());
  }

  /** The case's configuration without a catalogue (the builders' setter is the only way in). */
  private static AbstractPrivateAlgorithm rebuiltWithoutCatalogue(Case c) {
    return switch (c.name().substring(0, 6)) {
      case "dp-pop" -> DpPopularity.builder().epsilon(2).topK(3).insecureReproducibleForTesting(42).build();
      case "dp-ite" -> DpItemKnn.builder().epsilon(50).threshold(2).insecureReproducibleForTesting(42).build();
      case "dp-eas" -> DpEase.builder().epsilon(5).rank(4).insecureRandomSourceForTesting(42).build();
      default -> DpIals.builder().factors(3).threads(2).insecureRandomSourceForTesting(42).build();
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void save_50versus500Customers_sameFileSize(Case c) throws IOException {
    // Each customer buys nine of the ten products, so every pair is released for dp-item-knn at
    // both sizes (its file size follows the release's kept neighbour lists, never the customers).
    long[] sizes = new long[2];
    int[] counts = {50, 500};
    for (int k = 0; k < 2; k++) {
      List<List<String>> rows = new ArrayList<>();
      for (int u = 0; u < counts[k]; u++) {
        List<String> row = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          if (i != u % 10) {
            row.add("p" + i);
          }
        }
        rows.add(row);
      }
      Path file = dir.resolve("model-" + counts[k] + ".bin");
      c.fit(matrix(ids("c", counts[k]), rows)).save(file);
      sizes[k] = Files.size(file);
    }
    assertThat(sizes[1]).isEqualTo(sizes[0]);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void forget_keepsTheRelease(Case c) {
    InteractionMatrix d = dataset();
    PrivateModel model = c.fit(d);
    InteractionMatrix before = d.onItems(model.items());
    InteractionMatrix after = before.filter((u, i, w, t) -> u != 0 && u != 5);
    ModelUpdate.Result result = model.forget(new Erasure(before, after, new int[] {0, 5}));
    assertThat(result.update()).isEqualTo(ModelUpdate.RELEASE_KEPT);
    assertThat(result.model()).isSameAs(model);
    // The erasure must be indexed like the model: the raw data (12 items, not the catalogue's 11) is not.
    InteractionMatrix raw = d.filter((u, i, w, t) -> u != 0);
    assertThatIllegalArgumentException().isThrownBy(() -> model.forget(new Erasure(d, raw, new int[] {0})))
        .withMessageContaining("indexed like the model");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ledgerLabels_holdNoCountFromTheData(Case c) {
    List<List<String>> labels = new ArrayList<>();
    for (InteractionMatrix data : List.of(dataset(), datasetPlusOutsideBuyer(),
        matrix(ids("c", 300), customers(9, 300)))) {
      AbstractPrivateAlgorithm a = c.algorithm();
      PrivacyAccountant accountant = PrivacyAccountant.create(a.budget());
      a.fit(data, FitListener.NONE, accountant);
      labels.add(accountant.ledger().stream().map(LedgerEntry::label).toList());
    }
    assertThat(labels.get(1)).isEqualTo(labels.get(0));
    assertThat(labels.get(2)).isEqualTo(labels.get(0));
    for (String label : labels.get(0)) {
      assertThat(label).doesNotContain("80").doesNotContain("81").doesNotContain("items,")
          .doesNotContain(CATALOGUE.size() + " items");
    }
  }
}
