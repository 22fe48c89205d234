package io.privrec.spark.internal;

import io.privrec.core.cf.ItemCoCounts;
import io.privrec.core.cf.ItemPairCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One customer's terms of weighted EASE's Gram matrix, the same on both execution paths: for every
 * pair of her items {@code (items[p], items[q])}, {@code q <= p} (so {@code i >= j}, each unordered
 * pair and each diagonal entry once), core's {@link ItemPairCounts#quantizedProduct} of their
 * weights with the scale {@code F} chosen on the driver. Summed by pair in {@code long}, they are
 * the entries of {@link ItemPairCounts#ofWeights} on the same rows, in any order. The DataFrame
 * path of item-kNN's weight products ({@link ItemCoCounts.Spec#usesWeights()}) uses the same
 * function with the spec's terms ({@link #coOccurrenceTerms}). Stateless.
 */
public final class WeightedGramRows {
  /** One term: larger item, smaller (or equal) item, the rounded product in units of {@code 2^-F}. */
  public static final StructType TERM = new StructType()
      .add("i", DataTypes.IntegerType, false)
      .add("j", DataTypes.IntegerType, false)
      .add("sum", DataTypes.LongType, false);

  /** The DataFrame function's result type: an array of {@link #TERM}, never holding null. */
  public static final ArrayType TERMS = DataTypes.createArrayType(TERM, false);

  private WeightedGramRows() {}

  /** The terms of one row ({@code items} increasing, {@code weights} aligned). */
  static Row[] terms(int[] items, float[] weights, int fractionBits) {
    Row[] out = new Row[items.length * (items.length + 1) / 2];
    int t = 0;
    for (int p = 0; p < items.length; p++) {
      for (int q = 0; q <= p; q++) {
        out[t++] = RowFactory.create(items[p], items[q],
            ItemPairCounts.quantizedProduct(weights[p], weights[q], fractionBits));
      }
    }
    return out;
  }

  /**
   * The terms of one row ({@code items} increasing, {@code weights} aligned) for a spec of weight
   * products: {@code (i, -1, productTerm(x_i, x_i, k))} per item and {@code (i, j,
   * productTerm(x_i, x_j, k))} per pair {@code i < j}, terms of 0 left out. Summed by {@code (i,
   * j)} in {@code long}, they are core's {@link ItemCoCounts#ofRows} sums of the same rows (the
   * item sums at {@code j = -1}).
   */
  static Row[] coOccurrenceTerms(ItemCoCounts.Spec spec, int[] items, float[] weights) {
    int k = items.length;
    List<Row> out = new ArrayList<>(k * (k + 1) / 2);
    for (int p = 0; p < k; p++) {
      long square = spec.productTerm(weights[p], weights[p], k);
      if (square != 0) {
        out.add(RowFactory.create(items[p], -1, square));
      }
      for (int q = p + 1; q < k; q++) {
        long term = spec.productTerm(weights[p], weights[q], k);
        if (term != 0) {
          out.add(RowFactory.create(items[p], items[q], term));
        }
      }
    }
    return out.toArray(new Row[0]);
  }

  /**
   * The partition path: a typed {@code mapPartitions} turning the rows of {@link Rows#schema} into
   * their terms ({@link #TERM}), row after row as Spark pulls them (a partition's terms are never
   * held together). Immutable and thread-safe.
   */
  public static final class Partition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final int fractionBits;

    /** Terms with the scale {@code fractionBits}. */
    public Partition(int fractionBits) {
      this.fractionBits = fractionBits;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return new Iterator<>() {
        private Row[] current = new Row[0];
        private int next;

        @Override
        public boolean hasNext() {
          while (next == current.length && rows.hasNext()) {
            Row row = rows.next();
            current = terms(Rows.items(row), Rows.weights(row), fractionBits);
            next = 0;
          }
          return next < current.length;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return current[next++];
        }
      };
    }

    @Override
    public String toString() {
      return "WeightedGramRows.Partition{F = " + fractionBits + "}";
    }
  }

  /**
   * The DataFrame path: a SQL function of a row's {@code items} and {@code weights} returning its
   * terms as an array of {@link #TERM} structs. Immutable and thread-safe.
   */
  public static final class Udf implements UDF2<scala.collection.Seq<Object>, scala.collection.Seq<Object>, Row[]> {
    private static final long serialVersionUID = 1L;

    private final int fractionBits;
    private final ItemCoCounts.Spec spec; // null: EASE's Gram terms

    /** Terms with the scale {@code fractionBits}. */
    public Udf(int fractionBits) {
      this.fractionBits = fractionBits;
      this.spec = null;
    }

    /**
     * The {@linkplain #coOccurrenceTerms co-occurrence terms} of {@code spec}, a spec of weight
     * products.
     */
    public Udf(ItemCoCounts.Spec spec) {
      this.fractionBits = spec.fractionBits();
      this.spec = spec;
    }

    @Override
    public Row[] call(scala.collection.Seq<Object> items, scala.collection.Seq<Object> weights) {
      int[] row = new int[items.length()];
      float[] w = new float[row.length];
      for (int k = 0; k < row.length; k++) {
        row[k] = (Integer) items.apply(k);
        w[k] = (Float) weights.apply(k);
      }
      return spec == null ? terms(row, w, fractionBits) : coOccurrenceTerms(spec, row, w);
    }

    @Override
    public String toString() {
      return "WeightedGramRows.Udf{" + (spec == null ? "F = " + fractionBits : spec) + "}";
    }
  }
}
