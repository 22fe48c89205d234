package io.privrec.benchmarks.sparkscale;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Measures the stages of a Spark job from the driver: a {@link SparkListener} sums every finished
 * task's metrics (executor CPU time, shuffle bytes read and written, the largest peak execution
 * memory of a task) and the wall time of Spark jobs; the driver JVM's heap peak comes from its heap
 * memory pools and the process CPU time from the operating system bean.
 *
 * <p>{@link #start()} begins a stage (it resets the heap pools' peaks and Spark's task peak) and
 * {@link #stop()} ends it, after waiting for Spark's listener bus to deliver every event of the
 * jobs run so far. The heap peak is the sum of the heap pools' peaks (each pool's own peak, so an
 * upper bound of the heap's peak). In local mode the driver JVM also runs the executors, so its
 * heap and process CPU include theirs. Used from one driver thread at a time.
 */
final class StageMeter extends SparkListener {
  private static final long DRAIN_TIMEOUT_MILLIS = 600_000;
  private final SparkSession spark;
  private final AtomicLong taskCpuNanos = new AtomicLong();
  private final AtomicLong shuffleRead = new AtomicLong();
  private final AtomicLong shuffleWrite = new AtomicLong();
  private final AtomicLong peakExecution = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong jobNanos = new AtomicLong();
  private final Map<Integer, Long> jobStarts = new ConcurrentHashMap<>();
  private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).toList();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private Snapshot begin;

  StageMeter(SparkSession spark) {
    this.spark = spark;
    spark.sparkContext().addSparkListener(this);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    TaskMetrics m = end.taskMetrics();
    if (m == null) {
      return;
    }
    tasks.incrementAndGet();
    taskCpuNanos.addAndGet(m.executorCpuTime());
    shuffleRead.addAndGet(m.shuffleReadMetrics().totalBytesRead());
    shuffleWrite.addAndGet(m.shuffleWriteMetrics().bytesWritten());
    peakExecution.accumulateAndGet(m.peakExecutionMemory(), Math::max);
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    jobStarts.put(start.jobId(), start.time());
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    Long started = jobStarts.remove(end.jobId());
    if (started != null) {
      jobNanos.addAndGet((end.time() - started) * 1_000_000L);
    }
  }

  /** Begins a stage. */
  void start() {
    drain();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    peakExecution.set(0);
    begin = snapshot();
  }

  /** Ends the stage begun by {@link #start()}: its totals. */
  Stage stop() {
    drain();
    Snapshot end = snapshot();
    long heapPeak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    return new Stage(end.wallNanos - begin.wallNanos, end.jobNanos - begin.jobNanos,
        end.taskCpuNanos - begin.taskCpuNanos, end.processCpuNanos - begin.processCpuNanos,
        end.shuffleRead - begin.shuffleRead, end.shuffleWrite - begin.shuffleWrite, end.tasks - begin.tasks,
        heapPeak, peakExecution.get());
  }

  private void drain() {
    // Listener events arrive asynchronously: wait until those of finished jobs are delivered.
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(DRAIN_TIMEOUT_MILLIS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain within " + DRAIN_TIMEOUT_MILLIS + " ms", e);
    }
  }

  private Snapshot snapshot() {
    return new Snapshot(System.nanoTime(), jobNanos.get(), taskCpuNanos.get(), os.getProcessCpuTime(),
        shuffleRead.get(), shuffleWrite.get(), tasks.get());
  }

  private record Snapshot(long wallNanos, long jobNanos, long taskCpuNanos, long processCpuNanos,
      long shuffleRead, long shuffleWrite, long tasks) {}

  /**
   * One stage's figures.
   *
   * @param wallNanos wall time between start and stop
   * @param jobNanos wall time of the Spark jobs run in the stage (sequential jobs: their sum)
   * @param taskCpuNanos the tasks' executor CPU time
   * @param processCpuNanos the driver process's CPU time (local mode: tasks included), -1 if unknown
   * @param shuffleReadBytes bytes the tasks read from shuffles (local and remote)
   * @param shuffleWriteBytes bytes the tasks wrote to shuffles
   * @param tasks tasks finished
   * @param heapPeakBytes the driver JVM's heap peak (sum of the heap pools' peaks)
   * @param peakExecutionBytes the largest peak execution memory of one task
   */
  record Stage(long wallNanos, long jobNanos, long taskCpuNanos, long processCpuNanos, long shuffleReadBytes,
      long shuffleWriteBytes, long tasks, long heapPeakBytes, long peakExecutionBytes) {

    /**
     * This stage without its Spark jobs (the driver's own share): wall time outside the jobs, the
     * process's CPU time less the tasks', no task figures; the heap peak is the whole stage's.
     */
    Stage withoutJobs() {
      return new Stage(wallNanos - jobNanos, 0, 0, processCpuNanos - taskCpuNanos, 0, 0, 0, heapPeakBytes, 0);
    }

    /**
     * This stage's Spark jobs alone: wall time is their wall time, process CPU unknown (-1); the
     * heap peak is the whole stage's.
     */
    Stage jobsOnly() {
      return new Stage(jobNanos, jobNanos, taskCpuNanos, -1, shuffleReadBytes, shuffleWriteBytes, tasks,
          heapPeakBytes, peakExecutionBytes);
    }

    /** One JSON line: {@code {"n":…,"stage":…,…}} (seconds and MiB). */
    String json(long n, String stage) {
      return String.format(Locale.ROOT, "{\"n\":%d,\"stage\":\"%s\",\"wall_s\":%.2f,\"task_cpu_s\":%.2f,"
          + "\"process_cpu_s\":%s,\"shuffle_read_mib\":%.1f,\"shuffle_write_mib\":%.1f,\"tasks\":%d,"
          + "\"driver_heap_peak_mib\":%.0f,\"task_peak_execution_mib\":%.1f}",
          n, stage, wallNanos / 1e9, taskCpuNanos / 1e9,
          processCpuNanos < 0 ? "null" : String.format(Locale.ROOT, "%.2f", processCpuNanos / 1e9), shuffleReadBytes / 1048576.0,
          shuffleWriteBytes / 1048576.0, tasks, heapPeakBytes / 1048576.0, peakExecutionBytes / 1048576.0);
    }
  }
}
