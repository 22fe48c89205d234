package io.privrec.spark;

import io.privrec.core.data.Catalogue;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small synthetic event log: customers {@code c0…}, catalogue items {@code p00…} plus events on
 * items outside the catalogue ({@code gone…}), repeated (customer, item) pairs, integer weights
 * (so that every sum is exact in float) and epoch-second timestamps.
 */
final class TestEvents {
  static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("sku", DataTypes.StringType)
      .add("weight", DataTypes.IntegerType)
      .add("ts", DataTypes.LongType);

  final List<Row> events = new ArrayList<>();
  final Catalogue catalogue;

  /**
   * @param customers number of customers
   * @param items catalogue size
   * @param maxEvents each customer has 1 to {@code maxEvents} events
   */
  TestEvents(long seed, int customers, int items, int maxEvents) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      ids.add(String.format("p%02d", i));
    }
    catalogue = Catalogue.of(ids);
    for (int c = 0; c < customers; c++) {
      int n = 1 + rnd.nextInt(maxEvents);
      for (int e = 0; e < n; e++) {
        double r = rnd.nextDouble();
        String item = rnd.nextInt(20) == 0 ? "gone" + rnd.nextInt(5) : ids.get((int) (items * r * r));
        events.add(RowFactory.create("c" + c, item, 1 + rnd.nextInt(5), 1_700_000_000L + rnd.nextInt(1_000_000)));
      }
    }
  }

  /** The events as a DataFrame. */
  Dataset<Row> frame() {
    return TestSpark.session().createDataFrame(events, SCHEMA);
  }

  /** The catalogue's items as a one-column DataFrame {@code sku}, in shuffled order. */
  Dataset<Row> products() {
    List<Row> rows = new ArrayList<>();
    List<String> ids = new ArrayList<>(catalogue.items().ids());
    java.util.Collections.shuffle(ids, new java.util.Random(7));
    for (String id : ids) {
      rows.add(RowFactory.create(id));
    }
    return TestSpark.session().createDataFrame(rows, new StructType().add("sku", DataTypes.StringType));
  }

  /** The same events read by core: summed duplicates, on the catalogue's items. */
  InteractionMatrix localMatrix() {
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.SUM);
    for (Row r : events) {
      b.add(r.getString(0), r.getString(1), r.getInt(2), r.getLong(3));
    }
    return b.build().onItems(catalogue.items());
  }

  /** The interactions built by Spark against the catalogue. */
  SparkInteractions spark() {
    return SparkInteractions.from(frame()).customer("customer_id").item("sku").weight("weight").time("ts")
        .catalogue(products(), "sku");
  }
}
