package io.privrec.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privrec.core.data.EventKind;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.privacy.Purpose;
import io.privrec.core.privacy.Regime;
import io.privrec.core.store.SyntheticStore;
import io.privrec.dp.budget.PrivacyBudgetExceededException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommenderHomeTest {
  private static final SyntheticStore STORE = SyntheticStore.builder().seed(7).customers(600).garments(150)
      .events(12_000).build();
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir
  Path tmp;

  private static HomeOptions optOut(String algorithm) {
    return HomeOptions.builder().regime(Regime.OPT_OUT).algorithm(algorithm, Map.of())
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).fallbackMinCustomers(2).build();
  }

  private RecommenderHome create(Path dir, HomeOptions options) {
    RecommenderHome home = RecommenderHome.create(dir, STORE.catalogue(), options);
    home.ingest(STORE.interactions());
    return home;
  }

  private static List<String> someCustomers(int n) {
    InteractionMatrix data = STORE.interactions();
    List<String> ids = new ArrayList<>();
    for (int u = 0; u < data.numUsers() && ids.size() < n; u++) {
      if (data.rowLength(u) >= 3) {
        ids.add(data.users().id(u));
      }
    }
    return ids;
  }

  private static Map<String, List<ScoredItem>> recommendations(RecommenderHome home, List<String> customers) {
    Map<String, List<ScoredItem>> result = new LinkedHashMap<>();
    for (String c : customers) {
      result.put(c, home.recommend(c, 10));
    }
    return result;
  }

  @Test
  void restartRestoresRecommendationsBitForBitIncludingEventsRecordedAfterTheRefit() {
    Path dir = tmp.resolve("shop");
    List<String> customers = someCustomers(40);
    for (String algorithm : List.of("item-knn", "ease", "popularity")) {
      Path d = dir.resolve(algorithm);
      Map<String, List<ScoredItem>> before;
      try (RecommenderHome home = create(d, optOut(algorithm))) {
        home.refit();
        String item = STORE.catalogue().items().id(3);
        home.record(customers.get(0), item, EventKind.PURCHASE, T0);
        home.record("brand-new-customer", item, EventKind.VIEW, T0);
        home.forget(List.of(customers.get(1)));
        List<String> asked = new ArrayList<>(customers);
        asked.remove(1);
        asked.add("brand-new-customer");
        before = recommendations(home, asked);
      }
      try (RecommenderHome home = RecommenderHome.open(d, optOut(algorithm))) {
        assertThat(recommendations(home, new ArrayList<>(before.keySet()))).as(algorithm).isEqualTo(before);
      }
    }
  }

  @Test
  void aRecordedEventIsUsedByTheNextRecommendationBeforeAnyRefit() {
    try (RecommenderHome home = create(tmp.resolve("shop"), optOut("item-knn"))) {
      home.refit();
      String customer = someCustomers(1).get(0);
      List<ScoredItem> before = home.recommend(customer, 5);
      String top = before.get(0).itemId();
      home.record(customer, top, EventKind.PURCHASE, T0);
      List<ScoredItem> after = home.recommend(customer, 5);
      assertThat(after).extracting(ScoredItem::itemId).doesNotContain(top); // now seen
      assertThat(home.status().events()).isEqualTo(STORE.interactions().numInteractions() + 1L);
    }
  }

  @Test
  void eventsOfCustomersWithoutConsentOrErasedAreRefusedAndCounted() {
    HomeOptions optIn = HomeOptions.builder().algorithm("popularity", Map.of()).fallbackMinCustomers(1)
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    try (RecommenderHome home = RecommenderHome.create(tmp.resolve("shop"), STORE.catalogue(), optIn)) {
      String item = STORE.catalogue().items().id(0);
      assertThat(home.record("anna", item, EventKind.VIEW, T0)).isEqualTo(new RecommenderHome.Recorded(0, 1, 0));
      home.consent().grant("anna", Purpose.PERSONALISATION, "web");
      assertThat(home.record("anna", item, EventKind.VIEW, T0)).isEqualTo(new RecommenderHome.Recorded(1, 0, 0));
      home.forget(List.of("anna"));
      assertThat(home.record("anna", item, EventKind.VIEW, T0)).isEqualTo(new RecommenderHome.Recorded(0, 0, 1));
      InteractionMatrix reimport = InteractionMatrix.builder(io.privrec.core.data.DuplicatePolicy.SUM)
          .add("anna", item, 1f, T0.getEpochSecond()).build();
      assertThat(home.ingest(reimport).refusedErased()).isEqualTo(1);
      home.registerAgain("anna");
      home.consent().grant("anna", Purpose.PERSONALISATION, "web");
      assertThat(home.record("anna", item, EventKind.VIEW, T0).stored()).isEqualTo(1);
      assertThat(home.status().refusedErased()).isEqualTo(2);
      assertThat(home.status().refusedNoConsent()).isEqualTo(1);
    }
  }

  @Test
  void anErasedCustomerLeavesNoTraceInAnyFileAndStaysErasedAfterARestart() throws IOException {
    Path dir = tmp.resolve("shop");
    String victim = someCustomers(1).get(0);
    try (RecommenderHome home = create(dir, optOut("item-knn"))) {
      home.refit();
      assertThat(home.setAttributes(victim, Map.of("region", "north-west", "age-band", "30-39"))).isTrue();
      assertThat(home.export(victim)).contains("north-west");
      home.forget(List.of(victim));
      assertThat(home.attributes(victim)).isEmpty();
      assertThatThrownBy(() -> home.forget(List.of(victim))).isInstanceOf(IllegalStateException.class)
          .hasMessageNotContaining(victim);
    }
    byte[] id = victim.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(indexOf(Files.readAllBytes(f), id)).as(f.toString()).isEqualTo(-1);
      }
    }
    try (RecommenderHome home = RecommenderHome.open(dir, optOut("item-knn"))) {
      assertThat(home.record(victim, STORE.catalogue().items().id(0), EventKind.VIEW, T0).refusedErased()).isEqualTo(1);
      assertThat(home.export(victim)).doesNotContain("\"item\"").doesNotContain("north-west");
      assertThat(home.setAttributes(victim, Map.of("region", "south"))).isFalse();
    }
  }

  @Test
  void anErasureLeavesTheFilesOnceAwaitedWithoutAClose() throws IOException {
    Path dir = tmp.resolve("shop");
    String victim = someCustomers(1).get(0);
    try (RecommenderHome home = create(dir, optOut("popularity"))) {
      home.forget(List.of(victim));
      home.awaitErasures();
      byte[] id = victim.getBytes(StandardCharsets.UTF_8);
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.endsWith("lock")).toList()) {
          assertThat(indexOf(Files.readAllBytes(f), id)).as(f.toString()).isEqualTo(-1);
        }
      }
    }
  }

  @Test
  void aBackupRestoredWithTheNewerTombstonesCompletesLaterErasures() throws IOException {
    Path dir = tmp.resolve("shop");
    Path backup = tmp.resolve("backup");
    String victim = someCustomers(1).get(0);
    try (RecommenderHome home = create(dir, optOut("item-knn"))) {
      home.refit();
      home.setAttributes(victim, Map.of("region", "north"));
    }
    copyTree(dir, backup);
    try (RecommenderHome home = RecommenderHome.open(dir, optOut("item-knn"))) {
      home.forget(List.of(victim));
    }
    Path newerTombstones = tmp.resolve("erased.log");
    Files.copy(dir.resolve("erased.log"), newerTombstones);
    deleteTree(dir);
    copyTree(backup, dir); // the restore ...
    Files.copy(newerTombstones, dir.resolve("erased.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (RecommenderHome home = RecommenderHome.open(dir, optOut("item-knn"))) { // ... completes the erasure
      assertThat(home.export(victim)).doesNotContain("\"item\"").doesNotContain("north");
      assertThat(home.record(victim, STORE.catalogue().items().id(0), EventKind.VIEW, T0).refusedErased()).isEqualTo(1);
    }
    byte[] id = victim.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(indexOf(Files.readAllBytes(f), id)).as(f.toString()).isEqualTo(-1);
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else if (!f.getFileName().toString().equals("lock")) {
          Files.copy(f, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  @Test
  void attributesSurviveARestartAndAreReplacedOrDeleted() {
    Path dir = tmp.resolve("shop");
    String c = someCustomers(1).get(0);
    try (RecommenderHome home = create(dir, optOut("popularity"))) {
      home.setAttributes(c, Map.of("region", "north"));
      home.setAttributes(c, Map.of("region", "south", "age-band", "40-49"));
      home.setAttributes("other", Map.of("region", "east"));
      home.setAttributes("other", Map.of());
    }
    try (RecommenderHome home = RecommenderHome.open(dir, optOut("popularity"))) {
      assertThat(home.attributes(c)).isEqualTo(Map.of("region", "south", "age-band", "40-49"));
      assertThat(home.attributes("other")).isEmpty();
      assertThatThrownBy(() -> home.setAttributes(c, Map.of("region", "a\nb")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("a\nb");
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void theLedgerSurvivesARestartAndRefusesAnOverBudgetRefitBeforeComputingAnything() {
    Path dir = tmp.resolve("shop");
    HomeOptions options = HomeOptions.builder().regime(Regime.OPT_OUT).algorithm("popularity", Map.of())
        .privacy(1.0, 1e-6).budget(2.0, 1e-5).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    try (RecommenderHome home = create(dir, options)) {
      home.refit();
      home.refit();
      assertThat(home.budget().charges()).isGreaterThanOrEqualTo(2);
    }
    try (RecommenderHome home = RecommenderHome.open(dir, options)) {
      String version = home.model().orElseThrow().id();
      int charges = home.budget().charges();
      assertThatThrownBy(home::refit).isInstanceOf(PrivacyBudgetExceededException.class);
      assertThat(home.budget().charges()).isEqualTo(charges);
      assertThat(home.model().orElseThrow().id()).isEqualTo(version);
      assertThat(home.budget().cumulative().orElseThrow().epsilon()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    }
    HomeOptions bigger = options.toBuilder().budget(5.0, 1e-5).build();
    try (RecommenderHome home = RecommenderHome.open(dir, bigger)) {
      assertThatThrownBy(home::refit).isInstanceOf(IllegalStateException.class).hasMessageContaining("fixed");
    }
  }

  @Test
  void aPrivateRefitWithBadParametersFixesNoBudget() {
    HomeOptions options = HomeOptions.builder().regime(Regime.OPT_OUT).privacy(1.0, 1e-6).budget(2.0, 1e-5)
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    try (RecommenderHome home = create(tmp.resolve("shop"), options)) {
      assertThatThrownBy(() -> home.refit("popularity", Map.of(), io.privrec.dp.budget.PrivacyBudget.of(1.0, 0)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delta");
      assertThatThrownBy(() -> home.refit("item-knn", Map.of("no-such-parameter", "1"),
          io.privrec.dp.budget.PrivacyBudget.of(1.0, 1e-6))).isInstanceOf(IllegalArgumentException.class);
      assertThat(home.budget().total()).isEmpty();
      assertThat(home.budget().charges()).isZero();
    }
  }

  @Test
  void liveProfilesFollowEveryRecordedEventExactlyAsARebuildWould() {
    Path dir = tmp.resolve("shop");
    List<String> customers = someCustomers(30);
    java.util.Random random = new java.util.Random(3);
    Map<String, List<ScoredItem>> before;
    try (RecommenderHome home = create(dir, optOut("item-knn"))) {
      home.refit();
      for (int round = 0; round < 50; round++) {
        List<RecommenderHome.Event> events = new ArrayList<>();
        for (int j = 0; j < 1 + random.nextInt(6); j++) {
          EventKind kind = EventKind.values()[random.nextInt(4)]; // VIEW, CART, PURCHASE, RETURN
          events.add(RecommenderHome.Event.of(customers.get(random.nextInt(customers.size())),
              STORE.catalogue().items().id(random.nextInt(20)), kind, T0));
        }
        home.recordAll(events);
      }
      home.forget(List.of(customers.get(0))); // renumbers the store: live rows are rebuilt afterwards
      home.record(customers.get(1), STORE.catalogue().items().id(2), EventKind.PURCHASE, T0);
      before = recommendations(home, customers.subList(1, customers.size()));
    }
    try (RecommenderHome home = RecommenderHome.open(dir, optOut("item-knn"))) {
      assertThat(recommendations(home, customers.subList(1, customers.size()))).isEqualTo(before);
    }
  }

  @Test
  void asynchronousRecordsCompleteInOrderOnceDurableAndFailOnceClosed() throws Exception {
    Path dir = tmp.resolve("shop");
    RecommenderHome home = RecommenderHome.create(dir, STORE.catalogue(), optOut("popularity"));
    List<java.util.concurrent.CompletableFuture<RecommenderHome.Recorded>> futures = new ArrayList<>();
    for (int j = 0; j < 2_000; j++) {
      futures.add(home.recordAsync(List.of(RecommenderHome.Event.of("c" + (j % 97),
          STORE.catalogue().items().id(j % 50), EventKind.VIEW, T0.plusSeconds(j)))));
    }
    assertThat(futures.get(futures.size() - 1).get().stored()).isEqualTo(1);
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(home.status().events()).isEqualTo(2_000);
    home.close();
    assertThatThrownBy(() -> home.recordAsync(List.of(RecommenderHome.Event.of("c1", "x", EventKind.VIEW, T0))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    try (RecommenderHome reopened = RecommenderHome.open(dir, optOut("popularity"))) {
      assertThat(reopened.status().events()).isEqualTo(2_000);
    }
  }

  @Test
  void perPeriodBudgetsStartAfreshEachPeriodAndTheStatementAddsThemUp() {
    Path dir = tmp.resolve("shop");
    MutableClock clock = new MutableClock(T0);
    HomeOptions options = HomeOptions.builder().regime(Regime.OPT_OUT).algorithm("popularity", Map.of())
        .privacy(1.0, 1e-6).budget(1.0, 1e-6).budgetPeriod(Period.ofMonths(3)).clock(clock).build();
    try (RecommenderHome home = create(dir, options)) {
      home.refit();
      assertThatThrownBy(home::refit).isInstanceOf(PrivacyBudgetExceededException.class);
      clock.now = T0.plus(java.time.Duration.ofDays(100));
      home.refit();
      RecommenderHome.BudgetStatement s = home.budget();
      assertThat(s.spentPerPeriod()).hasSize(2);
      assertThat(s.cumulative().orElseThrow().epsilon()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(s.cumulative().orElseThrow().periods()).isEqualTo(2);
    }
  }

  @Test
  void aSecondOpenOfTheSameHomeFailsClearly() {
    Path dir = tmp.resolve("shop");
    try (RecommenderHome home = create(dir, optOut("popularity"))) {
      assertThat(home.directory()).isEqualTo(dir);
      assertThatThrownBy(() -> RecommenderHome.open(dir, optOut("popularity")))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
    }
    RecommenderHome.open(dir, optOut("popularity")).close(); // released on close
  }

  @Test
  void theHomeIsPrivateToItsOwner() throws IOException {
    Path dir = tmp.resolve("shop");
    try (RecommenderHome home = create(dir, optOut("popularity"))) {
      home.refit();
    }
    assertThat(Files.getPosixFilePermissions(dir)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.getPosixFilePermissions(f)).as(f.toString())
            .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
      }
    }
  }

  @Test
  void aTornLastRecordIsKeptAsideAndReported() throws IOException {
    Path dir = tmp.resolve("shop");
    try (RecommenderHome home = create(dir, optOut("popularity"))) {
      home.record("zoe", STORE.catalogue().items().id(1), EventKind.VIEW, T0);
    }
    Path log = dir.resolve("events.log");
    long size = Files.size(log);
    // A crash mid-append: a valid record header whose payload only partly reached the disk.
    java.nio.ByteBuffer torn = java.nio.ByteBuffer.allocate(17).putInt(40).putInt(12345);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(torn.array(), 0, 8);
    torn.putInt((int) crc.getValue()).put(new byte[] {1, 2, 3, 4, 5});
    Files.write(log, torn.array(), java.nio.file.StandardOpenOption.APPEND);
    try (RecommenderHome home = RecommenderHome.open(dir, optOut("popularity"))) {
      assertThat(home.export("zoe")).contains("\"item\"");
    }
    assertThat(Files.size(log)).isEqualTo(size);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("events.log.torn-"));
    }
    try (RecommenderHome home = RecommenderHome.open(dir, optOut("popularity"))) {
      home.forget(List.of("zoe")); // a kept tail might hold an erased customer's data: it goes too
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".torn-"));
    }
  }

  @Test
  void aCompactedLogWhoseSnapshotWentMissingIsRefused() throws IOException {
    Path dir = tmp.resolve("shop");
    try (RecommenderHome home = create(dir, optOut("popularity"))) {
      home.forget(List.of(someCustomers(1).get(0))); // compacts
    }
    Files.delete(dir.resolve("events.snapshot"));
    assertThatThrownBy(() -> RecommenderHome.open(dir, optOut("popularity")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
  }

  @Test
  void refitInTheBackgroundKeepsServingTheOldVersionUntilTheNewOneIsLive() throws Exception {
    try (RecommenderHome home = create(tmp.resolve("shop"), optOut("item-knn"))) {
      String first = home.refit().id();
      var future = home.refitInBackground("ease", Map.of(), null);
      String customer = someCustomers(1).get(0);
      while (!future.isDone()) {
        assertThat(home.recommend(customer, 5)).hasSize(5);
        assertThat(home.model().orElseThrow().id()).isIn(first, "v000002");
      }
      assertThat(future.get().id()).isEqualTo("v000002");
      assertThat(home.model().orElseThrow().algorithm()).isEqualTo("ease");
    }
  }

  @Test
  void creatingOverAnExistingHomeOrOpeningANonHomeFails() {
    Path dir = tmp.resolve("shop");
    create(dir, optOut("popularity")).close();
    assertThatThrownBy(() -> RecommenderHome.create(dir, STORE.catalogue(), optOut("popularity")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not empty");
    assertThatThrownBy(() -> RecommenderHome.open(tmp.resolve("nothing"), optOut("popularity")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no recommender home");
    assertThatThrownBy(() -> RecommenderHome.open(dir, HomeOptions.defaults()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("OPT_OUT");
  }

  @Test
  void aPrivateModelServesEveryCustomerFromTheReleaseAfterARestart() {
    Path dir = tmp.resolve("shop");
    HomeOptions options = HomeOptions.builder().regime(Regime.OPT_OUT).algorithm("item-knn", Map.of())
        .privacy(1.0, 1e-6).budget(3.0, 1e-5).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    List<String> customers = someCustomers(20);
    Map<String, List<ScoredItem>> before;
    try (RecommenderHome home = create(dir, options)) {
      assertThat(home.refit().differentiallyPrivate()).isTrue();
      before = recommendations(home, customers);
    }
    try (RecommenderHome home = RecommenderHome.open(dir, options)) {
      assertThat(recommendations(home, customers)).isEqualTo(before);
      assertThat(home.privacyReport().orElseThrow().differentiallyPrivate()).isTrue();
    }
  }

  @Test
  void aNewHomeWithoutEventsCanBeFittedAndServesNothingPersonal() {
    for (String algorithm : List.of("popularity", "item-knn", "ease", "ials")) {
      try (RecommenderHome home = RecommenderHome.create(tmp.resolve(algorithm), STORE.catalogue(), optOut(algorithm))) {
        home.refit();
        assertThat(home.recommend("nobody", 5)).as(algorithm).isEmpty();
      }
    }
  }

  @Test
  void noUsableRecommendationBeforeTheFirstRefit() {
    try (RecommenderHome home = create(tmp.resolve("shop"), optOut("popularity"))) {
      assertThatThrownBy(() -> home.recommend("x", 3)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("refit");
    }
  }

  @Test
  void closedHomeRefusesWork() {
    RecommenderHome home = create(tmp.resolve("shop"), optOut("popularity"));
    home.close();
    home.close();
    assertThatThrownBy(() -> home.record("a", "b", EventKind.VIEW, T0)).isInstanceOf(IllegalStateException.class);
  }

  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
