package io.privrec.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.data.EventKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording threads, background refits, erasures and readers all at once on one home: nothing
 * fails, every acknowledged event of a customer who was not erased is held (in memory and after a
 * reopen), and nothing of an erased customer is.
 */
class HomeConcurrencyTest {
  @TempDir
  Path tmp;

  @Test
  void recordRefitForgetAndServeConcurrently() throws Exception {
    Path dir = tmp.resolve("shop");
    HomeOptions options = HomeCrashChild.options().toBuilder().fallbackMinCustomers(1).build();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
    Set<String> erased = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    Semaphore recordedEvents = new Semaphore(0); // one permit per acknowledged event
    try (RecommenderHome home = RecommenderHome.create(dir, HomeCrashChild.catalogue(), options)) {
      home.recordAll(List.of(RecommenderHome.Event.of("seed", "sku-1", EventKind.PURCHASE, Instant.ofEpochSecond(1))));
      home.refit("item-knn", Map.of(), null);
      List<Thread> threads = new ArrayList<>();
      CountDownLatch recorded = new CountDownLatch(4);
      for (int w = 0; w < 4; w++) {
        int writer = w;
        threads.add(new Thread(() -> {
          Random r = new Random(writer);
          try {
            for (int j = 0; j < 400; j++) {
              String customer = "w" + writer + "-c" + r.nextInt(25);
              if (erased.contains(customer)) {
                continue;
              }
              RecommenderHome.Recorded rec = home.record(customer, "sku-" + r.nextInt(HomeCrashChild.ITEMS),
                  EventKind.PURCHASE, Instant.ofEpochSecond(1_600_000_000L + j));
              if (rec.stored() == 1) {
                acknowledged.computeIfAbsent(customer, k -> new AtomicLong()).incrementAndGet();
                recordedEvents.release();
              }
            }
          } catch (Throwable t) {
            failures.add(t);
          } finally {
            recorded.countDown();
          }
        }));
      }
      threads.add(new Thread(() -> {
        try {
          for (int j = 0; j < 4 && !stop.get(); j++) {
            home.refitInBackground(j % 2 == 0 ? "ease" : "item-knn", Map.of(), null).join();
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
      threads.add(new Thread(() -> {
        Random r = new Random(99);
        try {
          while (recorded.getCount() > 0) {
            home.recommend("w" + r.nextInt(4) + "-c" + r.nextInt(25), 5);
            home.recommendForSession(List.of("sku-" + r.nextInt(HomeCrashChild.ITEMS)), 5);
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
      threads.forEach(Thread::start);
      // Erase a few customers while all of that runs (one after every 200 recorded events); their
      // later events are refused.
      Random r = new Random(5);
      for (int j = 0; j < 6; j++) {
        assertThat(recordedEvents.tryAcquire(200, 60, TimeUnit.SECONDS)).as("writers stalled").isTrue();
        String victim = "w" + r.nextInt(4) + "-c" + r.nextInt(25);
        if (acknowledged.containsKey(victim) && erased.add(victim)) {
          home.forget(List.of(victim));
        }
      }
      recorded.await();
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failures).isEmpty();
      assertThat(erased).isNotEmpty();
      long expected = 1 + acknowledged.entrySet().stream().filter(e -> !erased.contains(e.getKey()))
          .mapToLong(e -> e.getValue().get()).sum();
      assertThat(home.status().events()).isEqualTo(expected);
      for (String victim : erased) {
        assertThat(home.export(victim)).doesNotContain("\"item\"");
      }
    }
    try (RecommenderHome home = RecommenderHome.open(dir, options)) {
      long expected = 1 + acknowledged.entrySet().stream().filter(e -> !erased.contains(e.getKey()))
          .mapToLong(e -> e.getValue().get()).sum();
      assertThat(home.status().events()).isEqualTo(expected);
    }
  }

  /**
   * Events accepted before an erasure but still queued for the group commit when it ran are not
   * written afterwards, not even once she is registered again: the caller is told they were
   * refused, and nothing of hers is held.
   */
  @Test
  void eventsQueuedBeforeAnErasureAreNotWrittenAfterIt() throws Exception {
    try (RecommenderHome home = RecommenderHome.create(tmp.resolve("shop"), HomeCrashChild.catalogue(),
        HomeCrashChild.options())) {
      home.record("seed", "sku-1", EventKind.PURCHASE, Instant.ofEpochSecond(1));
      int refusedAfterAcceptance = 0;
      for (int round = 0; round < 200; round++) {
        String victim = "v" + round;
        home.record(victim, "sku-0", EventKind.PURCHASE, Instant.ofEpochSecond(2));
        List<java.util.concurrent.CompletableFuture<RecommenderHome.Recorded>> queued = new ArrayList<>();
        for (int j = 0; j < 20; j++) {
          queued.add(home.recordAsync(List.of(RecommenderHome.Event.of(victim, "sku-" + (j % HomeCrashChild.ITEMS),
              EventKind.PURCHASE, Instant.ofEpochSecond(3 + j)))));
        }
        home.forget(List.of(victim));
        if (round % 2 == 1) {
          home.registerAgain(victim); // a new customer: her old events stay gone
        }
        for (var f : queued) {
          RecommenderHome.Recorded r = f.join();
          assertThat(r.stored() + r.refusedErased()).isEqualTo(1);
          refusedAfterAcceptance += r.refusedErased();
        }
        assertThat(home.export(victim)).as(victim).doesNotContain("\"item\"");
        assertThat(home.status().events()).as("events held after erasing " + victim).isEqualTo(1);
      }
      // All 4,000 queued events were accepted before their erasure (none was refused up front), so
      // the ones written after it would have been held without the committer's check.
      assertThat(refusedAfterAcceptance).as("events refused at commit").isPositive();
    }
  }
}
