package io.privrec.benchmarks.data;

import io.privrec.core.data.InteractionReaders;
import io.privrec.core.data.ReadOptions;
import io.privrec.core.data.ReadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading the real data sets into a matrix. The data folder is the system property
 * {@code privrec.shared.data} (default {@code ../shared/data} relative to the working directory);
 * pass it with {@code -jvmArgs -Dprivrec.shared.data=...} when running elsewhere.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class InteractionReadersBenchmark {

  @Param({"ml-100k", "renttherunway"})
  public String dataset;

  private Path file;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path root = Path.of(System.getProperty("privrec.shared.data", "../shared/data"));
    file = root.resolve(dataset.equals("ml-100k") ? "ml-100k/u.data" : "renttherunway/rtr_interactions.csv");
    if (!Files.isRegularFile(file)) {
      throw new IOException(file.toAbsolutePath() + " absent: set -Dprivrec.shared.data");
    }
  }

  @Benchmark
  public ReadResult read() throws IOException {
    return dataset.equals("ml-100k")
        ? InteractionReaders.movieLens100k(file, ReadOptions.defaults())
        : InteractionReaders.rentTheRunway(file, ReadOptions.defaults());
  }
}
