package io.privrec.spark.internal;

import io.privrec.core.cf.ItemCoCounts;
import org.apache.spark.sql.api.java.UDF1;

/**
 * The DataFrame path's weight of a prepared row of {@code k} items: {@link
 * ItemCoCounts.Spec#itemWeight} or {@link ItemCoCounts.Spec#pairWeight} (which also rejects a row
 * longer than a bounded spec allows). Immutable and thread-safe.
 */
public final class WeightUdf implements UDF1<Integer, Long> {
  private static final long serialVersionUID = 1L;

  private final ItemCoCounts.Spec spec;
  private final boolean pairs;

  /** The item weight ({@code pairs} false) or the pair weight of {@code spec}. */
  public WeightUdf(ItemCoCounts.Spec spec, boolean pairs) {
    this.spec = spec;
    this.pairs = pairs;
  }

  @Override
  public Long call(Integer k) {
    return pairs ? spec.pairWeight(k) : spec.itemWeight(k);
  }
}
