package io.privrec.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrivateRecommenderTest {

  /**
   * Popularity: i1 has 3 users, i2 has 2, i3 has 1, i4 has 1 (ties between i3 and i4 broken by
   * catalogue order, i3 first).
   */
  private static InteractionMatrix shop() {
    return InteractionMatrix.builder(DuplicatePolicy.SUM)
        .add("alice", "i1", 1f)
        .add("alice", "i2", 1f)
        .add("bob", "i1", 1f)
        .add("bob", "i3", 1f)
        .add("carol", "i1", 1f)
        .add("carol", "i2", 1f)
        .add("dave", "i4", 1f)
        .build();
  }

  private static List<String> ids(List<ScoredItem> items) {
    return items.stream().map(ScoredItem::itemId).toList();
  }

  @Test
  void recommend_knownCustomer_excludesSeenItems() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).build();

    assertThat(ids(rec.recommend("alice", 10))).containsExactly("i3", "i4");
    assertThat(ids(rec.recommend("dave", 2))).containsExactly("i1", "i2");
    assertThat(rec.recommend("dave", 1).get(0).score()).isEqualTo(3.0);
  }

  @Test
  void recommend_excludeSeenOff_returnsSeenItemsToo() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).excludeSeen(false).build();

    assertThat(ids(rec.recommend("alice", 2))).containsExactly("i1", "i2");
  }

  @Test
  void recommend_callerExclusions_areRemovedAndUnknownIdsIgnored() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).build();

    assertThat(ids(rec.recommend("dave", 3, Set.of("i1", "no-such-item")))).containsExactly("i2", "i3");
  }

  @Test
  void recommend_unknownCustomerUnderPopular_getsPopularItems() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).build();

    assertThat(ids(rec.recommend("stranger", 2))).containsExactly("i1", "i2");
  }

  @Test
  void recommend_unknownCustomerUnderFail_throwsWithoutRepeatingTheId() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).coldStart(ColdStart.FAIL).build();

    assertThatIllegalArgumentException().isThrownBy(() -> rec.recommend("stranger", 2))
        .withMessageContaining("customerId").withMessageContaining("FAIL").withMessageNotContaining("stranger");
  }

  @Test
  void recommend_negativeK_throwsNamingK() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).build();

    assertThatIllegalArgumentException().isThrownBy(() -> rec.recommend("alice", -1)).withMessageContaining("k must be >= 0");
    assertThat(rec.recommend("alice", 0)).isEmpty();
  }

  @Test
  void recommend_nullCustomer_throwsNamingParameter() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).build();

    assertThatNullPointerException().isThrownBy(() -> rec.recommend(null, 2)).withMessageContaining("customerId");
  }

  @Test
  void recommend_result_isImmutable() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).build();
    List<ScoredItem> list = rec.recommend("alice", 2);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> list.add(new ScoredItem("x", 1)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void recommendForSession_excludesSessionItemsAndIgnoresUnknownIds() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).build();

    assertThat(ids(rec.recommendForSession(List.of("i1", "unknown", "i1"), 2))).containsExactly("i2", "i3");
    assertThat(ids(rec.recommendForSession(List.of(), 1))).containsExactly("i1");
  }

  @Test
  void recommendBatch_keepsOrderAndDeduplicates() {
    PrivateRecommender rec = PrivateRecommender.builder().data(shop()).fallbackMinCustomers(1).build();

    Map<String, List<ScoredItem>> batch = rec.recommendBatch(List.of("dave", "alice", "dave"), 1);

    assertThat(batch.keySet()).containsExactly("dave", "alice");
    assertThat(ids(batch.get("alice"))).containsExactly("i3");
  }

  @Test
  void build_withoutData_throwsIllegalState() {
    assertThatIllegalStateException().isThrownBy(() -> PrivateRecommender.builder().build()).withMessageContaining("data");
  }

  @Test
  void algorithm_unknownName_throwsListingKnownModels() {
    assertThatIllegalArgumentException().isThrownBy(() -> PrivateRecommender.builder().algorithm("magic"))
        .withMessageContaining("unknown model 'magic'").withMessageContaining("popularity");
  }

  @Test
  void algorithm_unknownParameter_throwsNamingIt() {
    assertThatIllegalArgumentException().isThrownBy(() -> PrivateRecommender.builder().algorithm("popularity", Map.of("foo", "1")))
        .withMessageContaining("foo");
  }

  @Test
  void scoredItem_nonFiniteScore_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ScoredItem("i1", Double.NaN)).withMessageContaining("score");
  }
}
