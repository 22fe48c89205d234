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
import java.util.ArrayList;
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

  /** Per-cohort bounded counts of {@code m}'s rows, user {@code u} in cohort {@code cohortOf[u]} (-1: none). */
  private static List<ItemCounts> cohortCounts(InteractionMatrix m, int[] cohortOf, int cohorts, int bound) {
    List<ItemCounts> out = new ArrayList<>();
    for (int k = 0; k < cohorts; k++) {
      long[] counts = new long[m.numItems()];
      for (int u = 0; u < m.numUsers(); u++) {
        if (cohortOf[u] == k) {
          for (int i : m.rowItems(u)) {
            counts[i]++;
          }
        }
      }
      out.add(ItemCounts.bounded(m.items(), counts, bound));
    }
    return out;
  }

  @Test
  void fit_cohortCountsOfRowsWithinTheBound_savedModelIsByteIdenticalToTheFitOnTheRows(@TempDir Path dir)
      throws IOException {
    for (int topK : new int[] {0, 5}) {
      InteractionMatrix m = PrivacyAuditFixtures.matrix(40, PrivacyAuditFixtures.randomRows(topK + 7, 300, 40, M));
      // Customer u's cohort: a function of her id only (-1 for a few: in no cohort).
      int cohorts = 3;
      int[] cohortOf = new int[m.numUsers()];
      for (int u = 0; u < cohortOf.length; u++) {
        cohortOf[u] = cohortOfId(m.users().id(u), cohorts);
      }
      DpPopularity algorithm = DpPopularity.builder().maxItemsPerUser(M).topK(topK)
          .cohorts(cohorts, id -> cohortOfId(id, cohorts)).insecureReproducibleForTesting(23).build()
          .withCatalogue(PrivacyAuditFixtures.catalogueOf(m));
      Path local = dir.resolve("local-" + topK);
      Path fromCounts = dir.resolve("counts-" + topK);
      PrivacyAccountant localAccountant = PrivacyAccountant.create(algorithm.budget());
      PrivacyAccountant countsAccountant = PrivacyAccountant.create(algorithm.budget());

      algorithm.fit(m, FitListener.NONE, localAccountant).save(local);
      algorithm.fit(boundedCounts(m, M), cohortCounts(m, cohortOf, cohorts, M), FitListener.NONE, countsAccountant)
          .save(fromCounts);

      assertThat(Files.readAllBytes(fromCounts)).as("top-%d", topK).isEqualTo(Files.readAllBytes(local));
      assertThat(countsAccountant.ledger()).extracting(LedgerEntry::label, LedgerEntry::cost)
          .isEqualTo(localAccountant.ledger().stream().map(e -> tuple(e.label(), e.cost())).toList());
    }
  }

  private static int cohortOfId(String id, int cohorts) {
    int u = Integer.parseInt(id.substring(1));
    return u % 11 == 0 ? -1 : u % cohorts;
  }

  @Test
  void fit_unusableCohortCounts_rejectedBeforeAnythingIsCharged() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(4, new int[][] {{0, 1}, {2}});
    Catalogue catalogue = PrivacyAuditFixtures.catalogueOf(m);
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(10, 1e-3));
    DpPopularity withoutCohorts = DpPopularity.builder().maxItemsPerUser(2).build().withCatalogue(catalogue);
    DpPopularity withCohorts = DpPopularity.builder().maxItemsPerUser(2).cohorts(2, id -> 0).build()
        .withCatalogue(catalogue);
    List<ItemCounts> both = cohortCounts(m, new int[] {0, 1}, 2, 2);

    assertThatIllegalStateException()
        .isThrownBy(() -> withoutCohorts.fit(boundedCounts(m, 2), both, FitListener.NONE, accountant))
        .withMessage("per-cohort counts need an algorithm with cohorts: none are configured");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> withCohorts.fit(boundedCounts(m, 2), both.subList(0, 1), FitListener.NONE, accountant))
        .withMessage("cohortCounts must hold one element per cohort (2). Provided size: 1");
    List<ItemCounts> unbounded = List.of(both.get(0), ItemCounts.of(m.items(), both.get(1).counts()));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> withCohorts.fit(boundedCounts(m, 2), unbounded, FitListener.NONE, accountant))
        .withMessage("cohortCounts[1] must be bounded to at most max-items-per-user = 2 items per customer."
            + " Provided bound: none");
    List<ItemCounts> everyone = cohortCounts(m, new int[] {0, 0}, 2, 2);
    List<ItemCounts> tooMany = List.of(everyone.get(0), everyone.get(0));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> withCohorts.fit(boundedCounts(m, 2), tooMany, FitListener.NONE, accountant))
        .withMessage("cohortCounts must count a subset of the customers counted by counts; on a catalogue item the"
            + " cohorts count more (the item is not named)");
    assertThat(accountant.ledger()).isEmpty();
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
