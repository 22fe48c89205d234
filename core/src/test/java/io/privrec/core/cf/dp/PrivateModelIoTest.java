package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.core.model.PrivateModel;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PrivateModelIoTest {
  private static final InteractionMatrix TRAIN = DpEaseIalsTestData.random(31, 60, 15, 7);

  @TempDir Path dir;

  /** A private algorithm with its model loader. */
  interface Loader {
    PrivateModel load(Path file) throws IOException;
  }

  record Case(String type, PrivateAlgorithm algorithm, Loader loader) {
    PrivateModel fit() {
      return (PrivateModel) algorithm.fit(TRAIN, FitListener.NONE, PrivacyAccountant.create(algorithm.budget()));
    }

    @Override
    public String toString() {
      return type;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("dp-popularity", DpPopularity.builder().epsilon(2).topK(4).catalogue(reversedCatalogue())
            .cohorts(3, id -> id.length() % 3).insecureReproducibleForTesting(1).build(), DpPopularityModel::load),
        new Case("dp-popularity", DpPopularity.builder().insecureReproducibleForTesting(2).catalogue(CATALOGUE).build(),
            DpPopularityModel::load),
        new Case("dp-item-knn", DpItemKnn.builder().epsilon(50).threshold(2).insecureReproducibleForTesting(3)
            .catalogue(CATALOGUE).build(), DpItemKnnModel::load),
        new Case("dp-ease", DpEase.builder().epsilon(5).rank(4).insecureRandomSourceForTesting(4).catalogue(CATALOGUE)
            .build(), DpEaseModel::load),
        new Case("dp-ease", DpEase.builder().epsilon(5).rank(0).insecureRandomSourceForTesting(5).catalogue(CATALOGUE)
            .build(), DpEaseModel::load),
        new Case("dp-ials", DpIals.builder().factors(4).threads(2).insecureRandomSourceForTesting(6).catalogue(CATALOGUE)
            .build(), DpIalsModel::load));
  }

  /** The public catalogue of {@link #TRAIN}'s 15 items. */
  private static final Catalogue CATALOGUE = PrivacyAuditFixtures.catalogue(15);

  /** The same items in reverse order: the model's indices follow the catalogue, not the data. */
  private static Catalogue reversedCatalogue() {
    List<String> ids = new ArrayList<>(CATALOGUE.items().ids());
    Collections.reverse(ids);
    return Catalogue.of(ids);
  }

  private Path save(PrivateModel model) throws IOException {
    Path file = dir.resolve("model.bin");
    model.save(file);
    return file;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void saveLoad_roundTrip_sameScoresBitForBitAndSameGuarantee(Case c) throws IOException {
    PrivateModel model = c.fit();
    PrivateModel loaded = c.loader().load(save(model));

    assertThat(loaded.getClass()).isEqualTo(model.getClass());
    assertThat(loaded.guarantee()).isEqualTo(model.guarantee());
    assertThat(loaded.guarantee().algorithm()).isEqualTo(c.type());
    assertThat(loaded.guarantee().budget()).isEqualTo(c.algorithm().budget());
    assertThat(loaded.guarantee().insecureRandomSource()).isTrue();
    assertThat(loaded.items().ids()).isEqualTo(model.items().ids())
        .isEqualTo(c.algorithm().catalogue().orElseThrow().items().ids());
    assertThat(PrivateModelContents.of(loaded)).isEqualTo(PrivateModelContents.of(model));
    int n = TRAIN.numItems();
    float[] expected = new float[n];
    float[] actual = new float[n];
    for (int u = 0; u < TRAIN.numUsers(); u++) {
      model.scoreProfile(TRAIN.rowItems(u), TRAIN.rowWeights(u), expected);
      loaded.scoreProfile(TRAIN.rowItems(u), TRAIN.rowWeights(u), actual);
      assertThat(bits(actual)).as("user %d", u).containsExactly(bits(expected));
    }
    int[] profile = {1, 4, 9};
    float[] ones = {1f, 1f, 1f};
    model.scoreProfile(profile, ones, expected);
    loaded.scoreProfile(profile, ones, actual);
    assertThat(bits(actual)).containsExactly(bits(expected));
  }

  private static int[] bits(float[] values) {
    int[] b = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = Float.floatToRawIntBits(values[i]);
    }
    return b;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void load_truncatedOrFlippedFile_failsNamingFile(Case c) throws IOException {
    Path file = save(c.fit());
    byte[] good = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(good, good.length - 3));
    assertThatIOException().isThrownBy(() -> c.loader().load(file)).withMessageContaining(file.toString())
        .withMessageContaining("truncated");
    byte[] bad = good.clone();
    bad[good.length / 2] ^= 0x04;
    Files.write(file, bad);
    assertThatIOException().isThrownBy(() -> c.loader().load(file)).withMessageContaining(file.toString())
        .withMessageContaining("checksum mismatch");
  }

  @Test
  void load_fileOfAnotherPrivateType_failsNamingBothTypes() throws IOException {
    Path file = save(DpEase.builder().insecureRandomSourceForTesting(7).build()
        .withCatalogue(CATALOGUE).fit(TRAIN, FitListener.NONE));
    assertThatIllegalArgumentException().isThrownBy(() -> DpIalsModel.load(file)).withMessageContaining(file.toString())
        .withMessageContaining("'dp-ease'").withMessageContaining("'dp-ials'");
    assertThatIllegalArgumentException().isThrownBy(() -> DpItemKnnModel.load(file)).withMessageContaining("'dp-item-knn'");
    assertThatIllegalArgumentException().isThrownBy(() -> DpPopularityModel.load(file))
        .withMessageContaining("'dp-popularity'");
    Path ials = dir.resolve("ials.bin");
    DpIals.builder().factors(2).insecureRandomSourceForTesting(8).build()
        .withCatalogue(CATALOGUE).fit(TRAIN, FitListener.NONE).save(ials);
    assertThatIllegalArgumentException().isThrownBy(() -> DpEaseModel.load(ials)).withMessageContaining("'dp-ials'")
        .withMessageContaining("'dp-ease'");
  }

  @Test
  void load_nonPrivateModelFile_isRejected() throws IOException {
    Path file = dir.resolve("ease.bin");
    ModelIo.write(file, ModelIo.Contents.builder("ease", 1).build());
    assertThatIllegalArgumentException().isThrownBy(() -> DpEaseModel.load(file)).withMessageContaining("'ease'");
  }

  @Test
  void fromContents_guaranteeNotMatchingParameters_rejected() {
    ModelIo.Contents good = DpEase.builder().insecureRandomSourceForTesting(9).build().withCatalogue(CATALOGUE)
        .fit(TRAIN, FitListener.NONE).toContents();
    Map<String, String> params = new LinkedHashMap<>(good.parameters());
    params.put("guarantee-epsilon", "0.5");
    assertThatIllegalArgumentException().isThrownBy(() -> DpEaseModel.fromContents(copy(good, params)))
        .withMessageContaining("does not match");
    params.remove("guarantee-epsilon");
    assertThatIllegalArgumentException().isThrownBy(() -> DpEaseModel.fromContents(copy(good, params)))
        .withMessageContaining("guarantee-epsilon");
    Map<String, String> unknown = new LinkedHashMap<>(good.parameters());
    unknown.put("colour", "red");
    assertThatIllegalArgumentException().isThrownBy(() -> DpEaseModel.fromContents(copy(good, unknown)))
        .withMessageContaining("colour");
  }

  private static ModelIo.Contents copy(ModelIo.Contents c, Map<String, String> params) {
    ModelIo.Contents.Builder b = ModelIo.Contents.builder(c.modelType(), c.modelVersion()).parameters(params);
    for (String name : c.sectionNames()) {
      switch (name) {
        case "rank", "candidate" -> b.ints(name, c.ints(name));
        case PrivateModelFiles.ITEM_IDS -> b.strings(name, c.strings(name));
        default -> b.floats(name, c.floats(name));
      }
    }
    return b.build();
  }

  @Test
  void fromContents_nonFiniteOrMisshapenRelease_rejected() {
    DpIalsModel model = DpIals.builder().factors(2).insecureRandomSourceForTesting(10).build()
        .withCatalogue(CATALOGUE).fit(TRAIN, FitListener.NONE);
    ModelIo.Contents good = model.toContents();
    float[] items = good.floats("item-factors").clone();
    items[3] = Float.NaN;
    String[] ids = good.strings(PrivateModelFiles.ITEM_IDS);
    ModelIo.Contents nan = ModelIo.Contents.builder("dp-ials", PrivateModelFiles.LAYOUT).parameters(good.parameters())
        .strings(PrivateModelFiles.ITEM_IDS, ids).ints("shape", good.ints("shape")).floats("item-factors", items)
        .build();
    assertThatIllegalArgumentException().isThrownBy(() -> DpIalsModel.fromContents(nan))
        .withMessageContaining("item-factors").withMessageContaining("NaN");
    ModelIo.Contents shape = ModelIo.Contents.builder("dp-ials", PrivateModelFiles.LAYOUT).parameters(good.parameters())
        .strings(PrivateModelFiles.ITEM_IDS, ids).ints("shape", new int[] {14, 2})
        .floats("item-factors", good.floats("item-factors")).build();
    assertThatIllegalArgumentException().isThrownBy(() -> DpIalsModel.fromContents(shape))
        .withMessageContaining("shape must be [items = 15");
    ModelIo.Contents shortFactors = ModelIo.Contents.builder("dp-ials", PrivateModelFiles.LAYOUT)
        .parameters(good.parameters()).strings(PrivateModelFiles.ITEM_IDS, ids).ints("shape", good.ints("shape"))
        .floats("item-factors", Arrays.copyOf(good.floats("item-factors"), 28)).build();
    assertThatIllegalArgumentException().isThrownBy(() -> DpIalsModel.fromContents(shortFactors))
        .withMessageContaining("item-factors").withMessageContaining("expected 30");
  }

  @Test
  void load_secureFit_reportsAHoldingGuaranteeWithItsMechanism() throws IOException {
    DpItemKnnModel model = DpItemKnn.builder().epsilon(50).threshold(2).build()
        .withCatalogue(CATALOGUE).fit(TRAIN, FitListener.NONE);
    DpItemKnnModel loaded = DpItemKnnModel.load(save(model));
    assertThat(loaded.guarantee().holds()).isTrue();
    assertThat(loaded.guarantee().budget()).isEqualTo(PrivacyBudget.of(50, 1e-6));
    assertThat(loaded.guarantee().mechanism()).contains("discrete-gaussian");
    assertThat(loaded.config().parameters()).isEqualTo(model.config().parameters()).doesNotContainKey("random-source");
  }

  @Test
  void load_insecureFit_keepsTheVoidedGuaranteeButNeverTheInsecureSource() throws IOException {
    DpEase algorithm = DpEase.builder().insecureRandomSourceForTesting(77).build();
    DpEaseModel model = algorithm.withCatalogue(CATALOGUE).fit(TRAIN, FitListener.NONE);
    Path file = save(model);
    DpEaseModel loaded = DpEaseModel.load(file);
    assertThat(loaded.guarantee().holds()).isFalse();
    assertThat(loaded.guarantee().toString()).contains("VOID");
    // The loaded configuration fits with the secure source: no trace of the test source or its seed.
    assertThat(loaded.config().insecure).isFalse();
    Map<String, String> expected = new LinkedHashMap<>(algorithm.parameters());
    expected.remove("random-source");
    expected.remove("insecure-seed");
    assertThat(loaded.config().parameters()).isEqualTo(expected).doesNotContainKeys("random-source", "insecure-seed");
    assertThat(loaded.config().guarantee().holds()).isTrue();
    assertThat(loaded.config().fit(TRAIN, FitListener.NONE).guarantee().holds()).isTrue();
    // Saved again, the file is unchanged; loaded again, still secure.
    assertThat(loaded.toContents()).isEqualTo(model.toContents());
    assertThat(DpEaseModel.fromContents(loaded.toContents()).config().insecure).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void load_noParameterOrSectionRevivesTheInsecureSource(Case c) throws IOException {
    ModelIo.Contents good = PrivateModelContents.of(c.fit());
    assertThat(good.parameters()).doesNotContainKeys("random-source", "insecure-seed")
        .containsEntry("guarantee-random-source", "insecure-reproducible-for-testing");
    for (Map.Entry<String, String> extra : List.of(Map.entry("random-source", "insecure-reproducible-for-testing"),
        Map.entry("insecure-seed", "1"), Map.entry("guarantee-random-source", "insecure"),
        Map.entry("seed-source", "insecure-reproducible-for-testing"))) {
      Map<String, String> params = new LinkedHashMap<>(good.parameters());
      params.put(extra.getKey(), extra.getValue());
      Path file = dir.resolve("crafted.bin");
      ModelIo.write(file, withParameters(good, params));
      assertThatIllegalArgumentException().as(extra.toString()).isThrownBy(() -> c.loader().load(file))
          .withMessageContaining(file.toString()).withMessageContaining(extra.getKey());
    }
    for (String section : List.of("random-source", "insecure-seed")) {
      Path file = dir.resolve("section.bin");
      ModelIo.write(file, withSection(good, section));
      // An unknown section is ignored: the configuration read back still uses the secure source.
      PrivateModel loaded = c.loader().load(file);
      assertThat(((AbstractPrivateAlgorithm) configOf(loaded)).insecure).isFalse();
    }
    PrivateModel loaded = c.loader().load(save(c.fit()));
    AbstractPrivateAlgorithm config = (AbstractPrivateAlgorithm) configOf(loaded);
    assertThat(config.insecure).isFalse();
    assertThat(config.parameters()).doesNotContainKeys("random-source", "insecure-seed");
    assertThat(config.guarantee().holds()).isTrue();
    assertThat(loaded.guarantee().holds()).isFalse();
  }

  private static PrivateAlgorithm configOf(PrivateModel model) {
    if (model instanceof DpPopularityModel m) {
      return m.config();
    } else if (model instanceof DpItemKnnModel m) {
      return m.config();
    } else if (model instanceof DpEaseModel m) {
      return m.config();
    }
    return ((DpIalsModel) model).config();
  }

  /** {@code c} with other parameters, every section copied by kind. */
  private static ModelIo.Contents withParameters(ModelIo.Contents c, Map<String, String> params) {
    ModelIo.Contents.Builder b = ModelIo.Contents.builder(c.modelType(), c.modelVersion()).parameters(params);
    copySections(c, b);
    return b.build();
  }

  /** {@code c} with an extra string section {@code name} naming the insecure source. */
  private static ModelIo.Contents withSection(ModelIo.Contents c, String name) {
    ModelIo.Contents.Builder b = ModelIo.Contents.builder(c.modelType(), c.modelVersion()).parameters(c.parameters());
    copySections(c, b);
    return b.strings(name, new String[] {"insecure-reproducible-for-testing", "1"}).build();
  }

  private static void copySections(ModelIo.Contents c, ModelIo.Contents.Builder b) {
    for (String name : c.sectionNames()) {
      switch (name) {
        case "rank", "candidate", "ranking", "released-pairs", "nbr-ptr", "nbr-items", "shape" -> b.ints(name,
            c.ints(name));
        case "counts", "cohort-counts" -> b.longs(name, c.longs(name));
        case "item-counts" -> b.doubles(name, c.doubles(name));
        case PrivateModelFiles.ITEM_IDS -> b.strings(name, c.strings(name));
        default -> b.floats(name, c.floats(name));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void load_layoutOneFile_refusedNamingTheFileAndAskingForARefit(Case c) throws IOException {
    ModelIo.Contents good = PrivateModelContents.of(c.fit());
    ModelIo.Contents.Builder b = ModelIo.Contents.builder(c.type(), 1).parameters(good.parameters());
    copySections(good, b);
    Path file = dir.resolve("layout1.bin");
    ModelIo.write(file, b.ints("user-ptr", new int[] {0}).build());
    assertThatIllegalArgumentException().isThrownBy(() -> c.loader().load(file))
        .withMessageContaining(file.toString()).withMessageContaining("layout 1").withMessageContaining("refit");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void saved_holdsOnlyTheReleaseParametersCatalogueAndGuarantee(Case c) {
    ModelIo.Contents contents = PrivateModelContents.of(c.fit());
    assertThat(contents.modelVersion()).isEqualTo(2);
    assertThat(contents.strings(PrivateModelFiles.ITEM_IDS)).containsExactlyElementsOf(
        c.algorithm().catalogue().orElseThrow().items().ids());
    assertThat(contents.sectionNames()).doesNotContain("user-ptr", "user-items", "user-weights", "user-factors",
        "cohort-of-user", "num-users", "released");
    List<String> customers = TRAIN.users().ids();
    assertThat(contents.parameters().values()).doesNotContainAnyElementsOf(customers);
    assertThat(contents.strings(PrivateModelFiles.ITEM_IDS)).doesNotContainAnyElementsOf(customers);
  }

  @Test
  void loadedPopularityConfigWithCohorts_fitAgain_throwsBeforeCharging() throws IOException {
    DpPopularity algorithm = DpPopularity.builder().cohorts(2, id -> id.length() % 2).insecureReproducibleForTesting(11)
        .build();
    DpPopularityModel loaded = DpPopularityModel.load(save(algorithm
        .withCatalogue(CATALOGUE).fit(TRAIN, FitListener.NONE)));
    assertThat(loaded.numCohorts()).isEqualTo(2);
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(10, 1e-5));
    assertThatIllegalStateException().isThrownBy(() -> loaded.config().fit(TRAIN, FitListener.NONE, accountant))
        .withMessageContaining("cohort function");
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void load_popularityWithBudgetAboveTheCommandLineLimits_loads() throws IOException {
    // fromParams caps ε at 100 and δ at 0.01; a model built with larger values must still load.
    DpPopularity algorithm = DpPopularity.builder().epsilon(500).delta(0.05).insecureReproducibleForTesting(12).build();
    DpPopularityModel loaded = DpPopularityModel.load(save(algorithm
        .withCatalogue(CATALOGUE).fit(TRAIN, FitListener.NONE)));
    assertThat(loaded.guarantee().budget()).isEqualTo(PrivacyBudget.of(500, 0.05));
  }
}
