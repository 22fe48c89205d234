package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import io.privrec.core.cf.ItemCoCounts;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.dp.budget.LedgerEntry;
import io.privrec.dp.budget.PrivacyAccountant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fits of {@link DpItemKnn} and {@link DpEase} from bounded statistics summed row by row
 * elsewhere: with the seeded test source and rows within the bound (the local bounding keeps them
 * whole and draws nothing) they give the local fit's model file byte for byte.
 */
class DpStatisticsFitTest {
  private static final int M = 5;
  private static final int[][] ROWS = PrivacyAuditFixtures.randomRows(23, 400, 30, M);
  private static final InteractionMatrix DATA = PrivacyAuditFixtures.matrix(30, ROWS);

  /** The sums of {@code spec} over {@link #ROWS} in reverse order, restricted to {@code candidates} unless null. */
  private static ItemCoCounts rowByRow(ItemCoCounts.Spec spec, int[] candidates) {
    ItemCoCounts.Accumulator acc = spec.accumulator();
    for (int u = ROWS.length - 1; u >= 0; u--) {
      int[] row = ROWS[u].clone();
      Arrays.sort(row);
      if (candidates != null) {
        List<Integer> kept = new ArrayList<>();
        for (int i : row) {
          int c = Arrays.binarySearch(candidates, i);
          if (c >= 0) {
            kept.add(c);
          }
        }
        row = kept.stream().mapToInt(Integer::intValue).toArray();
      }
      acc.add(row);
    }
    return acc.build();
  }

  @Test
  void dpItemKnn_fitFromSums_savedModelIsByteIdenticalToTheLocalFit(@TempDir Path dir) throws IOException {
    for (DpItemKnn.Weighting weighting : DpItemKnn.Weighting.values()) {
      DpItemKnn algorithm = DpItemKnn.builder().maxItemsPerUser(M).weighting(weighting).epsilon(4).threshold(3)
          .insecureReproducibleForTesting(31).build().withCatalogue(PrivacyAuditFixtures.catalogueOf(DATA));
      PrivacyAccountant localAccountant = PrivacyAccountant.create(algorithm.budget());
      PrivacyAccountant sumsAccountant = PrivacyAccountant.create(algorithm.budget());

      algorithm.fit(DATA, FitListener.NONE, localAccountant).save(dir.resolve("local-" + weighting));
      DpItemKnnModel fromSums = algorithm.fit(rowByRow(algorithm.statisticsSpec(), null), FitListener.NONE,
          sumsAccountant);
      fromSums.save(dir.resolve("sums-" + weighting));

      assertThat(Files.readAllBytes(dir.resolve("sums-" + weighting))).as("%s", weighting)
          .isEqualTo(Files.readAllBytes(dir.resolve("local-" + weighting)));
      assertThat(fromSums.releasedPairs()).isPositive();
      assertThat(sumsAccountant.ledger()).extracting(LedgerEntry::label, LedgerEntry::cost)
          .isEqualTo(localAccountant.ledger().stream().map(e -> tuple(e.label(), e.cost())).toList());
    }
  }

  @Test
  void dpItemKnn_sumsOfAnotherSpec_rejectedBeforeAnythingIsCharged() {
    DpItemKnn algorithm = DpItemKnn.builder().maxItemsPerUser(M).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(DATA));
    PrivacyAccountant accountant = PrivacyAccountant.create(algorithm.budget());
    ItemCoCounts unit = ItemCoCounts.Spec.unit(30).accumulator().build();

    assertThatIllegalArgumentException().isThrownBy(() -> algorithm.fit(unit, FitListener.NONE, accountant))
        .withMessageStartingWith("counts must be summed with dp-item-knn's spec");
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void dpEase_fitFromSums_savedModelIsByteIdenticalToTheLocalFit(@TempDir Path dir) throws IOException {
    DpEase.Builder[] configurations = {
        DpEase.builder().candidateThreshold(1), // selection, low rank
        DpEase.builder().candidateThreshold(0).rank(0).sensitivityItems(2)}; // one release, full inverse
    for (int c = 0; c < configurations.length; c++) {
      DpEase algorithm = configurations[c].maxItemsPerUser(M).epsilon(3).insecureRandomSourceForTesting(41).build()
          .withCatalogue(PrivacyAuditFixtures.catalogueOf(DATA));
      List<int[]> asked = new ArrayList<>();

      algorithm.fit(DATA, FitListener.NONE, PrivacyAccountant.create(algorithm.budget()))
          .save(dir.resolve("local-" + c));
      algorithm.fit((spec, candidates) -> {
        asked.add(candidates);
        return rowByRow(spec, candidates);
      }, FitListener.NONE, PrivacyAccountant.create(algorithm.budget())).save(dir.resolve("sums-" + c));

      assertThat(Files.readAllBytes(dir.resolve("sums-" + c))).as("configuration %d", c)
          .isEqualTo(Files.readAllBytes(dir.resolve("local-" + c)));
      assertThat(asked).hasSize(c == 0 ? 2 : 1);
      assertThat(asked.get(0)).isNull();
    }
  }

  @Test
  void dpEase_sourceReturningAnotherSpec_isRejected() {
    DpEase algorithm = DpEase.builder().maxItemsPerUser(M).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(DATA));

    assertThatIllegalArgumentException().isThrownBy(() -> algorithm.fit(
        (spec, candidates) -> ItemCoCounts.Spec.unit(30).accumulator().build(), FitListener.NONE,
        PrivacyAccountant.create(algorithm.budget())))
        .withMessageStartingWith("the statistics source must return sums of Spec{30 items, at most 5 per row");
  }
}
