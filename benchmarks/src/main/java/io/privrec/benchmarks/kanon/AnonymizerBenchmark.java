package io.privrec.benchmarks.kanon;

import io.privrec.benchmarks.kernels.CpuClock;
import io.privrec.benchmarks.kernels.CpuTime;
import io.privrec.dp.kanon.AnonymizationAlgorithm;
import io.privrec.dp.kanon.AnonymizationResult;
import io.privrec.dp.kanon.Anonymizer;
import io.privrec.dp.kanon.ColumnType;
import io.privrec.dp.kanon.Hierarchy;
import io.privrec.dp.kanon.QualityMetric;
import io.privrec.dp.kanon.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * k-anonymity on the UCI Adult extract (30,162 records) with ARX's hierarchies:
 *
 * <ul>
 *   <li>{@link #optimal}: optimal full-domain generalisation, all 9 columns as quasi-identifiers,
 *       in the seven settings of the ARX reference timings (issue 18), one {@code setting}
 *       parameter each: {@code loss4-k2}, {@code loss4-k5}, {@code loss4-k10}, {@code loss4-k100}
 *       (Loss, 4% suppression), {@code loss100-k5} (Loss, 100% suppression), {@code dm4-k5} and
 *       {@code dm4-k50} (discernibility, 4% suppression), on {@code threads} threads ({@code 0}:
 *       the default, the available processors). Its {@link CpuTime} counters give the process CPU
 *       time per call;
 *   <li>{@link #mondrian}: strict Mondrian, 8 quasi-identifiers (age numeric, occupation skipped),
 *       at {@code k}; its {@link CpuTime} counters give the process CPU time per call (the
 *       collector's threads included);
 *   <li>{@link #evaluateIdentity}: baseline, grouping the records by their original values once.
 * </ul>
 *
 * The data are read from {@code -Dprivrec.shared.data=DIR} (default {@code ../shared/data}); if
 * the folder is absent a synthetic table of the same shape (fixed seed) is used, so the benchmark
 * still runs. Each operation takes up to a second: CI smoke mode ({@code -wi 0 -i 1}) stays short.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class AnonymizerBenchmark {
  static final List<String> COLUMNS = List.of("sex", "age", "race", "marital-status", "education",
      "native-country", "workclass", "occupation", "salary-class");

  /** The Adult table and its hierarchies, shared by all states. */
  @State(Scope.Benchmark)
  public static class Data {
    Table table;
    List<Hierarchy> hierarchies;

    @Setup(Level.Trial)
    public void load() throws IOException {
      Path dir = Path.of(System.getProperty("privrec.shared.data", "../shared/data"), "adult");
      hierarchies = new ArrayList<>();
      if (Files.isDirectory(dir)) {
        table = Table.readDelimited(dir.resolve("adult.csv"), ';');
        for (String c : COLUMNS) {
          hierarchies.add(Hierarchy.readCsv(dir.resolve("adult_hierarchy_" + c + ".csv"), ';'));
        }
      } else {
        synthetic();
      }
    }

    /** Same column count, domain sizes and hierarchy heights as Adult, with skewed values. */
    private void synthetic() {
      int[] domain = {2, 74, 5, 7, 16, 41, 7, 14, 2};
      int[] fanout = {2, 5, 5, 3, 4, 6, 3, 4, 2};
      int[] height = {1, 4, 1, 2, 3, 2, 2, 2, 1};
      SplittableRandom random = new SplittableRandom(20_260_101L);
      Table.Builder b = Table.builder();
      for (int c = 0; c < COLUMNS.size(); c++) {
        b.column(COLUMNS.get(c), ColumnType.STRING);
        List<String> order = new ArrayList<>();
        for (int v = 0; v < domain[c]; v++) {
          order.add(COLUMNS.get(c) + v);
        }
        Hierarchy.OrderedBuilder h = Hierarchy.ordered(order);
        for (int l = 1; l < height[c]; l++) {
          h.group(fanout[c]);
        }
        hierarchies.add(h.build());
      }
      for (int r = 0; r < 30_162; r++) {
        Object[] row = new Object[COLUMNS.size()];
        for (int c = 0; c < row.length; c++) {
          row[c] = COLUMNS.get(c) + (int) (domain[c] * Math.pow(random.nextDouble(), 3));
        }
        b.addRow(row);
      }
      table = b.build();
    }
  }

  /** All 9 columns as quasi-identifiers with their hierarchies. */
  static Anonymizer.Builder allColumns(Data data) {
    Anonymizer.Builder b = Anonymizer.builder();
    for (int c = 0; c < COLUMNS.size(); c++) {
      b.quasiIdentifier(COLUMNS.get(c), data.hierarchies.get(c));
    }
    return b;
  }

  /**
   * Optimal generalisation, 9 quasi-identifiers; {@code setting} is {@code <metric><suppression
   * percent>-k<k>} with metric {@code loss} or {@code dm} (discernibility).
   */
  @State(Scope.Benchmark)
  public static class Optimal {
    @Param({"loss4-k2", "loss4-k5", "loss4-k10", "loss4-k100", "loss100-k5", "dm4-k5", "dm4-k50"})
    public String setting;

    /** Threads of the search; 0: the default (the available processors). */
    @Param({"0"})
    public int threads;

    Anonymizer anonymizer;

    @Setup(Level.Trial)
    public void build(Data data) {
      Anonymizer.Builder b = configure(allColumns(data), setting);
      if (threads > 0) {
        b.threads(threads);
      }
      anonymizer = b.build();
    }
  }

  /** Applies a {@code setting} of {@link Optimal} (metric, suppression limit, k) to a builder. */
  static Anonymizer.Builder configure(Anonymizer.Builder b, String setting) {
    Matcher m = Pattern.compile("(loss|dm)(\\d+)-k(\\d+)").matcher(setting);
    if (!m.matches()) {
      throw new IllegalArgumentException("setting must read <loss|dm><suppression percent>-k<k>. Provided value: "
          + setting);
    }
    QualityMetric metric = m.group(1).equals("loss") ? QualityMetric.loss() : QualityMetric.discernibility();
    return b.k(Integer.parseInt(m.group(3))).suppressionLimit(Integer.parseInt(m.group(2)) / 100.0).metric(metric);
  }

  /** Strict Mondrian, 8 quasi-identifiers (age numeric). */
  @State(Scope.Benchmark)
  public static class Mondrian {
    @Param({"2", "5", "10", "25", "50", "100"})
    public int k;

    Anonymizer anonymizer;

    @Setup(Level.Trial)
    public void build(Data data) {
      Anonymizer.Builder b = Anonymizer.builder();
      for (int c = 0; c < COLUMNS.size(); c++) {
        String name = COLUMNS.get(c);
        if (name.equals("occupation")) {
          continue;
        }
        if (name.equals("age") && data.table.type("age").isNumeric()) {
          b.quasiIdentifier(name);
        } else {
          b.quasiIdentifier(name, data.hierarchies.get(c));
        }
      }
      anonymizer = b.k(k).algorithm(AnonymizationAlgorithm.MONDRIAN_STRICT).build();
    }
  }

  /** Identity transformation of the 9 quasi-identifiers: one grouping of all records. */
  @State(Scope.Benchmark)
  public static class Identity {
    Anonymizer anonymizer;
    int[] levels;

    @Setup(Level.Trial)
    public void build(Data data) {
      anonymizer = allColumns(data).k(5).suppressionLimit(0.04).build();
      levels = new int[COLUMNS.size()];
    }
  }

  @Benchmark
  public AnonymizationResult optimal(Data data, Optimal state, CpuTime cpu) {
    long start = CpuClock.processNanos();
    AnonymizationResult result = state.anonymizer.anonymize(data.table);
    cpu.add(CpuClock.processNanos() - start);
    return result;
  }

  @Benchmark
  public AnonymizationResult mondrian(Data data, Mondrian state, CpuTime cpu) {
    long start = CpuClock.processNanos();
    AnonymizationResult result = state.anonymizer.anonymize(data.table);
    cpu.add(CpuClock.processNanos() - start);
    return result;
  }

  @Benchmark
  public AnonymizationResult evaluateIdentity(Data data, Identity state) {
    return state.anonymizer.evaluate(data.table, state.levels);
  }
}
