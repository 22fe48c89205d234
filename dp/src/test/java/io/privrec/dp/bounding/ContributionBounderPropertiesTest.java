package io.privrec.dp.bounding;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.testing.TestRandoms;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class ContributionBounderPropertiesTest {

  @Property(tries = 300)
  void bound_anyInput_everyBoundHoldsAndCountsAddUp(
      @ForAll @Size(max = 60) List<@LongRange(min = 0, max = 5) Long> users,
      @ForAll @Size(max = 60) List<@LongRange(min = 0, max = 8) Long> keys,
      @ForAll @Size(max = 60) List<@DoubleRange(min = -100, max = 100) Double> values,
      @ForAll @IntRange(min = 1, max = 4) int l0,
      @ForAll @IntRange(min = 1, max = 3) int perPartition) {
    int n = Math.min(users.size(), Math.min(keys.size(), values.size()));
    long[] u = new long[n];
    long[] k = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = users.get(i);
      k[i] = keys.get(i);
      v[i] = values.get(i);
    }
    ContributionBounder bounder =
        ContributionBounder.builder()
            .maxPartitionsContributed(l0)
            .maxContributionsPerPartition(perPartition)
            .valueBounds(-10, 20)
            .randomSource(TestRandoms.seeded("properties" + n + l0 + perPartition))
            .build();

    BoundedContributions out = bounder.bound(u, k, v);

    Map<Long, Set<Long>> keysPerUser = new HashMap<>();
    Map<List<Long>, Integer> recordsPerPair = new HashMap<>();
    long[] ou = out.userIds();
    long[] ok = out.keys();
    double[] ov = out.values();
    for (int i = 0; i < out.size(); i++) {
      keysPerUser.computeIfAbsent(ou[i], x -> new HashSet<>()).add(ok[i]);
      recordsPerPair.merge(List.of(ou[i], ok[i]), 1, Integer::sum);
      assertThat(ov[i]).isBetween(-10.0, 20.0);
    }
    assertThat(keysPerUser.values()).allMatch(s -> s.size() <= l0);
    assertThat(recordsPerPair.values()).allMatch(c -> c <= perPartition);
    BoundingReport r = out.report();
    assertThat(r.inputRecords()).isEqualTo(n);
    assertThat(r.outputRecords()).isEqualTo(out.size());
    assertThat(r.outputRecords() + r.droppedByPartitionLimit() + r.droppedByContributionLimit())
        .isEqualTo(n);
    // Every user keeps min(#keys, L0) keys: bounding drops only what it must.
    Map<Long, Set<Long>> inputKeys = new HashMap<>();
    for (int i = 0; i < n; i++) {
      inputKeys.computeIfAbsent(u[i], x -> new HashSet<>()).add(k[i]);
    }
    for (Map.Entry<Long, Set<Long>> e : inputKeys.entrySet()) {
      assertThat(keysPerUser.getOrDefault(e.getKey(), Set.of()))
          .hasSize(Math.min(e.getValue().size(), l0))
          .isSubsetOf(e.getValue());
    }
  }
}
