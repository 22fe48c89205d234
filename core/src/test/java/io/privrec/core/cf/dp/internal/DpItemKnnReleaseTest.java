package io.privrec.core.cf.dp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.cf.dp.PrivacyAuditFixtures;
import io.privrec.core.model.FitListener;
import io.privrec.dp.testing.TestRandoms;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DpItemKnnReleaseTest {

  @Test
  void locateZeroPairs_everyRank_matchesBruteForceEnumeration() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + rnd.nextInt(12);
      int[] ptr = new int[n + 1];
      List<Integer> cols = new ArrayList<>();
      List<int[]> zeros = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          if (rnd.nextInt(3) == 0) {
            cols.add(j);
          } else {
            zeros.add(new int[] {i, j});
          }
        }
        ptr[i + 1] = cols.size();
      }
      DpItemKnnRelease.CoCounts co = new DpItemKnnRelease.CoCounts(ptr,
          cols.stream().mapToInt(Integer::intValue).toArray(), new long[cols.size()]);
      long[] ranks = new long[zeros.size()];
      for (int r = 0; r < ranks.length; r++) {
        ranks[r] = r;
      }
      int[] rows = new int[ranks.length];
      int[] cs = new int[ranks.length];
      DpItemKnnRelease.locateZeroPairs(co, n, ranks, rows, cs);
      for (int r = 0; r < ranks.length; r++) {
        assertThat(new int[] {rows[r], cs[r]}).containsExactly(zeros.get(r));
      }
    }
  }

  @Test
  void distinctUniform_returnsIncreasingDistinctValuesInRange() {
    DpItemKnnNoise noise = DpItemKnnNoise.exact(TestRandoms.seeded("distinctUniform"));
    long[] values = DpItemKnnRelease.distinctUniform(900, 1000, noise);
    assertThat(values).hasSize(900);
    for (int k = 0; k < values.length; k++) {
      assertThat(values[k]).isBetween(0L, 999L);
      if (k > 0) {
        assertThat(values[k]).isGreaterThan(values[k - 1]);
      }
    }
  }

  @Test
  void release_zeroNoise_keepsExactlyThePairsAboveThreshold() {
    int[][] rows = {{0, 1, 2}, {0, 1}, {0, 1}, {2, 3}};
    BoundingRows bounded = BoundingRows.sample(PrivacyAuditFixtures.matrix(4, rows), 10, TestRandoms.seeded("release_zeroNoise"));
    long[] ones = {1, 1, 1, 1};
    DpItemKnnRelease.CoCounts co = DpItemKnnRelease.coCounts(bounded, ones, FitListener.NONE, 0, 1);
    DpItemKnnGaussian g = DpItemKnnGaussian.ofVariance(4);
    DpItemKnnRelease r = DpItemKnnRelease.release(co, DpItemKnnRelease.itemCounts(bounded, ones), g, 1, g,
        PrivacyAuditFixtures.zeroKnnNoise());
    // Pairs: (0,1) = 3, (0,2) = 1, (1,2) = 1, (2,3) = 1; only (0,1) exceeds 1.
    assertThat(r.pointers()).containsExactly(0, 1, 1, 1, 1);
    assertThat(r.neighbours()).containsExactly(1);
    assertThat(r.values()).containsExactly(3);
    assertThat(r.itemCounts()).containsExactly(3, 3, 2, 1);
  }
}
