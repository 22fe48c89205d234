package io.privrec.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.cf.dp.DpEase;
import io.privrec.core.cf.dp.DpIals;
import io.privrec.core.cf.dp.DpItemKnn;
import io.privrec.core.cf.dp.DpPopularity;
import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.core.model.SavableModel;
import io.privrec.core.privacy.ConsentRegister;
import io.privrec.core.privacy.PseudonymKey;
import io.privrec.core.privacy.Pseudonymizer;
import io.privrec.core.privacy.Purpose;
import io.privrec.core.privacy.Regime;
import io.privrec.core.privacy.RetentionPolicy;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The privacy promise through the whole facade, on neighbouring data sets: D against D plus one
 * customer who alone bought an item (outside or inside the catalogue), who opted out of training,
 * or whose interactions expired. The deterministic parts of a release (its item universe, order,
 * length, and which items the facade can ever list) must not depend on her; the noisy parts are
 * covered by each mechanism's hockey-stick tests. A deliberately leaky variant that takes its item
 * universe from the data is caught by the same check.
 */
class EndToEndPrivacyTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final int ITEMS = 40;
  private static final String SECRET_OUTSIDE = "secret-outside-sku";
  private static final String LONELY_INSIDE = "sku-lonely";
  private static final String NEIGHBOUR = "zz-neighbour";

  /** The shop's public list: sku-00 … sku-39 plus one item nobody but the neighbour ever buys. */
  private static Catalogue catalogue() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      ids.add(String.format("sku-%02d", i));
    }
    ids.add(LONELY_INSIDE);
    return Catalogue.of(ids);
  }

  /** D: 300 customers over the catalogue's first 40 items, timestamps inside the retention window. */
  private static InteractionMatrix.Builder base() {
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.MAX);
    SplittableRandom random = new SplittableRandom(7);
    long t = NOW.getEpochSecond() - 86_400;
    for (int u = 0; u < 300; u++) {
      String customer = String.format("c%03d", u);
      int n = 3 + random.nextInt(6);
      for (int j = 0; j < n; j++) {
        double x = random.nextDouble();
        b.add(customer, String.format("sku-%02d", (int) (x * x * ITEMS)), 1f, t);
      }
    }
    return b;
  }

  private static InteractionMatrix d() {
    return base().build();
  }

  /** D plus the neighbour with {@code items} at time {@code t}. */
  private static InteractionMatrix dPlus(long t, String... items) {
    InteractionMatrix.Builder b = base();
    for (String item : items) {
      b.add(NEIGHBOUR, item, 1f, t);
    }
    return b.build();
  }

  private static final long RECENT = NOW.getEpochSecond() - 3_600;

  /** The four private algorithms with a fixed insecure seed (same noise stream for D and D'). */
  private static List<PrivateAlgorithm> privateAlgorithms() {
    return List.of(
        DpPopularity.builder().epsilon(1).delta(1e-6).insecureReproducibleForTesting(11).build(),
        DpItemKnn.builder().epsilon(1).delta(1e-6).insecureReproducibleForTesting(11).build(),
        DpEase.builder().epsilon(1).delta(1e-6).insecureRandomSourceForTesting(11).build(),
        DpIals.builder().epsilon(1).delta(1e-6).insecureRandomSourceForTesting(11).build());
  }

  private static PrivateRecommender privately(InteractionMatrix data, PrivateAlgorithm algorithm) {
    return PrivateRecommender.builder().data(data).catalogue(catalogue()).algorithm(algorithm).privacy(1, 1e-6)
        .clock(CLOCK).build();
  }

  /** Everything deterministic the facade can show: the universe, the order, and what can be listed. */
  private record Shape(List<String> items, int numItems, Set<String> listable) {}

  private static Shape shape(PrivateRecommender rec) {
    ItemScorer model = rec.scorer();
    Set<String> listable = new HashSet<>();
    rec.recommendForSession(List.of(), model.numItems()).forEach(s -> listable.add(s.itemId()));
    for (String id : catalogue().items().ids()) {
      rec.recommendForSession(List.of(id), model.numItems()).forEach(s -> listable.add(s.itemId()));
    }
    rec.recommend("c000", model.numItems()).forEach(s -> listable.add(s.itemId()));
    return new Shape(model.items().ids(), model.numItems(), listable);
  }

  @Test
  void privateModels_neighbourWhoAloneBoughtAnItemOutsideTheCatalogue_sameShapeAndNeverListed() {
    for (PrivateAlgorithm algorithm : privateAlgorithms()) {
      Shape withoutHer = shape(privately(d(), algorithm));
      PrivateRecommender withHerRec = privately(dPlus(RECENT, SECRET_OUTSIDE, "sku-01", "sku-02"), algorithm);
      Shape withHer = shape(withHerRec);

      assertThat(withHer.items()).as(algorithm.name()).isEqualTo(withoutHer.items())
          .isEqualTo(catalogue().items().ids());
      assertThat(withHer.numItems()).isEqualTo(catalogue().size());
      assertThat(withHer.listable()).as(algorithm.name()).doesNotContain(SECRET_OUTSIDE);
      assertThat(withHerRec.recommendForSession(List.of(SECRET_OUTSIDE), 50)).extracting(ScoredItem::itemId)
          .doesNotContain(SECRET_OUTSIDE);
      assertThat(withHerRec.recommend(NEIGHBOUR, 50)).extracting(ScoredItem::itemId).doesNotContain(SECRET_OUTSIDE);
    }
  }

  @Test
  void privateModels_neighbourWhoAloneBoughtACatalogueItem_sameUniverseAndOrder() {
    for (PrivateAlgorithm algorithm : privateAlgorithms()) {
      Shape withoutHer = shape(privately(d(), algorithm));
      Shape withHer = shape(privately(dPlus(RECENT, LONELY_INSIDE, "sku-03"), algorithm));

      assertThat(withHer.items()).as(algorithm.name()).isEqualTo(withoutHer.items());
      assertThat(withHer.numItems()).isEqualTo(withoutHer.numItems());
      // A catalogue item is public: listable with her or without her, never because of her.
      assertThat(withoutHer.items()).contains(LONELY_INSIDE);
    }
  }

  @Test
  void leakyVariant_universeFromTheData_isCaughtByTheShapeCheck() {
    PrivateAlgorithm leaky = new LeakyDataUniverse(
        DpPopularity.builder().epsilon(1).delta(1e-6).insecureReproducibleForTesting(11).build());
    Shape withoutHer = shape(privately(d(), leaky));
    Shape withHer = shape(privately(dPlus(RECENT, LONELY_INSIDE, "sku-03"), leaky));

    assertThat(withHer.items()).isNotEqualTo(withoutHer.items());
    assertThat(withHer.items()).contains(LONELY_INSIDE);
    assertThat(withoutHer.items()).doesNotContain(LONELY_INSIDE);
  }

  @Test
  void privateModels_neighbourWhoOptedOutOfTraining_identicalRelease() {
    for (PrivateAlgorithm algorithm : privateAlgorithms()) {
      ConsentRegister consent = register(Regime.OPT_OUT);
      consent.withdraw(NEIGHBOUR, Purpose.MODEL_TRAINING, "test");
      PrivateRecommender without = PrivateRecommender.builder().data(d()).catalogue(catalogue()).algorithm(algorithm)
          .privacy(1, 1e-6).consent(register(Regime.OPT_OUT)).clock(CLOCK).build();
      PrivateRecommender with = PrivateRecommender.builder().data(dPlus(RECENT, SECRET_OUTSIDE, LONELY_INSIDE))
          .catalogue(catalogue()).algorithm(algorithm).privacy(1, 1e-6).consent(consent).clock(CLOCK).build();

      assertThat(shape(with)).as(algorithm.name()).isEqualTo(shape(without));
      assertThat(with.recommendForSession(List.of("sku-01"), 10))
          .isEqualTo(without.recommendForSession(List.of("sku-01"), 10));
      assertThat(with.privacyReport().toText()).isEqualTo(without.privacyReport().toText());
    }
  }

  @Test
  void privateModels_neighbourWhoseInteractionsExpired_identicalRelease() {
    long expired = NOW.getEpochSecond() - Duration.ofDays(400).toSeconds();
    for (PrivateAlgorithm algorithm : privateAlgorithms()) {
      RetentionPolicy year = RetentionPolicy.of(Duration.ofDays(365));
      PrivateRecommender without = PrivateRecommender.builder().data(d()).catalogue(catalogue()).algorithm(algorithm)
          .privacy(1, 1e-6).retention(year).clock(CLOCK).build();
      PrivateRecommender with = PrivateRecommender.builder().data(dPlus(expired, SECRET_OUTSIDE, LONELY_INSIDE))
          .catalogue(catalogue()).algorithm(algorithm).privacy(1, 1e-6).retention(year).clock(CLOCK).build();

      assertThat(shape(with)).as(algorithm.name()).isEqualTo(shape(without));
      assertThat(with.privacyReport().toText()).isEqualTo(without.privacyReport().toText());
    }
  }

  @Test
  void nonPrivate_itemsOnlyAnExcludedCustomerHeld_areNotInTheModel() {
    ConsentRegister consent = register(Regime.OPT_OUT);
    consent.withdraw(NEIGHBOUR, Purpose.MODEL_TRAINING, "test");
    long expired = NOW.getEpochSecond() - Duration.ofDays(400).toSeconds();
    InteractionMatrix.Builder b = base();
    b.add(NEIGHBOUR, SECRET_OUTSIDE, 1f, RECENT);
    b.add("c-expired", "sku-expired-only", 1f, expired);
    InteractionMatrix data = b.build();
    for (String model : Algorithms.names()) {
      if (model.startsWith("dp-")) {
        continue;
      }
      PrivateRecommender rec = PrivateRecommender.builder().data(data).algorithm(model).consent(consent)
          .retention(RetentionPolicy.of(Duration.ofDays(365))).clock(CLOCK).build();

      assertThat(rec.scorer().items().ids()).as(model).doesNotContain(SECRET_OUTSIDE, "sku-expired-only");
      assertThat(rec.recommendForSession(List.of(), 1000)).extracting(ScoredItem::itemId)
          .doesNotContain(SECRET_OUTSIDE, "sku-expired-only");
    }
  }

  @Test
  void privacy_withoutCatalogue_isRefusedBeforeAnythingIsCharged() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6));
    assertThatIllegalStateException().isThrownBy(() -> PrivateRecommender.builder().data(d()).algorithm("ease")
        .privacy(1, 1e-6).accountant(accountant).build()).withMessageContaining("catalogue");
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void typedAlgorithmWithPrivacy_selectsThePrivateVariant() {
    Algorithm itemKnn = Algorithms.create("item-knn", Map.of());
    PrivateRecommender rec = PrivateRecommender.builder().data(d()).catalogue(catalogue()).algorithm(itemKnn)
        .privacy(1, 1e-6).build();

    assertThat(rec.algorithm().name()).isEqualTo("dp-item-knn");
    assertThat(rec.accountant()).isPresent();
  }

  @Test
  void privateOnlyParameter_acceptedByThePlainNameInPrivacyMode() {
    PrivateRecommender rec = PrivateRecommender.builder().data(d()).catalogue(catalogue())
        .algorithm("popularity", Map.of("max-items-per-user", "5")).privacy(1, 1e-6).build();

    assertThat(rec.algorithm().parameters()).containsEntry("max-items-per-user", "5");
  }

  // ---- fallbacks, cold start, consent after build ----------------------------------------------

  @Test
  void optIn_oneConsentingCustomer_fallbackDoesNotShowHerBasket() {
    ConsentRegister consent = register(Regime.OPT_IN);
    consent.grant("c001", Purpose.MODEL_TRAINING, "test");
    PrivateRecommender rec = PrivateRecommender.builder().data(d()).algorithm("item-knn").consent(consent).build();

    assertThat(rec.recommend("c002", 10)).isEmpty();
    assertThat(rec.recommendForSession(List.of(), 10)).isEmpty();
  }

  @Test
  void fallback_showsOnlyItemsHeldByAtLeastKCustomers() {
    InteractionMatrix data = d();
    int[] counts = data.itemCounts();
    PrivateRecommender rec = PrivateRecommender.builder().data(data).algorithm("popularity").fallbackMinCustomers(30)
        .build();

    List<ScoredItem> shown = rec.recommendForSession(List.of(), 1000);
    assertThat(shown).isNotEmpty();
    for (ScoredItem s : shown) {
      assertThat(counts[data.items().indexOf(s.itemId())]).as(s.itemId()).isGreaterThanOrEqualTo(30);
    }
    long eligible = java.util.Arrays.stream(counts).filter(c -> c >= 30).count();
    assertThat(shown).hasSize((int) eligible);
  }

  @Test
  void coldStartFail_appliesBeforeConsent_forUnknownAndErasedIds() {
    ConsentRegister consent = register(Regime.OPT_OUT);
    PrivateRecommender rec = PrivateRecommender.builder().data(d()).consent(consent).coldStart(ColdStart.FAIL).build();
    rec.forget("c005");

    assertThatIllegalArgumentException().isThrownBy(() -> rec.recommend("nobody-at-all", 5))
        .withMessageNotContaining("nobody-at-all");
    assertThatIllegalArgumentException().isThrownBy(() -> rec.recommend("c005", 5))
        .withMessageNotContaining("c005");
  }

  @Test
  void trainingWithdrawalAfterBuild_removesHerFromAnExactModel() {
    ConsentRegister consent = register(Regime.OPT_OUT);
    InteractionMatrix data = d();
    Map<String, String> params = Map.of("similarity", "cosine", "weighting", "none");
    PrivateRecommender rec = PrivateRecommender.builder().data(data).algorithm("item-knn", params).consent(consent)
        .build();
    int victim = data.users().indexOf("c010");

    consent.withdraw("c010", Purpose.MODEL_TRAINING, "privacy-centre");

    ItemScorer refit = Algorithms.create("item-knn", params)
        .fit(data.filter((u, i, w, t) -> u != victim).withoutUnusedItems(), FitListener.NONE);
    ItemScorer live = rec.scorer();
    assertThat(live.items().ids()).isEqualTo(refit.items().ids());
    for (int u = 0; u < 20; u++) {
      int[] items = rec.trainingData().rowItems(u);
      float[] w = rec.trainingData().rowWeights(u);
      float[] expected = new float[refit.numItems()];
      float[] actual = new float[live.numItems()];
      refit.scoreProfile(items, w, expected);
      live.scoreProfile(items, w, actual);
      assertThat(actual).as("user %d", u).containsExactly(expected);
    }
    assertThat(rec.privacyReport().customersWithdrawnAfterBuild()).isEqualTo(1);
    assertThat(rec.trainingData().rowLength(victim)).isZero();
    assertThat(rec.recommend("c010", 5)).isNotEmpty(); // still personalised from her own items
  }

  @Test
  void trainingWithdrawalAfterBuild_iAls_flagsARetrain() {
    ConsentRegister consent = register(Regime.OPT_OUT);
    PrivateRecommender rec = PrivateRecommender.builder().data(d()).algorithm("ials", Map.of("iterations", "2"))
        .consent(consent).build();

    consent.withdraw("c010", Purpose.MODEL_TRAINING, "privacy-centre");

    assertThat(rec.retrainRecommended()).isTrue();
    assertThat(rec.privacyReport().customersWithdrawnAfterBuild()).isEqualTo(1);
  }

  // ---- erasure reaches every model and every file saved afterwards ------------------------------

  @Test
  void forget_everyAlgorithm_leavesNothingOfHersInTheModelOrItsFile(@TempDir Path dir) throws IOException {
    InteractionMatrix small = d();
    InteractionMatrix large = scaled(10);
    for (String name : Algorithms.names()) {
      Function<InteractionMatrix, PrivateRecommender> build = data -> {
        PrivateRecommender.Builder b = PrivateRecommender.builder().data(data).catalogue(catalogue())
            .algorithm(name, name.contains("ials") ? Map.of("iterations", "2") : Map.of());
        if (name.startsWith("dp-")) {
          b.privacy(2, 1e-6);
        }
        return b.build();
      };
      PrivateRecommender rec = build.apply(small);
      ItemScorer before = rec.scorer();
      ErasureReceipt receipt = rec.forget(List.of("c003", "c004"));

      assertThat(rec.data().users().contains("c003")).isFalse();
      assertThat(rec.trainingData().rowLength(small.users().indexOf("c003"))).isZero();
      if (name.startsWith("dp-")) {
        assertThat(receipt.modelUpdate()).isEqualTo(ModelUpdate.RELEASE_KEPT);
        assertThat(rec.scorer()).isSameAs(before);
      } else {
        assertThat(receipt.modelUpdate()).isNotEqualTo(ModelUpdate.RELEASE_KEPT);
      }
      // The model is item-side only: its saved file does not grow with the number of customers, so
      // no row, factor or cohort of anyone's (hers included) is in it.
      Path afterForget = dir.resolve(name + "-after-forget.bin");
      Path tenTimes = dir.resolve(name + "-ten-times.bin");
      ((SavableModel) rec.scorer()).save(afterForget);
      ((SavableModel) build.apply(large).scorer()).save(tenTimes);
      ModelIo.Contents small10 = ModelIo.read(afterForget);
      ModelIo.Contents large10 = ModelIo.read(tenTimes);
      assertThat(large10.sectionNames()).as(name).isEqualTo(small10.sectionNames());
      if (name.equals("dp-item-knn")) {
        // Its released neighbour lists may hold more pairs on more data (a DP output), never more than
        // the catalogue's pairs: no section is indexed by customer.
        int n = catalogue().size();
        assertThat(small10.ints("nbr-ptr")).hasSize(n + 1);
        assertThat(large10.ints("nbr-items").length).isLessThanOrEqualTo(n * (n - 1));
      } else {
        assertThat(Files.size(afterForget)).as(name).isEqualTo(Files.size(tenTimes));
      }
      assertThat(new String(Files.readAllBytes(afterForget), java.nio.charset.StandardCharsets.ISO_8859_1))
          .as(name).doesNotContain("c003").doesNotContain("c004");
    }
  }

  /** D with every customer repeated {@code times} times under new ids (same items). */
  private static InteractionMatrix scaled(int times) {
    InteractionMatrix d = d();
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.MAX);
    for (int copy = 0; copy < times; copy++) {
      for (int u = 0; u < d.numUsers(); u++) {
        for (int p = d.rowStart(u); p < d.rowEnd(u); p++) {
          b.add(d.users().id(u) + "-" + copy, d.items().id(d.itemAt(p)), d.weightAt(p), d.timeAt(p));
        }
      }
    }
    return b.build();
  }

  @Test
  void forgetErrors_neverRepeatTheId() {
    PrivateRecommender rec = PrivateRecommender.builder().data(d()).build();
    assertThatIllegalArgumentException().isThrownBy(() -> rec.forget("secret-person@example.com"))
        .withMessageNotContaining("secret-person");
    rec.forget("c001");
    assertThatThrownBy(() -> rec.forget("c001")).isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("c001");
  }

  // ---- reports -----------------------------------------------------------------------------------

  @Test
  void publishableReport_isTheSameForNeighbours_internalHasTheCounts() {
    PrivateRecommender without = PrivateRecommender.builder().data(d()).catalogue(catalogue()).algorithm("item-knn")
        .clock(CLOCK).build();
    PrivateRecommender with = PrivateRecommender.builder().data(dPlus(RECENT, "sku-01")).catalogue(catalogue())
        .algorithm("item-knn").clock(CLOCK).build();

    assertThat(with.privacyReport().toText()).isEqualTo(without.privacyReport().toText());
    assertThat(with.privacyReport().toJson()).isEqualTo(without.privacyReport().toJson());
    assertThat(with.privacyReport().internalText()).contains("301 held");
    assertThat(without.privacyReport().internalText()).contains("300 held");
  }

  private static ConsentRegister register(Regime regime) {
    return ConsentRegister.builder().regime(regime).pseudonymizer(Pseudonymizer.of(PseudonymKey.generate("k1")))
        .clock(CLOCK).build();
  }
}
