package io.privrec.spark.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The DataFrame path's scoring: a SQL function of one customer's row (the struct of her {@code
 * customer}, {@code items} and {@code weights}) returning her {@link CustomerTopK} list as an array
 * of {@link #ENTRY} structs, best first. The model travels inside this function object as the bytes
 * of its saved file ({@link ModelBytes}), never as a literal of the plan; {@link #toString()} does
 * not show it. It is loaded on first use, once per JVM for as long as {@link ModelBytes} keeps it
 * (and at most once per function object, i.e. per task).
 *
 * <p>Thread-safe: calls are serialised (Spark gives each task its own copy of the function, so
 * they are never contended in practice).
 */
public final class ScoreUdf implements UDF1<Row, Row[]> {
  private static final long serialVersionUID = 1L;

  /** One entry of a list: rank (1 = best), item id, score. */
  public static final StructType ENTRY = new StructType()
      .add("rank", DataTypes.IntegerType, false)
      .add("item", DataTypes.StringType, false)
      .add("score", DataTypes.FloatType, false);

  /** The function's result type: an array of {@link #ENTRY}, never holding null. */
  public static final ArrayType RESULT = DataTypes.createArrayType(ENTRY, false);

  private final String key;
  private final byte[] model;
  private final int k;
  private transient CustomerTopK top; // loaded lazily on the executor, never shipped

  /** Top-{@code k} lists from the model saved as {@code model}, whose {@link ModelBytes#key} is {@code key}. */
  public ScoreUdf(String key, byte[] model, int k) {
    this.key = key;
    this.model = model;
    this.k = k;
  }

  @Override
  public synchronized Row[] call(Row row) {
    if (top == null) {
      top = new CustomerTopK(ModelBytes.load(key, () -> model), k);
    }
    List<Row> list = new ArrayList<>();
    top.rank(row, (rank, item, score) -> list.add(RowFactory.create(rank, item, score)));
    return list.toArray(new Row[0]);
  }

  @Override
  public String toString() {
    return "ScoreUdf{k=" + k + ", model of " + model.length + " bytes, not shown}";
  }
}
