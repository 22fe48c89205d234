package io.privrec.core.cf.internal;

import io.privrec.core.model.FitListener;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A parallel for-loop over {@code [0, n)} in chunks, run by the calling thread plus up to
 * {@code availableProcessors - 1} common-pool workers. Progress is reported from the calling
 * thread only, so listeners need not be thread-safe. Results must not depend on which thread runs
 * a chunk (each chunk writes only its own outputs), which keeps fits deterministic.
 */
public final class Parallel {
  private Parallel() {}

  /** Work on {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeBody {
    /** Processes indices {@code from … to-1}. */
    void run(int from, int to);
  }

  /**
   * Runs {@code body} over {@code [0, n)} in chunks of {@code grain}, reporting progress fractions
   * from {@code progressFrom} to {@code progressTo} under {@code stage}. An exception in a chunk
   * or in the listener stops the loop and is rethrown after every started chunk has finished.
   */
  public static void forRange(int n, int grain, RangeBody body, FitListener listener, String stage,
      double progressFrom, double progressTo) {
    int chunks = (n + grain - 1) / grain;
    int workers = Math.min(Runtime.getRuntime().availableProcessors() - 1, chunks - 1);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicBoolean abort = new AtomicBoolean();
    Runnable loop = () -> {
      for (int k; !abort.get() && (k = next.getAndIncrement()) < chunks;) {
        try {
          body.run(k * grain, (int) Math.min((long) (k + 1) * grain, n));
        } catch (RuntimeException | Error e) {
          abort.set(true);
          throw e;
        }
        done.incrementAndGet();
      }
    };
    // state: 0 = not started, 1 = started, 2 = cancelled before start.
    AtomicInteger[] states = new AtomicInteger[Math.max(workers, 0)];
    Future<?>[] futures = new Future<?>[states.length];
    for (int w = 0; w < states.length; w++) {
      AtomicInteger state = new AtomicInteger();
      states[w] = state;
      futures[w] = ForkJoinPool.commonPool().submit(() -> {
        if (state.compareAndSet(0, 1)) {
          loop.run();
        }
      });
    }
    Throwable failure = null;
    try {
      for (int k; !abort.get() && (k = next.getAndIncrement()) < chunks;) {
        body.run(k * grain, (int) Math.min((long) (k + 1) * grain, n));
        int finished = done.incrementAndGet();
        listener.progress(stage, progressFrom + (progressTo - progressFrom) * finished / chunks);
      }
    } catch (RuntimeException | Error e) {
      abort.set(true);
      failure = e;
    }
    for (int w = 0; w < states.length; w++) {
      if (states[w].compareAndSet(0, 2)) {
        continue; // never started: nothing to wait for
      }
      try {
        futures[w].get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort.set(true);
        if (failure == null) {
          failure = new IllegalStateException("interrupted while fitting", e);
        }
      }
    }
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
    listener.progress(stage, progressTo);
  }
}
