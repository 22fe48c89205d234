package io.privrec.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.privacy.ConsentRegister;
import io.privrec.core.privacy.PseudonymKey;
import io.privrec.core.privacy.Pseudonymizer;
import io.privrec.core.privacy.Purpose;
import io.privrec.core.privacy.Regime;
import io.privrec.core.privacy.RetentionPolicy;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Consent, anonymous mode, erasure, export and the privacy report through the facade. */
class PrivateRecommenderControlsTest {

  private static InteractionMatrix shop() {
    return InteractionMatrix.builder(DuplicatePolicy.SUM)
        .add("alice", "i1", 1f).add("alice", "i2", 1f).add("alice", "i5", 1f)
        .add("bob", "i1", 1f).add("bob", "i3", 1f).add("bob", "i5", 1f)
        .add("carol", "i1", 1f).add("carol", "i2", 1f)
        .add("dave", "i4", 1f).add("dave", "i2", 1f)
        .add("erin", "i3", 1f).add("erin", "i4", 1f)
        .build();
  }

  /** A random binary matrix: 40 users over 15 items, 1-8 items each. */
  private static InteractionMatrix random(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.MAX);
    for (int u = 0; u < 40; u++) {
      int n = 1 + rnd.nextInt(8);
      for (int j = 0; j < n; j++) {
        b.add("u" + u, "i" + rnd.nextInt(15), 1f);
      }
    }
    return b.build();
  }

  /** Scores of customer {@code user} of {@code rows}, from her row as a profile. */
  private static float[] scores(ItemScorer scorer, InteractionMatrix rows, int user) {
    float[] s = new float[scorer.numItems()];
    scorer.scoreProfile(rows.rowItems(user), rows.rowWeights(user), s);
    return s;
  }

  private static ConsentRegister register(Regime regime) {
    return ConsentRegister.builder().regime(regime)
        .pseudonymizer(Pseudonymizer.of(PseudonymKey.generate("k1"))).build();
  }

  private static ConsentRegister optIn() {
    return register(Regime.OPT_IN);
  }

  @Test
  void build_customerWithoutTrainingConsent_contributesNothingToTheModel() {
    ConsentRegister consent = optIn();
    for (String c : List.of("alice", "carol", "dave", "erin")) {
      consent.grant(c, Purpose.MODEL_TRAINING, "test");
      consent.grant(c, Purpose.PERSONALISATION, "test");
    }
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).consent(consent).build();
    InteractionMatrix withoutBob = shop().filter((u, i, w, t) -> !shop().users().id(u).equals("bob"));
    ItemScorer expected = Algorithms.create("popularity", Map.of()).fit(withoutBob, FitListener.NONE);

    assertThat(scores(rec.scorer(), shop(), 0)).containsExactly(scores(expected, shop(), 0));
    assertThat(rec.privacyReport().customersExcludedByConsent()).isEqualTo(1);
    assertThat(rec.privacyReport().customersTrainedOn()).isEqualTo(4);
  }

  @Test
  void recommend_personalisationWithdrawn_isNonPersonalisedAndReadsNoProfile() {
    ConsentRegister consent = register(Regime.OPT_OUT);
    consent.withdraw("alice", Purpose.PERSONALISATION, "privacy-centre");
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).consent(consent).build();

    // Popularity: i1 (3), i2 (3), i5 (2), i3 (2), i4 (2), ties in catalogue order (i5 was seen
    // before i3). Alice's own items i1, i2, i5 are not filtered: filtering would read her profile.
    assertThat(rec.recommend("alice", 3)).extracting(ScoredItem::itemId).containsExactly("i1", "i2", "i5");
    assertThat(rec.recommend("bob", 2)).extracting(ScoredItem::itemId).containsExactly("i2", "i4");
    assertThat(rec.explain("alice", "i3", 3).reasons()).isEmpty();
  }

  @Test
  void recommendForSession_retainsNoStateAboutTheVisitor() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).algorithm("item-knn").build();
    InteractionMatrix dataBefore = rec.data();
    ItemScorer scorerBefore = rec.scorer();
    String reportBefore = rec.privacyReport().toJson().replaceAll("\"generatedAt\":\"[^\"]*\"", "");

    List<String> session = new ArrayList<>(List.of("i1", "i3"));
    List<ScoredItem> result = rec.recommendForSession(session, 3);
    WeakReference<List<String>> sessionRef = new WeakReference<>(session);
    session = null;

    assertThat(result).isNotEmpty();
    assertThat(rec.data()).isSameAs(dataBefore);
    assertThat(rec.scorer()).isSameAs(scorerBefore);
    assertThat(rec.data().numUsers()).isEqualTo(5);
    assertThat(rec.privacyReport().toJson().replaceAll("\"generatedAt\":\"[^\"]*\"", "")).isEqualTo(reportBefore);
    // Nothing references the visitor's session after the call: it becomes unreachable.
    for (int attempt = 0; attempt < 100 && sessionRef.get() != null; attempt++) {
      System.gc();
      byte[][] pressure = new byte[64][];
      for (int j = 0; j < pressure.length; j++) {
        pressure[j] = new byte[1 << 16];
      }
    }
    assertThat(sessionRef.get()).isNull();
  }

  @Test
  void forget_popularity_equalsModelTrainedWithoutHerOnRandomData() {
    for (long seed = 1; seed <= 20; seed++) {
      InteractionMatrix data = random(seed);
      PrivateRecommender rec = PrivateRecommender.builder().data(data).build();
      String victim = data.users().id((int) (seed % data.numUsers()));
      int victimIndex = data.users().require(victim);

      ErasureReceipt receipt = rec.forget(victim);

      ItemScorer retrained = Algorithms.create("popularity", Map.of())
          .fit(data.filter((u, i, w, t) -> u != victimIndex), FitListener.NONE);
      assertThat(receipt.modelUpdate()).isEqualTo(ModelUpdate.EXACT);
      assertThat(scores(rec.scorer(), data, 0)).containsExactly(scores(retrained, data, 0));
    }
  }

  @Test
  void forget_itemKnn_equalsModelTrainedWithoutHerBitForBitOnRandomData() {
    Map<String, String> params = Map.of("similarity", "cosine", "weighting", "none");
    for (long seed = 1; seed <= 20; seed++) {
      InteractionMatrix data = random(seed);
      PrivateRecommender rec = PrivateRecommender.builder().data(data).algorithm("item-knn", params).build();
      int victimIndex = (int) (seed * 7 % data.numUsers());
      String victim = data.users().id(victimIndex);

      ErasureReceipt receipt = rec.forget(victim);

      ItemScorer retrained = Algorithms.create("item-knn", params)
          .fit(data.filter((u, i, w, t) -> u != victimIndex), FitListener.NONE);
      assertThat(receipt.modelUpdate()).isEqualTo(ModelUpdate.EXACT);
      assertThat(receipt.interactionsRemoved()).isEqualTo(data.rowLength(victimIndex));
      for (int u = 0; u < data.numUsers(); u++) {
        if (u != victimIndex) {
          assertThat(scores(rec.scorer(), data, u)).as("seed %d user %d", seed, u).containsExactly(scores(retrained, data, u));
        }
      }
      assertThat(rec.data().users().indexOf(victim)).isEqualTo(-1);
      assertThat(rec.data().rowLength(victimIndex)).isZero();
    }
  }

  @Test
  void forget_itemKnnBatch_equalsModelTrainedWithoutThemBitForBit() {
    Map<String, String> params = Map.of("similarity", "cosine", "weighting", "none");
    for (long seed = 1; seed <= 10; seed++) {
      InteractionMatrix data = random(seed);
      PrivateRecommender rec = PrivateRecommender.builder().data(data).algorithm("item-knn", params).build();
      List<Integer> victims = List.of(1, 7, 8, 20, (int) (10 + seed));

      rec.forget(victims.stream().map(u -> data.users().id(u)).toList());

      ItemScorer retrained = Algorithms.create("item-knn", params)
          .fit(data.filter((u, i, w, t) -> !victims.contains(u)), FitListener.NONE);
      for (int u = 0; u < data.numUsers(); u++) {
        if (!victims.contains(u)) {
          assertThat(scores(rec.scorer(), data, u)).as("seed %d user %d", seed, u).containsExactly(scores(retrained, data, u));
        }
      }
    }
  }

  @Test
  void forget_easeBatch_equalsModelTrainedWithoutThemUpToSinglePrecision() {
    for (long seed = 1; seed <= 5; seed++) {
      InteractionMatrix data = random(seed);
      PrivateRecommender rec = PrivateRecommender.builder().data(data).algorithm("ease", Map.of("lambda", "2")).build();
      List<Integer> victims = List.of(3, (int) (10 + seed));

      ErasureReceipt receipt = rec.forget(victims.stream().map(u -> data.users().id(u)).toList());

      ItemScorer retrained = Algorithms.create("ease", Map.of("lambda", "2"))
          .fit(data.filter((u, i, w, t) -> !victims.contains(u)), FitListener.NONE);
      assertThat(receipt.modelUpdate()).isEqualTo(ModelUpdate.EXACT);
      for (int u = 0; u < data.numUsers(); u++) {
        if (!victims.contains(u)) {
          // Scores sum at most 8 weights of magnitude below 1, each within a few single-precision
          // units (6e-8) of the refit's.
          float[] expected = scores(retrained, data, u);
          float[] actual = scores(rec.scorer(), data, u);
          for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("seed %d user %d item %d", seed, u, i).isCloseTo(expected[i], within(1e-5f));
          }
        }
      }
    }
  }

  @Test
  void forget_ials_isFlaggedApproximateAndLeavesNoRowOfHers() {
    PrivateRecommender rec = PrivateRecommender.builder().data(random(3))
        .algorithm("ials", Map.of("factors", "4", "iterations", "3")).build();

    ErasureReceipt receipt = rec.forget("u5");

    assertThat(receipt.modelUpdate()).isEqualTo(ModelUpdate.APPROXIMATE_RETRAIN_RECOMMENDED);
    assertThat(rec.retrainRecommended()).isTrue();
    assertThat(rec.trainingData().rowLength(5)).isZero();
    assertThat(rec.data().rowLength(5)).isZero();
  }

  @Test
  void forget_twice_throwsAlreadyErased_andUnknownCustomerThrows() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).build();
    rec.forget("alice");

    assertThatIllegalStateException().isThrownBy(() -> rec.forget("alice")).withMessageContaining("already erased");
    assertThatIllegalArgumentException().isThrownBy(() -> rec.forget("zoe")).withMessageContaining("unknown").withMessageNotContaining("zoe");
    assertThatIllegalArgumentException().isThrownBy(() -> rec.forget(List.of())).withMessageContaining("empty");
  }

  @Test
  void forget_batchWithUnknownId_changesNothing() {
    ConsentRegister consent = optIn();
    consent.grant("alice", Purpose.MODEL_TRAINING, "test");
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).consent(consent).build();

    assertThatIllegalArgumentException().isThrownBy(() -> rec.forget(List.of("alice", "zoe")))
        .withMessageContaining("position 1").withMessageNotContaining("zoe");
    assertThat(rec.data().users().contains("alice")).isTrue();
    assertThat(consent.isKnown("alice")).isTrue();
  }

  @Test
  void forget_withConsentRegister_erasesHistoryAndReturnsPseudonymousProof() {
    ConsentRegister consent = optIn();
    consent.grant("alice", Purpose.MODEL_TRAINING, "web-banner");
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).consent(consent).build();

    ErasureReceipt receipt = rec.forget(List.of("alice", "bob"));

    assertThat(receipt.customers()).isEqualTo(2);
    assertThat(receipt.interactionsRemoved()).isEqualTo(6);
    assertThat(receipt.proofsJson()).doesNotContain("alice").doesNotContain("bob").contains("erasure-request");
    assertThat(consent.isErased("alice")).isTrue();
    assertThat(consent.history("alice")).isEmpty();
    assertThat(rec.privacyReport().customersErased()).isEqualTo(2);
    assertThatIllegalStateException().isThrownBy(() -> rec.forget("bob"));
  }

  @Test
  void export_containsInteractionsConsentAndModelUse() {
    ConsentRegister consent = optIn();
    consent.grant("carol", Purpose.MODEL_TRAINING, "checkout");
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).consent(consent)
        .algorithm("ials", Map.of("factors", "3", "iterations", "2")).build();

    String json = rec.export("carol");

    assertThat(json).contains("\"customerId\":\"carol\"").contains("\"i1\"").contains("\"i2\"")
        .contains("checkout").contains("\"model\":\"ials\"").contains("\"trainedOnHerData\":true")
        .doesNotContain("userFactors"); // the model holds no per-customer factors to export
    assertThat(rec.export("bob")).contains("\"trainedOnHerData\":false");
    assertThatIllegalArgumentException().isThrownBy(() -> rec.export("zoe")).withMessageContaining("unknown")
        .withMessageNotContaining("zoe");
  }

  @Test
  void explain_itemKnn_namesHerOwnItems() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1)
        .algorithm("item-knn", Map.of("similarity", "cosine", "weighting", "none")).build();

    RecommendationExplanation e = rec.explain("carol", "i5", 2);

    assertThat(e.reasons()).extracting(ScoredItem::itemId).containsAnyOf("i1", "i2");
    assertThat(e.reasons()).extracting(ScoredItem::itemId).isSubsetOf("i1", "i2");
    assertThat(rec.explainForSession(List.of("i3"), "i4", 1).reasons()).extracting(ScoredItem::itemId).containsExactly("i3");
    assertThatIllegalArgumentException().isThrownBy(() -> rec.explain("carol", "nope", 2)).withMessageContaining("itemId");
  }

  @Test
  void privacyReport_describesDataPurposesModelAndRetention() {
    Instant now = Instant.parse("2024-06-01T00:00:00Z");
    InteractionMatrix timed = InteractionMatrix.builder(DuplicatePolicy.SUM)
        .add("alice", "i1", 1f, now.minus(Duration.ofDays(400)).getEpochSecond())
        .add("alice", "i2", 1f, now.minus(Duration.ofDays(10)).getEpochSecond())
        .add("bob", "i1", 1f, now.minus(Duration.ofDays(5)).getEpochSecond())
        .build();
    PrivateRecommender rec = PrivateRecommender.builder().data(timed)
        .retention(RetentionPolicy.of(Duration.ofDays(365))).clock(Clock.fixed(now, ZoneOffset.UTC)).build();

    PrivacyReport report = rec.privacyReport();

    assertThat(report.droppedByRetention()).isEqualTo(1);
    assertThat(rec.data().numInteractions()).isEqualTo(2);
    assertThat(report.differentiallyPrivate()).isFalse();
    assertThat(report.toJson()).contains("\"retentionDays\":365").contains("\"model\":\"popularity\"");
    assertThat(report.toText()).contains("older than 365 days").doesNotContain("held").doesNotContain("deleted so far");
    assertThat(report.internalText()).contains("2 held").contains("(1 deleted so far)");
    assertThat(report.toJson()).doesNotContain("droppedByRetention").doesNotContain("\"customers\"");
    assertThat(report.internalJson()).contains("\"droppedByRetention\":1").contains("\"customers\":2");
  }
}
