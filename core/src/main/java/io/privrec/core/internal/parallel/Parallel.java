package io.privrec.core.internal.parallel;

import static java.util.Objects.requireNonNull;

import io.privrec.core.model.FitListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The library's one way to run work in parallel: a parallel for-loop over {@code [0, n)} cut into
 * fixed chunks. Every fit, erasure update and evaluation that uses more than one thread goes
 * through here.
 *
 * <h2>Policy</h2>
 * <ul>
 *   <li><b>Chunks.</b> {@code [0, n)} is cut into chunks of {@code grain} indices ({@code [k·grain,
 *       min((k+1)·grain, n))}), the same for any thread count. Threads claim chunks in increasing
 *       order until none is left; the body is called once per chunk. Bodies must write only their
 *       chunk's outputs (or per-worker state), so results do not depend on the thread count or on
 *       which thread ran a chunk: this is what keeps the fits and evaluations deterministic.
 *   <li><b>Threads.</b> At most {@code threads} threads work on one call ({@link #defaultThreads()},
 *       the available processors, unless the caller passes a count such as a builder's {@code
 *       threads}), and never more than there are chunks. The calling thread always takes part;
 *       the other {@code threads − 1} are helpers.
 *   <li><b>Whose threads.</b> Helpers are daemon threads named {@code privrec-worker-N} from one
 *       pool shared by the whole library (not the JVM's common pool, so other users of that pool
 *       neither slow a fit down nor are slowed down by it). A helper is started per request when no
 *       idle one exists, so an explicit thread count is honoured; concurrent calls each get their
 *       own helpers.
 *   <li><b>Nesting.</b> A call made from inside a body (on any of its threads) runs on its calling
 *       thread alone, so nested parallel code cannot multiply the thread count.
 *   <li><b>Shutdown.</b> Nothing to shut down: helpers that stay idle for {@value
 *       #IDLE_SECONDS} seconds end, and being daemons they never keep the JVM alive. When a call
 *       returns or throws, none of its chunks is still running.
 *   <li><b>Failures.</b> A {@link RuntimeException} or {@link Error} from a body, a per-worker
 *       state supplier or the progress listener stops the loop: no further chunk is started, the
 *       chunks already running finish, and the first failure (the calling thread's, else the
 *       helpers' in order) is rethrown unchanged, with the other failures attached as suppressed.
 *       If the calling thread is interrupted while waiting for the helpers, the loop stops the same
 *       way, the interrupt flag is restored and an {@link IllegalStateException} naming the stage
 *       is thrown (or attached as suppressed to an earlier failure). If no helper can be started
 *       (the JVM refuses new threads), the calling thread does all the work.
 *   <li><b>Progress.</b> Reported from the calling thread only, after each chunk it runs, as the
 *       fraction of finished chunks mapped onto {@code [progressFrom, progressTo]}, and once more
 *       at {@code progressTo} at the end; listeners need not be thread-safe.
 * </ul>
 *
 * <p>Thread-safe: any number of threads may call it at once.
 */
public final class Parallel {
  /** Seconds an idle helper thread waits for more work before it ends. */
  static final int IDLE_SECONDS = 30;

  private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private Parallel() {}

  /** Work on {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeBody {
    /** Processes indices {@code from … to-1}. */
    void run(int from, int to);
  }

  /** Work on {@code [from, to)} with the running thread's own state. */
  @FunctionalInterface
  public interface WorkerBody<S> {
    /** Processes indices {@code from … to-1}; {@code state} belongs to the running thread. */
    void run(int from, int to, S state);
  }

  /** The default number of threads of a call: the available processors (at least 1). */
  public static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Runs {@code body} over {@code [0, n)} in chunks of {@code grain} on up to {@link
   * #defaultThreads()} threads, reporting progress under {@code stage}.
   *
   * @throws IllegalArgumentException if {@code n < 0} or {@code grain < 1}
   */
  public static void forRange(int n, int grain, RangeBody body, FitListener listener, String stage,
      double progressFrom, double progressTo) {
    requireNonNull(body, "body");
    forRange(n, grain, defaultThreads(), () -> null, (from, to, none) -> body.run(from, to), listener, stage,
        progressFrom, progressTo);
  }

  /**
   * Runs {@code body} over {@code [0, n)} in chunks of {@code grain} on up to {@code threads}
   * threads, each with its own state from {@code newState} (made when the thread claims its first
   * chunk); no progress is reported.
   *
   * @param stage names the work in the message of an interruption
   * @return the states made, one per thread that ran a chunk (at least one if {@code n > 0}), in
   *     no particular order
   * @throws IllegalArgumentException if {@code n < 0}, {@code grain < 1} or {@code threads < 1}
   */
  public static <S> List<S> forRange(int n, int grain, int threads, Supplier<? extends S> newState,
      WorkerBody<? super S> body, String stage) {
    return forRange(n, grain, threads, newState, body, FitListener.NONE, stage, 0, 1);
  }

  /**
   * The general form: {@code body} over {@code [0, n)} in chunks of {@code grain} on up to {@code
   * threads} threads, each with its own state from {@code newState}, reporting progress under
   * {@code stage}.
   *
   * @return the states made, one per thread that ran a chunk, in no particular order
   * @throws IllegalArgumentException if {@code n < 0}, {@code grain < 1} or {@code threads < 1}
   */
  public static <S> List<S> forRange(int n, int grain, int threads, Supplier<? extends S> newState,
      WorkerBody<? super S> body, FitListener listener, String stage, double progressFrom, double progressTo) {
    requireNonNull(newState, "newState");
    requireNonNull(body, "body");
    requireNonNull(listener, "listener");
    if (n < 0 || grain < 1 || threads < 1) {
      throw new IllegalArgumentException("parallel loop needs n >= 0, grain >= 1 and threads >= 1; got n = " + n
          + ", grain = " + grain + ", threads = " + threads);
    }
    int chunks = (int) ((n + (long) grain - 1) / grain);
    boolean nested = INSIDE.get();
    int helpers = nested ? 0 : Math.max(0, Math.min(threads, chunks) - 1);
    Loop<S> loop = new Loop<>(n, grain, chunks, newState, body, helpers + 1);
    // Helper state: 0 = not started, 1 = started, 2 = withdrawn before it started.
    AtomicInteger[] started = new AtomicInteger[helpers];
    List<Future<?>> futures = new ArrayList<>(helpers);
    for (int h = 0; h < helpers; h++) {
      AtomicInteger state = new AtomicInteger();
      int slot = h + 1;
      try {
        futures.add(Workers.POOL.submit(() -> {
          if (state.compareAndSet(0, 1)) {
            INSIDE.set(Boolean.TRUE);
            try {
              loop.work(slot, null, null, 0, 0);
            } finally {
              INSIDE.set(Boolean.FALSE);
            }
          }
        }));
      } catch (RejectedExecutionException e) {
        break; // no thread to be had: the calling thread does the rest
      }
      started[h] = state;
    }
    Throwable failure = null;
    INSIDE.set(Boolean.TRUE);
    try {
      loop.work(0, listener, stage, progressFrom, progressTo);
    } catch (RuntimeException | Error e) {
      failure = e;
    } finally {
      INSIDE.set(nested);
    }
    boolean interrupted = false;
    for (int h = 0; h < futures.size(); h++) {
      if (started[h].compareAndSet(0, 2)) {
        continue; // never started: nothing to wait for
      }
      while (true) {
        try {
          futures.get(h).get();
          break;
        } catch (ExecutionException e) {
          failure = merge(failure, e.getCause());
          break;
        } catch (InterruptedException e) {
          // Stop handing out chunks, but let the running ones finish before returning.
          interrupted = true;
          loop.abort.set(true);
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      failure = merge(failure, new IllegalStateException("interrupted during " + stage));
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
    return loop.states();
  }

  private static Throwable merge(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    if (next != first) {
      first.addSuppressed(next);
    }
    return first;
  }

  /** The shared chunk counter of one call. */
  private static final class Loop<S> {
    final int n;
    final int grain;
    final int chunks;
    final Supplier<? extends S> newState;
    final WorkerBody<? super S> body;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    final AtomicBoolean abort = new AtomicBoolean();
    // Per slot (0 = the calling thread): the state made and whether it was made. Each slot is
    // written by its own thread only and read after the helpers' futures completed.
    final Object[] states;
    final boolean[] made;

    Loop(int n, int grain, int chunks, Supplier<? extends S> newState, WorkerBody<? super S> body, int slots) {
      this.n = n;
      this.grain = grain;
      this.chunks = chunks;
      this.newState = newState;
      this.body = body;
      this.states = new Object[slots];
      this.made = new boolean[slots];
    }

    /** Claims and runs chunks until none is left or the loop stops; reports progress if listener != null. */
    void work(int slot, FitListener listener, String stage, double progressFrom, double progressTo) {
      S state = null;
      try {
        for (int k; !abort.get() && (k = next.getAndIncrement()) < chunks;) {
          if (!made[slot]) {
            state = newState.get();
            states[slot] = state;
            made[slot] = true;
          }
          body.run(k * grain, (int) Math.min((long) (k + 1) * grain, n), state);
          int finished = done.incrementAndGet();
          if (listener != null) {
            listener.progress(stage, progressFrom + (progressTo - progressFrom) * finished / chunks);
          }
        }
      } catch (RuntimeException | Error e) {
        abort.set(true);
        throw e;
      }
    }

    /** The states made (after every worker has finished). */
    @SuppressWarnings("unchecked")
    List<S> states() {
      List<S> out = new ArrayList<>(made.length);
      for (int s = 0; s < made.length; s++) {
        if (made[s]) {
          out.add((S) states[s]);
        }
      }
      return out;
    }
  }

  /** The shared helper threads, started on first use. */
  private static final class Workers {
    private static final AtomicInteger COUNT = new AtomicInteger();
    static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS,
        TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "privrec-worker-" + COUNT.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
