package io.privrec.benchmarks.kernels;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time spent in a benchmark's calls, as JMH auxiliary counters (totals over the measurement
 * iterations): {@code cpuMillis} and {@code calls}, so CPU-ms per call = cpuMillis / calls. On a
 * machine shared with other work, CPU time is inflated far less than wall time, so rates in
 * GFLOP/s per CPU-second compare across benchmarks of one run. A benchmark method takes this
 * state as a parameter and reports each call with {@link #add}; the clock is the calling thread's
 * ({@link CpuClock#threadNanos}, for single-threaded work) or the whole process's ({@link
 * CpuClock#processNanos}, all threads including JIT and GC, for work on the library's worker
 * threads). (JMH reads every public field and public no-argument method of this class as a
 * counter, so the clocks live in {@link CpuClock}.)
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
  /** CPU milliseconds in the reported calls. */
  public double cpuMillis;
  /** Calls reported. */
  public long calls;

  /** Reports one call that took {@code nanos} of CPU time. */
  public void add(long nanos) {
    cpuMillis += nanos / 1e6;
    calls++;
  }
}
