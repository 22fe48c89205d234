package io.privrec.benchmarks.data;

import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures the memory of an {@link InteractionMatrix} with timestamps: its own accounting
 * ({@link InteractionMatrix#rowViewBytes()}) and the retained heap, measured with
 * {@link MemoryMXBean} after full collections. Not a JMH benchmark: memory, not time.
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar
 * io.privrec.benchmarks.data.InteractionMatrixMemory [interactions]} (default 10,000,000).
 * The retained heap of the matrix is compared against a matrix with the same id dictionaries and
 * no interactions, so the difference is the row view alone.
 */
public final class InteractionMatrixMemory {
  private static final int ITEMS_PER_USER = 20;

  private InteractionMatrixMemory() {}

  public static void main(String[] args) {
    int interactions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    int numUsers = interactions / ITEMS_PER_USER;
    int numItems = 100_003; // prime, so the items of a user below are distinct
    String[] userIds = new String[numUsers];
    for (int u = 0; u < numUsers; u++) {
      userIds[u] = "c" + u;
    }
    String[] itemIds = new String[numItems];
    for (int i = 0; i < numItems; i++) {
      itemIds[i] = "g" + i;
    }
    IdIndex users = IdIndex.of("user", java.util.Arrays.asList(userIds));
    IdIndex items = IdIndex.of("item", java.util.Arrays.asList(itemIds));

    long empty = retained(() -> InteractionMatrix.builder(DuplicatePolicy.SUM, users, items).build());
    InteractionMatrix[] keep = new InteractionMatrix[1];
    long full = retained(() -> {
      InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.SUM, users, items);
      SplittableRandom r = new SplittableRandom(42);
      long t0 = 1_700_000_000L;
      for (int u = 0; u < numUsers; u++) {
        int base = r.nextInt(numItems);
        int step = 1 + r.nextInt(numItems - 1);
        for (int k = 0; k < ITEMS_PER_USER; k++) {
          int item = (int) ((base + (long) k * step) % numItems);
          b.addIndexed(u, item, 1 + r.nextInt(5), t0 + r.nextInt(31_536_000));
        }
      }
      keep[0] = b.build();
      return keep[0];
    });
    InteractionMatrix m = keep[0];
    long nnz = m.numInteractions();
    System.out.printf(Locale.ROOT, "interactions            %,d (users %,d, items %,d, timestamps %s)%n", nnz,
        m.numUsers(), m.numItems(), m.hasTimestamps());
    System.out.printf(Locale.ROOT, "rowViewBytes()          %,d bytes = %.2f bytes/interaction%n", m.rowViewBytes(),
        m.rowViewBytes() / (double) nnz);
    System.out.printf(Locale.ROOT, "retained heap, matrix   %,d bytes%n", full);
    System.out.printf(Locale.ROOT, "retained heap, ids only %,d bytes%n", empty);
    System.out.printf(Locale.ROOT, "row view (difference)   %,d bytes = %.2f bytes/interaction%n", full - empty,
        (full - empty) / (double) nnz);
  }

  /** Heap retained by the object {@code make} returns: used heap with it minus without it. */
  private static long retained(java.util.function.Supplier<Object> make) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    settle(memory);
    long before = memory.getHeapMemoryUsage().getUsed();
    Object kept = make.get();
    settle(memory);
    long after = memory.getHeapMemoryUsage().getUsed();
    if (kept.hashCode() == 42) { // keep 'kept' reachable until measured
      System.out.print("");
    }
    return after - before;
  }

  private static void settle(MemoryMXBean memory) {
    for (int k = 0; k < 3; k++) {
      memory.gc();
    }
  }
}
