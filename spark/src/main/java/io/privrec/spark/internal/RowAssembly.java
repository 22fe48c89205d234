package io.privrec.spark.internal;

import io.privrec.core.data.DuplicatePolicy;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;

/**
 * Builds one customer's row from her grouped events: input {@code (customer string, events
 * array<struct<item int, weight float[, time long]>>)}, output a row of {@link Rows#schema}.
 *
 * <p>Deterministic: the events are first sorted by (item, weight, time), so the result does not
 * depend on the order in which Spark collected them. Repeated (customer, item) pairs are combined
 * under the duplicate policy in that order: {@code SUM} adds the weights in increasing order and
 * keeps the latest timestamp; {@code MAX} keeps the largest weight with the latest timestamp among
 * the events of that weight; {@code LATEST} keeps the latest timestamp with the largest weight among
 * the events at that time (without timestamps: the largest weight); {@code REJECT} fails. Pairs
 * whose combined weight is not positive are dropped, as in {@code InteractionMatrix.Builder}.
 *
 * <p>Invalid input fails the task with an {@link InvalidEventsException} whose message names the
 * column and the rule, never an id. Immutable and thread-safe.
 */
public final class RowAssembly implements MapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final DuplicatePolicy duplicates;
  private final boolean withTimes;
  private final String customerColumn;
  private final String weightColumn;
  private final String timeColumn;

  /**
   * @param duplicates the policy for repeated (customer, item) pairs
   * @param customerColumn the events' customer column, for messages
   * @param weightColumn the events' weight column, for messages (null: constant weight 1)
   * @param timeColumn the events' time column, for messages (null: no timestamps)
   */
  public RowAssembly(DuplicatePolicy duplicates, String customerColumn, String weightColumn, String timeColumn) {
    this.duplicates = duplicates;
    this.withTimes = timeColumn != null;
    this.customerColumn = customerColumn;
    this.weightColumn = weightColumn;
    this.timeColumn = timeColumn;
  }

  @Override
  public Row call(Row grouped) {
    String customer = grouped.getString(0);
    checkCustomer(customer);
    List<Row> events = grouped.getList(1);
    int n = events.size();
    int[] item = new int[n];
    float[] weight = new float[n];
    long[] time = new long[n];
    for (int e = 0; e < n; e++) {
      Row ev = events.get(e);
      item[e] = ev.getInt(0);
      if (ev.isNullAt(1) || !Float.isFinite(ev.getFloat(1))) {
        throw new InvalidEventsException("weight column '" + weightColumn + "' must hold finite numbers; an event"
            + " has a null, NaN or infinite weight");
      }
      weight[e] = ev.getFloat(1);
      if (withTimes) {
        if (ev.isNullAt(2)) {
          throw new InvalidEventsException("time column '" + timeColumn + "' must not be null; an event has none");
        }
        time[e] = ev.getLong(2);
      }
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, e -> e);
    Arrays.sort(order, (a, b) -> {
      int c = Integer.compare(item[a], item[b]);
      if (c == 0) {
        c = Float.compare(weight[a], weight[b]);
      }
      return c != 0 ? c : Long.compare(time[a], time[b]);
    });
    int[] outItems = new int[n];
    float[] outWeights = new float[n];
    long[] outTimes = new long[n];
    int out = 0;
    int p = 0;
    while (p < n) {
      int first = order[p];
      float w = weight[first];
      long t = time[first];
      int q = p + 1;
      for (; q < n && item[order[q]] == item[first]; q++) {
        int e = order[q];
        switch (duplicates) {
          case SUM -> {
            w += weight[e];
            t = Math.max(t, time[e]);
          }
          case MAX -> {
            // Sorted by weight, then time: the last event has the largest weight, latest among ties.
            w = weight[e];
            t = time[e];
          }
          case LATEST -> {
            if (time[e] >= t) {
              w = time[e] > t ? weight[e] : Math.max(w, weight[e]);
              t = time[e];
            }
          }
          case REJECT -> throw new InvalidEventsException("a (customer, item) pair occurs in more than one event"
              + " (duplicate policy REJECT; ids are not quoted)");
        }
      }
      if (!Float.isFinite(w)) {
        throw new InvalidEventsException("the combined weight of a repeated (customer, item) pair overflows float"
            + " under duplicate policy " + duplicates);
      }
      if (w > 0) {
        outItems[out] = item[first];
        outWeights[out] = w;
        outTimes[out] = t;
        out++;
      }
      p = q;
    }
    return Rows.row(customer, Arrays.copyOf(outItems, out), Arrays.copyOf(outWeights, out),
        withTimes ? Arrays.copyOf(outTimes, out) : null);
  }

  private void checkCustomer(String customer) {
    if (customer == null || customer.isEmpty()) {
      throw new InvalidEventsException("customer column '" + customerColumn + "' must hold non-empty ids; an event"
          + " has a null or empty id");
    }
    for (int k = 0; k < customer.length(); k++) {
      char c = customer.charAt(k);
      if (c == '\0' || c == '\r' || c == '\n') {
        throw new InvalidEventsException("customer ids must not contain NUL, CR or LF characters; an id in column '"
            + customerColumn + "' does (the id is not quoted)");
      }
    }
  }
}
