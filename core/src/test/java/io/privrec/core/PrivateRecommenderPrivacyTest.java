package io.privrec.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privrec.core.model.ModelUpdate;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.store.SyntheticStore;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyBudgetExceededException;
import org.junit.jupiter.api.Test;

/** Differential privacy through the facade: one call chooses it, the accountant enforces it. */
class PrivateRecommenderPrivacyTest {

  private static final SyntheticStore STORE =
      SyntheticStore.builder().seed(5).customers(600).garments(120).events(12_000).build();

  private static InteractionMatrix store() {
    return STORE.interactions();
  }

  /** The store's public garment list. */
  private static Catalogue garments() {
    return Catalogue.of(STORE.garments().stream().map(g -> g.id()).toList());
  }

  @Test
  void privacy_picksThePrivateVariantAndChargesTheBudget() {
    PrivateRecommender rec = PrivateRecommender.builder().data(store()).catalogue(garments()).algorithm("popularity").privacy(1.0, 1e-6).build();

    assertThat(rec.algorithm().name()).isEqualTo("dp-popularity");
    PrivacyAccountant accountant = rec.accountant().orElseThrow();
    assertThat(accountant.ledger()).isNotEmpty();
    assertThat(accountant.spent().epsilon()).isLessThanOrEqualTo(1.0 * (1 + 1e-9)).isGreaterThan(0);
    PrivacyReport report = rec.privacyReport();
    assertThat(report.differentiallyPrivate()).isTrue();
    assertThat(report.ledger()).hasSameSizeAs(accountant.ledger());
    assertThat(report.toText()).contains("differentially private per customer");
    assertThat(report.toJson()).contains("\"differentiallyPrivate\":true").contains("\"ledger\":[{");
    assertThat(rec.recommend(rec.data().users().id(0), 5)).hasSize(5);
  }

  @Test
  void privacy_moreThanTheRemainingBudget_failsBeforeAnyRelease() {
    PrivacyAccountant shared = PrivacyAccountant.create(PrivacyBudget.of(1.5, 1e-6));
    PrivateRecommender.builder().data(store()).catalogue(garments()).algorithm("item-knn").privacy(1.0, 1e-6).accountant(shared).build();
    int entries = shared.ledger().size();

    assertThatThrownBy(() -> PrivateRecommender.builder().data(store()).catalogue(garments()).algorithm("popularity").privacy(1.0, 1e-6)
        .accountant(shared).build()).isInstanceOf(PrivacyBudgetExceededException.class);
    assertThat(shared.ledger()).hasSize(entries);
  }

  @Test
  void privacy_everyModelHasAPrivateVariant() {
    for (String model : new String[] {"popularity", "item-knn", "ease", "ials"}) {
      PrivateRecommender rec = PrivateRecommender.builder().data(store()).catalogue(garments()).algorithm(model).privacy(2.0, 1e-6).build();
      assertThat(rec.algorithm().name()).isEqualTo("dp-" + model);
      assertThat(rec.accountant().orElseThrow().spent().epsilon()).isLessThanOrEqualTo(2.0 * (1 + 1e-9));
    }
  }

  @Test
  void privacy_badBudget_throwsNamingEpsilon() {
    assertThatIllegalArgumentException().isThrownBy(() -> PrivateRecommender.builder().privacy(Double.NaN, 1e-6))
        .withMessageContaining("epsilon");
  }

  @Test
  void forget_privateModel_keepsTheModelAndDeletesHerData() {
    PrivateRecommender rec = PrivateRecommender.builder().data(store()).catalogue(garments()).algorithm("item-knn").privacy(1.0, 1e-6).build();
    String customer = rec.data().users().id(3);

    ErasureReceipt receipt = rec.forget(customer);

    assertThat(receipt.modelUpdate()).isEqualTo(ModelUpdate.RELEASE_KEPT);
    assertThat(rec.data().users().contains(customer)).isFalse();
  }

  @Test
  void explain_privateModel_namesOnlyHerOwnItems() {
    InteractionMatrix data = store();
    PrivateRecommender rec = PrivateRecommender.builder().data(data).catalogue(garments()).algorithm("ease").privacy(5.0, 1e-6).build();
    int user = 0;
    for (int u = 1; u < data.numUsers(); u++) {
      user = data.rowLength(u) > data.rowLength(user) ? u : user; // the longest history
    }
    String customer = data.users().id(user);
    java.util.Set<String> own = new java.util.HashSet<>();
    for (int item : data.rowItems(user)) {
      own.add(data.items().id(item));
    }
    String top = rec.recommend(customer, 1).get(0).itemId();

    RecommendationExplanation e = rec.explain(customer, top, 3);

    assertThat(e.reasons()).isNotEmpty();
    assertThat(e.reasons()).extracting(ScoredItem::itemId).allMatch(own::contains);
  }
}
