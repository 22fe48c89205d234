package io.privrec.spark;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_seconds;

import io.privrec.core.data.Catalogue;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.spark.internal.AssembleUdf;
import io.privrec.spark.internal.InvalidEventsException;
import io.privrec.spark.internal.RowAssembly;
import io.privrec.spark.internal.Rows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * A shop's interaction log in Spark, as one row per customer indexed against the shop's public
 * {@link Catalogue}: the distributed counterpart of core's {@link InteractionMatrix}.
 *
 * <pre>{@code
 * SparkInteractions data = SparkInteractions.from(events)
 *     .customer("customer_id").item("sku").weight("weight").time("ts")
 *     .catalogue(products, "sku");
 * }</pre>
 *
 * <h2>Rows</h2>
 * {@link #rows()} holds one row per customer with at least one catalogue interaction: {@code
 * customer} (the id as a string), {@code items} (distinct catalogue indices, increasing), {@code
 * weights} (aligned, finite and {@code > 0}) and, when a time column was given, {@code times}
 * (aligned epoch seconds). Items are indexed against the catalogue, never against the items the
 * data happens to contain; events on items outside the catalogue are dropped. Repeated (customer,
 * item) pairs are combined deterministically under the {@link Builder#duplicates duplicate
 * policy}, and pairs whose combined weight is not positive are dropped, as in {@link
 * InteractionMatrix.Builder}. Nothing about the rows depends on how Spark partitions the events or
 * in which order it reads them.
 *
 * <h2>Where it runs</h2>
 * Reading, indexing, grouping and combining run on the executors (grouping by customer is one
 * shuffle; the catalogue index is joined in, broadcast by Spark when it is small). The catalogue
 * itself is collected to the driver: it
 * is public and catalogue-sized, and its order follows core's rule ({@link Catalogue#sorted}, or
 * the order of a {@link Catalogue} given as such). {@link Builder#catalogue} runs one Spark job that
 * validates the events and caches the rows ({@link StorageLevel#MEMORY_AND_DISK()}); {@link
 * #unpersist()} frees them. Rows derived by {@link KeyedBounding}, {@link #repartition}, {@link
 * #only} or {@link #without} are not cached.
 *
 * <h2>Privacy</h2>
 * The rows are the private data itself; nothing here is released. Differentially private models fit
 * from them ({@link SparkFit}) keep core's guarantees unchanged. Error messages about invalid events
 * name the column and the rule, never a customer or item id.
 *
 * <p>Immutable; safe to share between driver threads (Spark datasets are).
 */
public final class SparkInteractions {
  private final Dataset<Row> rows;
  private final Catalogue catalogue;
  private final boolean withTimes;
  private final int maxItemsPerCustomer; // 0: unbounded

  SparkInteractions(Dataset<Row> rows, Catalogue catalogue, boolean withTimes, int maxItemsPerCustomer) {
    this.rows = rows;
    this.catalogue = catalogue;
    this.withTimes = withTimes;
    this.maxItemsPerCustomer = maxItemsPerCustomer;
  }

  /**
   * Starts describing an interaction log: one event per row of {@code events}, whose columns are
   * named next ({@link Builder#customer}, {@link Builder#item}, optionally {@link Builder#weight}
   * and {@link Builder#time}); {@link Builder#catalogue} builds the rows.
   *
   * @throws NullPointerException if {@code events} is null
   */
  public static Builder from(Dataset<Row> events) {
    return new Builder(requireNonNull(events, "events"));
  }

  /**
   * The per-customer rows (see the class documentation): columns {@code customer}, {@code items},
   * {@code weights} and, if {@link #hasTimes()}, {@code times}.
   */
  public Dataset<Row> rows() {
    return rows;
  }

  /** The public catalogue the items are indexed against; {@code items} hold its indices. */
  public Catalogue catalogue() {
    return catalogue;
  }

  /** True if the rows carry timestamps. */
  public boolean hasTimes() {
    return withTimes;
  }

  /** True if every row holds at most {@link #maxItemsPerCustomer()} items (see {@link KeyedBounding}). */
  public boolean isBounded() {
    return maxItemsPerCustomer > 0;
  }

  /** The bound on items per customer these rows were bounded to, or 0 if they are not bounded. */
  public int maxItemsPerCustomer() {
    return maxItemsPerCustomer;
  }

  /** Number of customers (rows); runs a Spark job unless the rows are cached. */
  public long numCustomers() {
    return rows.count();
  }

  /**
   * The same rows in {@code numPartitions} partitions, hashed by customer (not cached). Results
   * computed from them are the same as from the receiver.
   *
   * @throws IllegalArgumentException if {@code numPartitions < 1}
   */
  public SparkInteractions repartition(int numPartitions) {
    if (numPartitions < 1) {
      throw new IllegalArgumentException("numPartitions must be >= 1. Provided value: " + numPartitions);
    }
    return new SparkInteractions(rows.repartition(numPartitions, col(Rows.CUSTOMER)), catalogue, withTimes,
        maxItemsPerCustomer);
  }

  /**
   * The rows of the customers listed in column {@code column} of {@code customers} (ids compared
   * as strings; lazy, not cached), e.g. a batch to erase. Listed customers without a row are
   * ignored.
   *
   * @throws IllegalArgumentException if {@code customers} has no such column
   * @throws NullPointerException if an argument is null
   */
  public SparkInteractions only(Dataset<Row> customers, String column) {
    return new SparkInteractions(rows.join(customerIds(customers, column),
        col(Rows.CUSTOMER).equalTo(col(LISTED)), "left_semi"), catalogue, withTimes, maxItemsPerCustomer);
  }

  /**
   * The rows of every customer not listed in column {@code column} of {@code customers} (lazy, not
   * cached): the data after erasing a batch of customers.
   *
   * @throws IllegalArgumentException if {@code customers} has no such column
   * @throws NullPointerException if an argument is null
   */
  public SparkInteractions without(Dataset<Row> customers, String column) {
    return new SparkInteractions(rows.join(customerIds(customers, column),
        col(Rows.CUSTOMER).equalTo(col(LISTED)), "left_anti"), catalogue, withTimes, maxItemsPerCustomer);
  }

  private static final String LISTED = "__privrec_listed_customer";

  private static Dataset<Row> customerIds(Dataset<Row> customers, String column) {
    requireNonNull(customers, "customers");
    requireNonNull(column, "column");
    if (!Arrays.asList(customers.columns()).contains(column)) {
      throw new IllegalArgumentException("the customer list has no column '" + column + "'; its columns: "
          + Arrays.toString(customers.columns()));
    }
    return customers.select(col("`" + column.replace("`", "``") + "`").cast(DataTypes.StringType).as(LISTED))
        .distinct();
  }

  /** Removes the cached rows from memory and disk (they are recomputed if used again). */
  public void unpersist() {
    rows.unpersist();
  }

  /**
   * Collects the rows to the driver as core's {@link InteractionMatrix}: users in increasing id
   * order, items exactly the catalogue's in its order, weights and timestamps as in the rows. For
   * data that fits in the driver's memory only (tests, samples); every other operation keeps the
   * rows on the executors.
   */
  public InteractionMatrix toLocalMatrix() {
    List<Row> local = new ArrayList<>(rows.collectAsList());
    local.sort((a, b) -> Rows.customer(a).compareTo(Rows.customer(b)));
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.REJECT, IdIndex.of("user", List.of()),
        catalogue.items());
    IdIndex items = catalogue.items();
    for (Row row : local) {
      String customer = Rows.customer(row);
      b.internUser(customer);
      int[] is = Rows.items(row);
      float[] ws = Rows.weights(row);
      long[] ts = Rows.times(row);
      for (int k = 0; k < is.length; k++) {
        if (ts == null) {
          b.add(customer, items.id(is[k]), ws[k]);
        } else {
          b.add(customer, items.id(is[k]), ws[k], ts[k]);
        }
      }
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "SparkInteractions{catalogue=" + catalogue.size() + " items" + (withTimes ? ", with times" : "")
        + (isBounded() ? ", at most " + maxItemsPerCustomer + " items per customer" : "") + "}";
  }

  /**
   * Names the columns of an event log and builds its {@link SparkInteractions}. Column names are
   * checked against the events' schema when set. Not thread-safe.
   */
  public static final class Builder {
    private final Dataset<Row> events;
    private String customer;
    private String item;
    private String weight;
    private String time;
    private DuplicatePolicy duplicates = DuplicatePolicy.SUM;

    private Builder(Dataset<Row> events) {
      this.events = events;
    }

    /**
     * The customer column (any type; ids are compared as strings, which must be non-empty and
     * free of NUL, CR and LF characters, as in core).
     *
     * @throws IllegalArgumentException if the events have no such column
     */
    public Builder customer(String column) {
      this.customer = column(column, "customer", null);
      return this;
    }

    /**
     * The item column (any type; compared as strings with the catalogue's ids).
     *
     * @throws IllegalArgumentException if the events have no such column
     */
    public Builder item(String column) {
      this.item = column(column, "item", null);
      return this;
    }

    /**
     * The weight column, numeric (read as float; must be finite, non-positive values act as
     * corrections as in core). Without it every event weighs 1.
     *
     * @throws IllegalArgumentException if the events have no such column or it is not numeric
     */
    public Builder weight(String column) {
      this.weight = column(column, "weight", "numeric");
      return this;
    }

    /**
     * The time column: a timestamp, a date, or an integral number of epoch seconds. Without it the
     * rows carry no timestamps.
     *
     * @throws IllegalArgumentException if the events have no such column or it has another type
     */
    public Builder time(String column) {
      this.time = column(column, "time", "time");
      return this;
    }

    /**
     * What to do with repeated (customer, item) pairs; default {@link DuplicatePolicy#SUM}. Ties
     * are broken deterministically: {@code SUM} adds the weights in increasing order and keeps the
     * latest timestamp; {@code MAX} keeps the largest weight with the latest of its timestamps;
     * {@code LATEST} keeps the latest timestamp with the largest of its weights (without
     * timestamps: the largest weight); {@code REJECT} makes {@link #catalogue} fail.
     *
     * @throws NullPointerException if {@code policy} is null
     */
    public Builder duplicates(DuplicatePolicy policy) {
      this.duplicates = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Builds the rows against the catalogue of the ids in column {@code column} of {@code
     * products} (one row per item), in sorted order ({@link Catalogue#sorted}). The ids are
     * collected to the driver (the catalogue is public and catalogue-sized); for another order,
     * pass a {@link Catalogue} ({@link #catalogue(Catalogue)}).
     *
     * @throws IllegalArgumentException if {@code products} has no such column, an id is null,
     *     empty, repeated or holds a forbidden character (core's {@link Catalogue} rules), or the
     *     events are invalid (see {@link #catalogue(Catalogue)})
     * @throws IllegalStateException if the customer or item column is not set
     */
    public SparkInteractions catalogue(Dataset<Row> products, String column) {
      requireNonNull(products, "products");
      requireNonNull(column, "column");
      if (!Arrays.asList(products.columns()).contains(column)) {
        throw new IllegalArgumentException("the catalogue has no column '" + column + "'; its columns: "
            + Arrays.toString(products.columns()));
      }
      List<String> ids = new ArrayList<>();
      for (Row r : products.select(quoted(column).cast(DataTypes.StringType)).collectAsList()) {
        if (r.isNullAt(0)) {
          throw new IllegalArgumentException("catalogue column '" + column + "' must not hold null ids");
        }
        ids.add(r.getString(0));
      }
      return catalogue(Catalogue.sorted(ids));
    }

    /**
     * Builds and caches the rows against {@code catalogue}, in its order. Runs one Spark job.
     *
     * @throws IllegalArgumentException if an event has a null, empty or malformed customer id, a
     *     null or non-finite weight or a null timestamp, or repeats a pair under {@code REJECT}
     *     (the message names the column and the rule, never an id)
     * @throws IllegalStateException if the customer or item column is not set
     * @throws NullPointerException if {@code catalogue} is null
     */
    public SparkInteractions catalogue(Catalogue catalogue) {
      requireNonNull(catalogue, "catalogue");
      if (customer == null || item == null) {
        throw new IllegalStateException("set the customer and item columns before the catalogue");
      }
      SparkSession spark = events.sparkSession();
      List<Row> index = new ArrayList<>(catalogue.size());
      List<String> ids = catalogue.items().ids();
      for (int i = 0; i < ids.size(); i++) {
        index.add(RowFactory.create(ids.get(i), i));
      }
      Dataset<Row> catalogueIndex = spark.createDataFrame(index, new StructType()
          .add("catalogue_item", DataTypes.StringType, false)
          .add("catalogue_index", DataTypes.IntegerType, false));
      List<Column> selected = new ArrayList<>(List.of(quoted(customer).cast(DataTypes.StringType).as("c"),
          quoted(item).cast(DataTypes.StringType).as("i"),
          (weight == null ? lit(1f) : quoted(weight).cast(DataTypes.FloatType)).as("w")));
      if (time != null) {
        DataType type = events.schema().apply(time).dataType();
        Column t = quoted(time);
        selected.add((type.equals(DataTypes.DateType) ? unix_seconds(t.cast(DataTypes.TimestampType))
            : type.equals(DataTypes.TimestampType) ? unix_seconds(t) : t.cast(DataTypes.LongType)).as("t"));
      }
      Column event = time == null ? struct(col("catalogue_index"), col("w"))
          : struct(col("catalogue_index"), col("w"), col("t"));
      // The inner join drops events on items outside the catalogue (and null items).
      Dataset<Row> indexed = events
          .select(selected.toArray(new Column[0]))
          .join(catalogueIndex, col("i").equalTo(col("catalogue_item")))
          .groupBy(col("c"))
          .agg(collect_list(event).as("events"));
      boolean withTimes = time != null;
      // A SQL function, not a typed map: the rows need DataFrame operations only (Spark Connect).
      UserDefinedFunction assemble = udf(new AssembleUdf(new RowAssembly(duplicates, customer,
          weight == null ? "(constant 1)" : weight, time), withTimes), AssembleUdf.resultType(withTimes))
          .withName("privrec_assemble_rows");
      List<Column> fields = new ArrayList<>(List.of(col("c").as(Rows.CUSTOMER), col("r." + Rows.ITEMS).as(Rows.ITEMS),
          col("r." + Rows.WEIGHTS).as(Rows.WEIGHTS)));
      if (withTimes) {
        fields.add(col("r." + Rows.TIMES).as(Rows.TIMES));
      }
      Dataset<Row> rows = indexed
          .select(col("c"), assemble.apply(col("c"), col("events")).as("r"))
          .select(fields.toArray(new Column[0]))
          .filter(size(col(Rows.ITEMS)).gt(0))
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        rows.count();
      } catch (Exception e) { // a failed job throws SparkException, a checked exception Java does not see
        rows.unpersist();
        InvalidEventsException invalid = InvalidEventsException.find(e);
        if (invalid != null) {
          throw new IllegalArgumentException(invalid.getMessage(), e);
        }
        throw InvalidEventsException.rethrow(e);
      }
      return new SparkInteractions(rows, catalogue, withTimes, 0);
    }

    /** The column named {@code name} (quoted: dots or spaces in names are not paths). */
    private static Column quoted(String name) {
      return col("`" + name.replace("`", "``") + "`");
    }

    private String column(String column, String role, String kind) {
      requireNonNull(column, role + " column");
      StructType schema = events.schema();
      if (!Arrays.asList(schema.fieldNames()).contains(column)) {
        throw new IllegalArgumentException("the events have no " + role + " column '" + column + "'; their columns: "
            + Arrays.toString(schema.fieldNames()));
      }
      DataType type = schema.apply(column).dataType();
      boolean ok = kind == null
          || kind.equals("numeric") && type instanceof NumericType
          || kind.equals("time") && (type.equals(DataTypes.TimestampType) || type.equals(DataTypes.DateType)
              || type.equals(DataTypes.LongType) || type.equals(DataTypes.IntegerType)
              || type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType));
      if (!ok) {
        throw new IllegalArgumentException(role + " column '" + column + "' must be "
            + (kind.equals("numeric") ? "numeric" : "a timestamp, a date or integral epoch seconds")
            + ". Provided type: " + type.simpleString());
      }
      return column;
    }
  }
}
