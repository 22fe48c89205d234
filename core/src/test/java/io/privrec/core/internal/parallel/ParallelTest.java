package io.privrec.core.internal.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privrec.core.model.FitListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

  @Test
  void forRange_runsEveryChunkOnceWithFixedBoundsWhateverTheThreadCount() {
    for (int threads : new int[] {1, 2, 5}) {
      int n = 1003;
      AtomicIntegerArray seen = new AtomicIntegerArray(n);
      Set<String> chunks = ConcurrentHashMap.newKeySet();
      Parallel.forRange(n, 10, threads, () -> null, (from, to, none) -> {
        chunks.add(from + "-" + to);
        for (int i = from; i < to; i++) {
          seen.incrementAndGet(i);
        }
      }, "test");
      for (int i = 0; i < n; i++) {
        assertThat(seen.get(i)).as("index %d with %d threads", i, threads).isEqualTo(1);
      }
      assertThat(chunks).hasSize(101).contains("0-10", "990-1000", "1000-1003");
    }
  }

  @Test
  void forRange_usesTheRequestedNumberOfThreadsIncludingTheCaller() throws Exception {
    CyclicBarrier allThree = new CyclicBarrier(3);
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    Parallel.forRange(3, 1, 3, () -> null, (from, to, none) -> {
      threads.add(Thread.currentThread());
      try {
        allThree.await(30, TimeUnit.SECONDS); // passes only if three threads run at once
      } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
        throw new IllegalStateException(e);
      }
    }, "test");
    assertThat(threads).hasSize(3).contains(Thread.currentThread());
    for (Thread t : threads) {
      if (t != Thread.currentThread()) {
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).startsWith("privrec-worker-");
      }
    }
  }

  @Test
  void forRange_returnsOneStatePerThreadThatRanAChunk() {
    AtomicInteger made = new AtomicInteger();
    List<List<Integer>> states = Parallel.forRange(100, 1, 4, () -> {
      made.incrementAndGet();
      return Collections.synchronizedList(new ArrayList<Integer>());
    }, (from, to, mine) -> mine.add(from), "test");
    assertThat(states).hasSize(made.get()).hasSizeBetween(1, 4);
    Set<Integer> all = new HashSet<>();
    for (List<Integer> s : states) {
      all.addAll(s);
    }
    assertThat(all).hasSize(100);
  }

  @Test
  void forRange_withOneThreadRunsOnTheCaller() {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    Parallel.forRange(50, 1, 1, () -> null, (from, to, none) -> threads.add(Thread.currentThread()), "test");
    assertThat(threads).containsExactly(Thread.currentThread());
  }

  @Test
  void forRange_nestedInABodyRunsOnThatBodysThreadOnly() {
    Set<String> mismatches = ConcurrentHashMap.newKeySet();
    Parallel.forRange(8, 1, 4, () -> null, (from, to, none) -> {
      Thread outer = Thread.currentThread();
      Parallel.forRange(40, 1, 4, () -> null, (a, b, inner) -> {
        if (Thread.currentThread() != outer) {
          mismatches.add(Thread.currentThread().getName());
        }
      }, "inner");
    }, "outer");
    assertThat(mismatches).isEmpty();
  }

  @Test
  void forRange_rethrowsTheBodysExceptionUnchangedOnceNoChunkRuns() {
    IllegalArgumentException failure = new IllegalArgumentException("chunk 37 failed");
    AtomicInteger running = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    assertThatThrownBy(() -> Parallel.forRange(1_000_000, 1, 4, () -> null, (from, to, none) -> {
      running.incrementAndGet();
      try {
        ran.incrementAndGet();
        if (from == 37) {
          throw failure;
        }
      } finally {
        running.decrementAndGet();
      }
    }, "test")).isSameAs(failure);
    assertThat(running.get()).isZero();
    assertThat(ran.get()).isLessThan(1_000_000); // the loop stopped early
  }

  @Test
  void forRange_reportsProgressFromTheCallerOnlyEndingAtTo() {
    List<Double> fractions = new ArrayList<>();
    Thread caller = Thread.currentThread();
    Set<Thread> reporters = new HashSet<>();
    FitListener listener = (stage, fraction) -> {
      reporters.add(Thread.currentThread()); // not thread-safe on purpose: only the caller may report
      assertThat(stage).isEqualTo("stage");
      fractions.add(fraction);
    };
    Parallel.forRange(1000, 7, (from, to) -> { }, listener, "stage", 0.25, 0.75);
    assertThat(reporters).containsExactly(caller);
    assertThat(fractions).isSorted().allSatisfy(f -> assertThat(f).isBetween(0.25, 0.75));
    assertThat(fractions.get(fractions.size() - 1)).isEqualTo(0.75);
  }

  @Test
  void forRange_interruptedCallerWaitsForRunningChunksThenThrows() {
    Thread caller = Thread.currentThread();
    CountDownLatch helperStarted = new CountDownLatch(1);
    AtomicBoolean helperFinished = new AtomicBoolean();
    AtomicBoolean callerWaited = new AtomicBoolean();
    assertThatThrownBy(() -> Parallel.forRange(2, 1, 2, () -> null, (from, to, none) -> {
      try {
        if (Thread.currentThread() == caller) {
          helperStarted.await(30, TimeUnit.SECONDS);
          caller.interrupt();
        } else {
          helperStarted.countDown();
          // Finish only once the interrupted caller was seen blocked waiting for this chunk. The
          // observation itself is recorded: a second read of the state could catch the caller
          // between two parks of its wait (a spurious wake-up) and report RUNNABLE.
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          boolean sawWaiting = false;
          while (!sawWaiting && System.nanoTime() < deadline) {
            sawWaiting = caller.getState() == Thread.State.WAITING;
            Thread.onSpinWait();
          }
          callerWaited.set(sawWaiting);
          helperFinished.set(true);
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, "the test")).isInstanceOf(IllegalStateException.class).hasMessage("interrupted during the test");
    assertThat(Thread.interrupted()).isTrue();
    assertThat(helperFinished).isTrue();
    assertThat(callerWaited).as("the interrupted caller waited for the running chunk").isTrue();
  }

  @Test
  void forRange_emptyRangeRunsNothingAndReportsTheEnd() {
    List<Double> fractions = new ArrayList<>();
    List<Object> states = Parallel.forRange(0, 4, 3, Object::new, (from, to, s) -> {
      throw new AssertionError("no chunk");
    }, (stage, f) -> fractions.add(f), "empty", 0, 1);
    assertThat(states).isEmpty();
    assertThat(fractions).containsExactly(1.0);
  }

  @Test
  void forRange_rejectsNegativeSizeZeroGrainOrZeroThreads() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Parallel.forRange(-1, 1, 1, () -> null, (a, b, s) -> { }, "x"))
        .withMessage("parallel loop needs n >= 0, grain >= 1 and threads >= 1; got n = -1, grain = 1, threads = 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Parallel.forRange(1, 0, 1, () -> null, (a, b, s) -> { }, "x"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Parallel.forRange(1, 1, 0, () -> null, (a, b, s) -> { }, "x"));
  }
}
