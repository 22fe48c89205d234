package io.privrec.core.store;

import io.privrec.core.data.InteractionMatrix;
import java.util.Locale;

/**
 * Measures how much a {@link SyntheticStore}'s regional taste shows in its data; used by
 * {@link RegionalTasteTest} and for the figures of docs/synthetic-store.md ("Regional taste").
 *
 * <p>A customer's <em>choices</em> are the distinct garments in her row of
 * {@link SyntheticStore#interactions()}. <em>Cold-start</em> customers have 1 or 2 choices;
 * <em>warm</em> customers more. The top-N lists are counted on warm customers only (number of warm
 * customers choosing the garment, ties to the lower index), so a cold-start customer's own
 * choices never help rank her list.
 *
 * @param coldCustomers number of cold-start customers
 * @param coldChoices their choices
 * @param regionalTopShare share of the cold-start choices in the top-N of the customer's region
 * @param globalTopShare share of the cold-start choices in the global top-N
 * @param ownMatchShare share of all choices with at least one attribute (colour, category, brand)
 *     the customer's own region prefers
 * @param otherMatchShare the same share for the other regions' preferences (averaged over the
 *     nine other regions)
 * @param regionalShareEstimate estimated share of all choices drawn from regional taste:
 *     {@code (own - other) / (m - other)}, where {@code m} is the probability that a regional draw
 *     matches (choices not drawn regionally match the own region's preferences as often as any
 *     other region's)
 * @param mutualInformationShare plug-in mutual information between region and chosen garment,
 *     over the entropy of the chosen garment (both in bits over all choices), minus the
 *     Miller-Madow bias {@code (regions - 1)(garments - 1) / (2 n ln 2)} of the mutual information
 */
record RegionalTaste(long coldCustomers, long coldChoices, double regionalTopShare, double globalTopShare,
    double ownMatchShare, double otherMatchShare, double regionalShareEstimate, double mutualInformationShare) {

  static RegionalTaste measure(SyntheticStore store, int topN) {
    InteractionMatrix m = store.interactions();
    int regions = SyntheticStore.numRegions();
    int nItems = m.numItems();
    int nUsers = m.numUsers();
    int[] regionOf = new int[nUsers];
    for (int c = 0; c < nUsers; c++) {
      regionOf[c] = SyntheticStore.regionIndex(store.customers().get(c).region());
    }
    long[][] warmCount = new long[regions][nItems];
    long[] warmGlobal = new long[nItems];
    long[][] allCount = new long[regions][nItems];
    long[] regionTotal = new long[regions];
    long choices = 0;
    double own = 0;
    double other = 0;
    int[][] matches = new int[regions][nItems];
    for (int r = 0; r < regions; r++) {
      for (int g = 0; g < nItems; g++) {
        matches[r][g] = store.regionalMatches(r, store.garments().get(g));
      }
    }
    for (int c = 0; c < nUsers; c++) {
      int n = m.rowLength(c);
      int region = regionOf[c];
      for (int p = m.rowStart(c); p < m.rowEnd(c); p++) {
        int g = m.itemAt(p);
        if (n > 2) {
          warmCount[region][g]++;
          warmGlobal[g]++;
        }
        allCount[region][g]++;
        regionTotal[region]++;
        choices++;
        own += matches[region][g] > 0 ? 1 : 0;
        int others = 0;
        for (int r = 0; r < regions; r++) {
          if (r != region && matches[r][g] > 0) {
            others++;
          }
        }
        other += others / (double) (regions - 1);
      }
    }
    boolean[][] regionalTop = new boolean[regions][];
    for (int r = 0; r < regions; r++) {
      regionalTop[r] = top(warmCount[r], topN);
    }
    boolean[] globalTop = top(warmGlobal, topN);
    long cold = 0;
    long coldChoices = 0;
    long inRegional = 0;
    long inGlobal = 0;
    for (int c = 0; c < nUsers; c++) {
      int n = m.rowLength(c);
      if (n < 1 || n > 2) {
        continue;
      }
      cold++;
      for (int p = m.rowStart(c); p < m.rowEnd(c); p++) {
        int g = m.itemAt(p);
        coldChoices++;
        inRegional += regionalTop[regionOf[c]][g] ? 1 : 0;
        inGlobal += globalTop[g] ? 1 : 0;
      }
    }
    double ownShare = own / choices;
    double otherShare = other / choices;
    double matchWhenRegional = 0;
    for (int r = 0; r < regions; r++) {
      matchWhenRegional += store.regionalMatchProbability(r) * regionTotal[r] / choices;
    }
    double estimate = (ownShare - otherShare) / (matchWhenRegional - otherShare);
    // Mutual information between region and garment over all choices.
    long[] garmentTotal = new long[nItems];
    for (int r = 0; r < regions; r++) {
      for (int g = 0; g < nItems; g++) {
        garmentTotal[g] += allCount[r][g];
      }
    }
    double mi = 0;
    double hg = 0;
    for (int g = 0; g < nItems; g++) {
      if (garmentTotal[g] > 0) {
        double pg = garmentTotal[g] / (double) choices;
        hg -= pg * log2(pg);
      }
    }
    for (int r = 0; r < regions; r++) {
      double pr = regionTotal[r] / (double) choices;
      for (int g = 0; g < nItems; g++) {
        if (allCount[r][g] > 0) {
          double prg = allCount[r][g] / (double) choices;
          mi += prg * log2(prg / (pr * (garmentTotal[g] / (double) choices)));
        }
      }
    }
    mi -= (regions - 1.0) * (nItems - 1.0) / (2.0 * choices * Math.log(2));
    return new RegionalTaste(cold, coldChoices, inRegional / (double) coldChoices, inGlobal / (double) coldChoices,
        ownShare, otherShare, estimate, mi / hg);
  }

  /** Marks the {@code n} largest counts (ties to the lower index); garments without count are never marked. */
  private static boolean[] top(long[] count, int n) {
    Integer[] order = new Integer[count.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> count[a] != count[b] ? Long.compare(count[b], count[a])
        : Integer.compare(a, b));
    boolean[] marked = new boolean[count.length];
    for (int i = 0; i < Math.min(n, order.length) && count[order[i]] > 0; i++) {
      marked[order[i]] = true;
    }
    return marked;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "cold-start customers %,d (%,d choices): in regional top-N %.1f%%, in global"
        + " top-N %.1f%%; choices matching own region's preferences %.1f%% vs other regions' %.1f%%; estimated"
        + " regional share of choices %.1f%%; I(region; garment) / H(garment) %.2f%%", coldCustomers, coldChoices,
        100 * regionalTopShare, 100 * globalTopShare, 100 * ownMatchShare, 100 * otherMatchShare,
        100 * regionalShareEstimate, 100 * mutualInformationShare);
  }
}
