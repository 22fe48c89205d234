package io.privrec.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.cf.dp.DpPopularity;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.dp.testing.DpAssertions;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hockey-stick test of a whole release through the facade: the list a visitor without a session
 * sees (the private model's fallback ranking: which items are listed, which comes first) on D and on D plus one customer who alone
 * bought a catalogue item. Production randomness (secure source), ε = 1, δ = 1e-6; the output is
 * binned as the listed set and the first item, so the test covers the item universe, the scores and the
 * facade's selection together. It falsely fails a DP release with probability at most 1e-6 (see
 * {@link DpAssertions}). Its twin runs the same check on an algorithm that takes its item universe
 * from the data instead of the catalogue, and must reject it.
 */
@Tag("statistical")
class EndToEndDpTest {
  private static final double EPSILON = 1.0;
  private static final double DELTA = 1e-6;
  private static final int SAMPLES = 2_000;
  private static final Catalogue CATALOGUE =
      Catalogue.of(List.of("sku-0", "sku-1", "sku-2", "sku-3", "sku-4", "sku-5", "sku-lonely"));
  private static final InteractionMatrix D = data(false);
  private static final InteractionMatrix D_PLUS_HER = data(true);

  /** 60 customers over sku-0 … sku-5; with her, one more customer holding sku-lonely and sku-0. */
  private static InteractionMatrix data(boolean withHer) {
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.MAX);
    SplittableRandom random = new SplittableRandom(3);
    for (int u = 0; u < 60; u++) {
      for (int j = 0; j < 3; j++) {
        b.add("c" + u, "sku-" + random.nextInt(6), 1f);
      }
    }
    if (withHer) {
      b.add("her", "sku-lonely", 1f).add("her", "sku-0", 1f);
    }
    return b.build();
  }

  /**
   * One release: what the facade lists to a visitor without a session — the set of listed items
   * (bit mask) and which item comes first — binned as {@code 8 · mask + first}.
   */
  private static Supplier<Long> release(InteractionMatrix data, PrivateAlgorithm algorithm) {
    return () -> {
      PrivateRecommender rec = PrivateRecommender.builder().data(data).catalogue(CATALOGUE).algorithm(algorithm)
          .privacy(EPSILON, DELTA).build();
      List<ScoredItem> listed = rec.recommendForSession(List.of(), CATALOGUE.size());
      long mask = 0;
      for (ScoredItem s : listed) {
        mask |= 1L << CATALOGUE.items().indexOf(s.itemId());
      }
      return 8 * mask + (listed.isEmpty() ? 7 : CATALOGUE.items().indexOf(listed.get(0).itemId()));
    };
  }

  private static PrivateAlgorithm dpPopularity() {
    return DpPopularity.builder().epsilon(EPSILON).delta(DELTA).maxItemsPerUser(3).build();
  }

  @Test
  void facadeRelease_neighbourWhoAloneBoughtAnItem_isDifferentiallyPrivate() {
    DpAssertions.assertApproximateDp(release(D, dpPopularity()), release(D_PLUS_HER, dpPopularity()), x -> x,
        EPSILON, DELTA, SAMPLES);
  }

  @Test
  void facadeRelease_universeTakenFromTheData_isRejected() {
    PrivateAlgorithm leaky = new LeakyDataUniverse(dpPopularity());
    int passes = DpAssertions.passingRuns(release(D, leaky), release(D_PLUS_HER, leaky), x -> x, EPSILON, DELTA,
        SAMPLES);

    assertThat(passes * 2).isLessThan(DpAssertions.RUNS);
  }
}
