package io.privrec.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.data.Catalogue;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's quick start, verbatim, so that it keeps compiling and doing what it says. */
class ReadmeQuickStartTest {

  @Test
  void quickStart_recommendsTheOtherCustomersItem() {
    InteractionMatrix data = InteractionMatrix.builder(DuplicatePolicy.SUM)
        .add("customer-1", "dress-17", 1f)
        .add("customer-1", "boots-3", 1f)
        .add("customer-2", "dress-17", 1f)
        .build();
    PrivateRecommender rec = PrivateRecommender.builder()
        .data(data)
        .catalogue(Catalogue.of(List.of("dress-17", "boots-3", "scarf-9")))  // the shop's public product list
        .algorithm("item-knn")
        .build();
    List<ScoredItem> forCustomer = rec.recommend("customer-2", 10);
    List<ScoredItem> forVisitor = rec.recommendForSession(List.of("dress-17"), 10);

    // boots-3 was bought with dress-17; scarf-9, which nobody bought, is a public catalogue item and
    // comes last with score 0.
    assertThat(forCustomer).extracting(ScoredItem::itemId).containsExactly("boots-3", "scarf-9");
    assertThat(forVisitor).extracting(ScoredItem::itemId).containsExactly("boots-3", "scarf-9");
    assertThat(forVisitor.get(0).score()).isGreaterThan(forVisitor.get(1).score());
  }
}
