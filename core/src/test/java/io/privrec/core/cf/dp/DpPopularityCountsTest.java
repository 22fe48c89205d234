package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.privrec.core.cf.ItemCounts;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.dp.budget.LedgerEntry;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyBudgetExceededException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DpPopularity#fit(ItemCounts, FitListener, PrivacyAccountant)}: the fit from counts of bounded data. */
class DpPopularityCountsTest {
  private static final int M = 6;

  private static ItemCounts boundedCounts(InteractionMatrix m, int bound) {
    return ItemCounts.bounded(m.items(), ItemCounts.of(m).counts(), bound);
  }

  @Test
  void fit_countsOfRowsWithinTheBound_savedModelIsByteIdenticalToTheFitOnTheRows(@TempDir Path dir)
      throws IOException {
    for (int topK : new int[] {0, 5}) {
      for (DpPopularity.NoiseKind noise : DpPopularity.NoiseKind.values()) {
        // Every row holds at most M items: bounding keeps the rows whole and draws nothing.
        InteractionMatrix m = PrivacyAuditFixtures.matrix(40, PrivacyAuditFixtures.randomRows(topK, 300, 40, M));
        DpPopularity algorithm = DpPopularity.builder().maxItemsPerUser(M).topK(topK).noise(noise)
            .insecureReproducibleForTesting(17).build().withCatalogue(PrivacyAuditFixtures.catalogueOf(m));
        Path local = dir.resolve("local-" + topK + noise);
        Path fromCounts = dir.resolve("counts-" + topK + noise);
        PrivacyAccountant localAccountant = PrivacyAccountant.create(algorithm.budget());
        PrivacyAccountant countsAccountant = PrivacyAccountant.create(algorithm.budget());

        algorithm.fit(m, FitListener.NONE, localAccountant).save(local);
        algorithm.fit(boundedCounts(m, M), FitListener.NONE, countsAccountant).save(fromCounts);

        assertThat(Files.readAllBytes(fromCounts)).as("top-%d %s", topK, noise)
            .isEqualTo(Files.readAllBytes(local));
        assertThat(countsAccountant.ledger()).extracting(LedgerEntry::label, LedgerEntry::cost)
            .isEqualTo(localAccountant.ledger().stream().map(e -> tuple(e.label(), e.cost())).toList());
      }
    }
  }

  @Test
  void fit_countsBoundedBelowTheAlgorithmsBound_accepted() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(5, new int[][] {{0}, {1}, {1}});
    DpPopularity algorithm = DpPopularity.builder().maxItemsPerUser(3).insecureReproducibleForTesting(1).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(m));

    DpPopularityModel model = algorithm.fit(boundedCounts(m, 1), FitListener.NONE,
        PrivacyAccountant.create(algorithm.budget()));

    assertThat(model.numItems()).isEqualTo(5);
    assertThat(model.guarantee().holds()).isFalse();
  }

  @Test
  void fit_unusableCounts_rejectedBeforeAnythingIsCharged() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(4, new int[][] {{0, 1}, {2}});
    Catalogue catalogue = PrivacyAuditFixtures.catalogueOf(m);
    DpPopularity algorithm = DpPopularity.builder().maxItemsPerUser(2).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(10, 1e-3));

    assertThatIllegalStateException()
        .isThrownBy(() -> algorithm.fit(boundedCounts(m, 2), FitListener.NONE, accountant))
        .withMessageContaining("needs a public catalogue");
    DpPopularity onCatalogue = algorithm.withCatalogue(catalogue);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> onCatalogue.fit(ItemCounts.of(m), FitListener.NONE, accountant))
        .withMessage("counts must be bounded to at most max-items-per-user = 2 items per customer."
            + " Provided bound: none");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> onCatalogue.fit(boundedCounts(m, 3), FitListener.NONE, accountant))
        .withMessage("counts must be bounded to at most max-items-per-user = 2 items per customer."
            + " Provided bound: 3");
    DpPopularity reordered = algorithm.withCatalogue(Catalogue.of(List.of("i1", "i0", "i2", "i3")));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> reordered.fit(boundedCounts(m, 2), FitListener.NONE, accountant))
        .withMessage("counts must be indexed by the catalogue's 4 items in catalogue order. Provided: 4 items in"
            + " another order or set");
    DpPopularity withCohorts = DpPopularity.builder().maxItemsPerUser(2).cohorts(2, id -> 0).build()
        .withCatalogue(catalogue);
    assertThatIllegalStateException()
        .isThrownBy(() -> withCohorts.fit(boundedCounts(m, 2), FitListener.NONE, accountant))
        .withMessageContaining("cohorts needs each customer's row");
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void fit_accountantCannotAfford_nothingReleased() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(3, new int[][] {{0, 1}, {2}});
    DpPopularity algorithm = DpPopularity.builder().epsilon(2).maxItemsPerUser(2).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(m));

    assertThatThrownBy(() -> algorithm.fit(boundedCounts(m, 2), FitListener.NONE,
        PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6))))
        .isInstanceOf(PrivacyBudgetExceededException.class);
  }
}
