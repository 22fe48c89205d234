package io.privrec.benchmarks.kernels;

import java.lang.management.ManagementFactory;

/** CPU clocks for {@link CpuTime}, in nanoseconds. */
public final class CpuClock {
  private CpuClock() {}

  /** The process's CPU time (all threads, JIT and GC included). */
  public static long processNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The calling thread's CPU time. */
  public static long threadNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }
}
