package io.privrec.core.internal.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreTest {
  @TempDir
  Path dir;

  private static List<EventStore.Event> events(String customer, int n, long from) {
    List<EventStore.Event> events = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      events.add(new EventStore.Event(customer, "sku-" + (j % 7), 1f + j, from + j));
    }
    return events;
  }

  private static boolean anyFileHolds(Path dir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] b = Files.readAllBytes(f);
        outer:
        for (int i = 0; i + needle.length <= b.length; i++) {
          for (int j = 0; j < needle.length; j++) {
            if (b[i + j] != needle[j]) {
              continue outer;
            }
          }
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void aCompactionWrittenWhileEventsArriveKeepsThemAndDropsTheErased() throws IOException {
    try (EventStore store = EventStore.open(dir)) {
      store.append(events("anna", 5, 100));
      store.append(events("erased-bob", 4, 200));
      store.append(events("carla", 3, 300));
      store.remove(List.of("erased-bob"));
      EventStore.Compaction c = store.beginCompaction();
      Path written = store.writeCompaction(c);
      // Phase 2 runs without the owner's lock: events keep arriving.
      store.append(events("dora", 2, 400));
      store.append(events("anna", 1, 500));
      store.finishCompaction(c, written);
      assertThat(store.size()).isEqualTo(5 + 3 + 2 + 1);
      store.append(events("eve", 1, 600)); // the rewritten log takes appends
    }
    assertThat(anyFileHolds(dir, "erased-bob")).isFalse();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
    }
    try (EventStore store = EventStore.open(dir)) {
      assertThat(store.size()).isEqualTo(12);
      assertThat(store.holds("erased-bob")).isFalse();
      assertThat(store.profile("anna").items()).hasSize(5);
      assertThat(store.eventsOf("dora")).hasSize(2);
      assertThat(store.nextSequence()).isEqualTo(17); // 16 events ever appended: sequences are never reused
    }
  }

  @Test
  void aCrashBetweenTheSnapshotAndTheLogRewriteIsDetectedOnOpen() throws IOException {
    Path log = dir.resolve(EventStore.LOG);
    Path keep = dir.resolve("log-before");
    try (EventStore store = EventStore.open(dir)) {
      store.append(events("anna", 5, 100));
      store.append(events("erased-bob", 4, 200));
      Files.copy(log, keep); // the log as it was before the compaction
      store.remove(List.of("erased-bob"));
      EventStore.Compaction c = store.beginCompaction();
      store.finishCompaction(c, store.writeCompaction(c));
    }
    Files.copy(keep, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // as if the crash hit before the log's rewrite
    Files.delete(keep);
    try (EventStore store = EventStore.open(dir)) {
      assertThat(store.holds("erased-bob")).isFalse();
      assertThat(store.staleLog()).isTrue();
      store.compact();
      assertThat(store.staleLog()).isFalse();
    }
    assertThat(anyFileHolds(dir, "erased-bob")).isFalse();
  }

  @Test
  void aCompactionWithoutNewEventsEmptiesTheLog() throws IOException {
    try (EventStore store = EventStore.open(dir)) {
      store.append(events("anna", 5, 100));
      store.append(events("erased-bob", 4, 200));
      store.remove(List.of("erased-bob"));
      EventStore.Compaction c = store.beginCompaction();
      store.finishCompaction(c, store.writeCompaction(c));
      assertThat(store.logBytes()).isLessThan(64); // just the header
    }
    assertThat(anyFileHolds(dir, "erased-bob")).isFalse();
    try (EventStore store = EventStore.open(dir)) {
      assertThat(store.size()).isEqualTo(5);
    }
  }

  @Test
  void extendingALiveProfileEqualsRecomputingIt() throws IOException {
    try (EventStore store = EventStore.open(dir)) {
      store.append(events("anna", 6, 100));
      EventStore.Profile before = store.profile("anna");
      List<EventStore.Event> more = List.of(new EventStore.Event("anna", "sku-1", -3f, 200),
          new EventStore.Event("anna", "new-item", 2f, 201), new EventStore.Event("anna", "sku-1", 0.5f, 202));
      store.append(more);
      EventStore.Profile extended = store.extend("anna", before, more);
      EventStore.Profile full = store.profile("anna");
      assertThat(extended.items()).containsExactly(full.items());
      assertThat(extended.weights()).containsExactly(full.weights());
    }
  }
}
