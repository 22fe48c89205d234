package io.privrec.core.privacy.internal;

import static io.privrec.core.privacy.PrivacyTesting.NOW;
import static io.privrec.core.privacy.PrivacyTesting.durable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.privrec.core.internal.storage.DirectoryLock;
import io.privrec.core.internal.storage.DurableFiles;
import io.privrec.core.internal.storage.FramedLog;
import io.privrec.core.privacy.ConsentEvent;
import io.privrec.core.privacy.ConsentRegister;
import io.privrec.core.privacy.ErasureProof;
import io.privrec.core.privacy.PrivacyTesting;
import io.privrec.core.privacy.Purpose;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurableConsentRegisterTest {
  @TempDir
  Path tmp;

  private Path log(Path dir) {
    return dir.resolve(DefaultConsentRegister.LOG);
  }

  private Path snapshot(Path dir) {
    return dir.resolve(DefaultConsentRegister.SNAPSHOT);
  }

  private FramedLog openLog(Path dir) throws IOException {
    return FramedLog.open(log(dir), DefaultConsentRegister.LOG_MAGIC, DefaultConsentRegister.LOG_DESCRIPTION,
        (payload, offset) -> { });
  }

  private static ConsentRegister durableCompactingAfter(Path dir, int changes) {
    return ConsentRegister.builder().pseudonymizer(PrivacyTesting.pseudonymizer()).clock(PrivacyTesting.clock())
        .storage(dir).compactAfter(changes).build();
  }

  /** Records change {@code s} of the standard plan. */
  private static ConsentEvent recordPlanned(ConsentRegister r, long s) {
    ConsentEvent e = ConsentWriterProcess.planned(s);
    return r.record(e.customerId(), e.purpose(), e.status(), e.at(), e.source());
  }

  private static List<ConsentEvent> allEvents(ConsentRegister r, int customers) {
    List<ConsentEvent> all = new ArrayList<>();
    for (int c = 0; c < customers; c++) {
      all.addAll(r.history("customer-" + c));
    }
    all.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
    return all;
  }

  private static List<ConsentEvent> plannedUpTo(long last) {
    List<ConsentEvent> expected = new ArrayList<>();
    for (long s = 1; s <= last; s++) {
      expected.add(ConsentWriterProcess.planned(s));
    }
    return expected;
  }

  @Test
  void reopen_afterChangesAndCompaction_restoresEverything() {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      for (long s = 1; s <= 5; s++) {
        recordPlanned(r, s);
      }
      r.compact();
      for (long s = 6; s <= 9; s++) {
        recordPlanned(r, s);
      }
    }
    try (ConsentRegister r = durable(dir)) {
      assertThat(r.lastSequence()).isEqualTo(9);
      assertThat(allEvents(r, 37)).containsExactlyElementsOf(plannedUpTo(9));
      assertThat(r.isAllowed("customer-8", ConsentWriterProcess.planned(8).purpose())).isTrue();
      recordPlanned(r, 10);
    }
    try (ConsentRegister r = durable(dir)) {
      assertThat(allEvents(r, 37)).containsExactlyElementsOf(plannedUpTo(10));
    }
  }

  @Test
  void autoCompaction_afterThreshold_emptiesLog() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durableCompactingAfter(dir, 3)) {
      for (long s = 1; s <= 7; s++) {
        recordPlanned(r, s);
      }
      assertThat(Files.size(snapshot(dir))).isPositive();
      // 7 changes, compaction after the 3rd and 6th: one record left.
      assertThat(Files.size(log(dir))).isGreaterThan(FramedLog.FILE_HEADER + FramedLog.RECORD_HEADER);
    }
    try (ConsentRegister r = durable(dir)) {
      assertThat(allEvents(r, 37)).containsExactlyElementsOf(plannedUpTo(7));
    }
  }

  @Test
  void tornFinalRecord_atEveryByteOffset_keepsEarlierChangesAndDropsTornOne() throws IOException {
    Path dir = tmp.resolve("reg");
    long beforeLast;
    long afterLast;
    try (ConsentRegister r = durable(dir)) {
      recordPlanned(r, 1);
      recordPlanned(r, 2);
      r.compact();
      recordPlanned(r, 3);
      recordPlanned(r, 4);
      beforeLast = Files.size(log(dir));
      recordPlanned(r, 5);
      afterLast = Files.size(log(dir));
    }
    assertThat(afterLast - beforeLast).isGreaterThan(FramedLog.RECORD_HEADER);
    for (long cut = beforeLast; cut < afterLast; cut++) {
      Path copy = tmp.resolve("cut-" + cut);
      copyDirectory(dir, copy);
      try (FileChannel ch = FileChannel.open(log(copy), StandardOpenOption.WRITE)) {
        ch.truncate(cut);
      }
      try (ConsentRegister r = durable(copy)) {
        assertThat(r.lastSequence()).as("cut at %d", cut).isEqualTo(4);
        assertThat(allEvents(r, 37)).as("cut at %d", cut).containsExactlyElementsOf(plannedUpTo(4));
        // The torn tail was cut off: a new change lands on a clean end and survives.
        recordPlanned(r, 5);
      }
      assertThat(Files.size(log(copy))).isEqualTo(afterLast);
      try (ConsentRegister r = durable(copy)) {
        assertThat(allEvents(r, 37)).as("cut at %d", cut).containsExactlyElementsOf(plannedUpTo(5));
      }
    }
  }

  @Test
  void zeroFilledTail_afterLastRecord_isIgnored() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      recordPlanned(r, 1);
      recordPlanned(r, 2);
    }
    long size = Files.size(log(dir));
    Files.write(log(dir), new byte[100], StandardOpenOption.APPEND);
    try (ConsentRegister r = durable(dir)) {
      assertThat(allEvents(r, 37)).containsExactlyElementsOf(plannedUpTo(2));
    }
    assertThat(Files.size(log(dir))).isEqualTo(size);
  }

  @Test
  void corruptPayload_inMiddleRecord_failsNamingTheLog() throws IOException {
    Path dir = tmp.resolve("reg");
    long secondRecord = writeThreeRecords(dir);
    flipByte(log(dir), secondRecord + FramedLog.RECORD_HEADER + 5);

    assertThatIllegalStateException().isThrownBy(() -> durable(dir))
        .withMessageContaining(log(dir).toString())
        .withMessageContaining("corrupt at offset " + secondRecord)
        .withMessageContaining("checksum mismatch");
  }

  @Test
  void corruptLength_inMiddleRecord_failsNamingTheLog() throws IOException {
    Path dir = tmp.resolve("reg");
    long secondRecord = writeThreeRecords(dir);
    // A length pointing past the end of the file must not pass for a torn tail.
    flipByte(log(dir), secondRecord);

    assertThatIllegalStateException().isThrownBy(() -> durable(dir))
        .withMessageContaining(log(dir).toString())
        .withMessageContaining("damaged record header");
  }

  @Test
  void corruptPayload_inFinalRecord_isTreatedAsTorn() throws IOException {
    Path dir = tmp.resolve("reg");
    writeThreeRecords(dir);
    flipByte(log(dir), Files.size(log(dir)) - 3);

    try (ConsentRegister r = durable(dir)) {
      assertThat(allEvents(r, 37)).containsExactlyElementsOf(plannedUpTo(2));
    }
  }

  @Test
  void badFileHeader_failsNamingTheLog() throws IOException {
    Path dir = tmp.resolve("reg");
    writeThreeRecords(dir);
    flipByte(log(dir), 1);

    assertThatIllegalStateException().isThrownBy(() -> durable(dir))
        .withMessageContaining(log(dir).toString())
        .withMessageContaining("not a consent change log");
  }

  /** Writes planned changes 1-3; returns the offset of the second record. */
  private long writeThreeRecords(Path dir) throws IOException {
    long second;
    try (ConsentRegister r = durable(dir)) {
      recordPlanned(r, 1);
      second = Files.size(log(dir));
      recordPlanned(r, 2);
      recordPlanned(r, 3);
    }
    return second;
  }

  @Test
  void corruptSnapshot_anyFlippedByte_failsNamingTheSnapshot() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      for (long s = 1; s <= 4; s++) {
        recordPlanned(r, s);
      }
      r.compact();
    }
    long size = Files.size(snapshot(dir));
    for (long at : new long[] {0, 9, size / 2, size - 1}) {
      Path copy = tmp.resolve("flip-" + at);
      copyDirectory(dir, copy);
      flipByte(snapshot(copy), at);
      assertThatIllegalStateException().as("flipped byte %d", at).isThrownBy(() -> durable(copy))
          .withMessageContaining("consent snapshot " + snapshot(copy))
          .withMessageContaining("corrupt");
    }
  }

  @Test
  void truncatedSnapshot_failsNamingTheSnapshot() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      recordPlanned(r, 1);
      r.compact();
    }
    try (FileChannel ch = FileChannel.open(snapshot(dir), StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 2);
    }
    assertThatIllegalStateException().isThrownBy(() -> durable(dir))
        .withMessageContaining("consent snapshot " + snapshot(dir) + " is corrupt: truncated");
  }

  @Test
  void staleLogRecords_afterCrashBetweenSnapshotAndTruncation_areSkipped() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      for (long s = 1; s <= 3; s++) {
        recordPlanned(r, s);
      }
    }
    byte[] oldLog = Files.readAllBytes(log(dir));
    try (ConsentRegister r = durable(dir)) {
      r.compact();
    }
    Files.write(log(dir), oldLog);

    try (ConsentRegister r = durable(dir)) {
      assertThat(allEvents(r, 37)).containsExactlyElementsOf(plannedUpTo(3));
    }
    assertThat(Files.size(log(dir))).isEqualTo(FramedLog.FILE_HEADER);
  }

  @Test
  void sequenceGap_inLog_failsAsCorruption() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      recordPlanned(r, 1);
    }
    try (FramedLog log = openLog(dir)) {
      log.append(RecordCodec.encode(ConsentWriterProcess.planned(3)));
    }
    assertThatIllegalStateException().isThrownBy(() -> durable(dir))
        .withMessageContaining(log(dir).toString())
        .withMessageContaining("sequence 3 does not follow 1");
  }

  @Test
  void secondOpen_sameDirectory_failsWhileFirstIsOpen() {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      r.grant("alice", Purpose.PERSONALISATION, "web");
      assertThatIllegalStateException().isThrownBy(() -> durable(dir)).withMessageContaining("consent register " + dir + " is in use");
    }
    try (ConsentRegister r = durable(dir)) {
      assertThat(r.lastSequence()).isEqualTo(1);
    }
  }

  @Test
  void erase_durable_leavesNoRawIdOnDiskAndProofSurvivesReopen() throws IOException {
    Path dir = tmp.resolve("reg");
    ErasureProof proof;
    try (ConsentRegister r = durableCompactingAfter(dir, 1000)) {
      r.grant("alice@example.com", Purpose.PERSONALISATION, "web-banner");
      r.grant("bob", Purpose.PERSONALISATION, "web-banner");
      r.withdraw("alice@example.com", Purpose.SEGMENT_MARKETING, "email-footer");
      assertThat(filesContain(dir, "alice@example.com")).isTrue();

      proof = r.erase("alice@example.com", "art17-request-881");

      assertThat(filesContain(dir, "alice@example.com")).isFalse();
      assertThat(filesContain(dir, "email-footer")).isFalse();
    }
    try (ConsentRegister r = durable(dir)) {
      assertThat(r.isErased("alice@example.com")).isTrue();
      assertThat(r.history("alice@example.com")).isEmpty();
      assertThat(r.erasureProofs("alice@example.com")).containsExactly(proof);
      assertThat(r.history("bob")).hasSize(1);
    }
  }

  @Test
  void erasureInLog_afterCrashBeforeCompaction_isReplayedAndCompactedAway() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      r.grant("alice", Purpose.PERSONALISATION, "web-banner");
      r.grant("bob", Purpose.PERSONALISATION, "web-banner");
    }
    ErasureProof proof = new ErasureProof(3, PrivacyTesting.pseudonymizer().pseudonymize("alice"), "k1", NOW, "art17");
    try (FramedLog log = openLog(dir)) {
      log.append(RecordCodec.encode(proof));
    }
    try (ConsentRegister r = durable(dir)) {
      assertThat(r.isErased("alice")).isTrue();
      assertThat(r.erasureProofs()).containsExactly(proof);
      assertThat(r.history("bob")).hasSize(1);
      assertThat(r.lastSequence()).isEqualTo(3);
    }
    assertThat(filesContain(dir, "alice")).isFalse();
  }

  @Test
  void erasureInLog_underKeyNotHeld_failsNamingTheKey() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      r.grant("alice", Purpose.PERSONALISATION, "web-banner");
    }
    ErasureProof proof = new ErasureProof(2, PrivacyTesting.pseudonymizer().pseudonymize("alice"), "k0", NOW, "art17");
    try (FramedLog log = openLog(dir)) {
      log.append(RecordCodec.encode(proof));
    }
    assertThatIllegalStateException().isThrownBy(() -> durable(dir)).withMessageContaining("key 'k0'");
  }

  @Test
  void open_createsPrivateDirectoryAndFiles() throws IOException {
    assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
    Path dir = tmp.resolve("shop").resolve("consent");
    try (ConsentRegister r = durable(dir)) {
      r.grant("alice", Purpose.PERSONALISATION, "web");
      r.compact();
      r.grant("bob", Purpose.PERSONALISATION, "web");
    }
    assertThat(permissions(dir)).isEqualTo("rwx------");
    assertThat(permissions(tmp.resolve("shop"))).isEqualTo("rwx------");
    for (String f : new String[] {DefaultConsentRegister.LOG, DefaultConsentRegister.SNAPSHOT, DirectoryLock.FILE_NAME}) {
      assertThat(permissions(dir.resolve(f))).as(f).isEqualTo("rw-------");
    }
  }

  @Test
  void compactedLog_snapshotMissing_refusedNamingTheDirectoryInsteadOfOpeningEmpty() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      for (long s = 1; s <= 4; s++) {
        recordPlanned(r, s);
      }
      r.compact();
    }
    Files.delete(snapshot(dir));
    assertThatIllegalStateException().isThrownBy(() -> durable(dir))
        .withMessage("consent register in " + dir + ": consent log was compacted at sequence 4 but the snapshot "
            + snapshot(dir) + " is missing; refusing to open an empty register");
    // The refusal released the directory and changed nothing.
    assertThat(Files.size(log(dir))).isEqualTo(FramedLog.FILE_HEADER);
    assertThat(snapshot(dir)).doesNotExist();
  }

  @Test
  void compactedLog_olderSnapshot_refused() throws IOException {
    Path dir = tmp.resolve("reg");
    byte[] oldSnapshot;
    try (ConsentRegister r = durable(dir)) {
      recordPlanned(r, 1);
      r.compact();
      oldSnapshot = Files.readAllBytes(snapshot(dir));
      recordPlanned(r, 2);
      recordPlanned(r, 3);
      r.compact();
    }
    Files.write(snapshot(dir), oldSnapshot); // e.g. a backup restored over the directory
    assertThatIllegalStateException().isThrownBy(() -> durable(dir))
        .withMessageContaining("consent register in " + dir)
        .withMessageContaining("compacted at sequence 3 but the snapshot " + snapshot(dir) + " only reaches sequence 1");
  }

  @Test
  void open_removesTemporaryFilesOfAKilledCompaction() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      recordPlanned(r, 1);
    }
    Path partial = dir.resolve(DefaultConsentRegister.SNAPSHOT + DurableFiles.TEMPORARY_INFIX + "5eed");
    Files.writeString(partial, "half a snapshot of customer-1");
    try (ConsentRegister r = durable(dir)) {
      assertThat(partial).doesNotExist();
      assertThat(allEvents(r, 37)).containsExactlyElementsOf(plannedUpTo(1));
    }
  }

  @Test
  void logOfAnEarlierFormat_refusedWithAClearMessage() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("reg"));
    // Version 1: "PRCL", int 1, then records, no base sequence.
    Files.write(log(dir), java.nio.ByteBuffer.allocate(40).putInt(DefaultConsentRegister.LOG_MAGIC).putInt(1).array());
    assertThatIllegalStateException().isThrownBy(() -> durable(dir))
        .withMessage("consent change log " + log(dir) + " has format version 1; this library reads version "
            + FramedLog.FORMAT_VERSION + " only");
  }

  @Test
  void eraseAll_thousandCustomers_compactsOnceAndLeavesNoErasedIdOnDisk() throws IOException {
    Path dir = tmp.resolve("reg");
    List<String> erasees = new ArrayList<>();
    List<String> keepers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      erasees.add(String.format(java.util.Locale.ROOT, "erasee-%04d@example.com", i));
      keepers.add(String.format(java.util.Locale.ROOT, "keeper-%04d@example.com", i));
    }
    List<ErasureProof> proofs;
    try (ConsentRegister r = durable(dir)) {
      DefaultConsentRegister register = (DefaultConsentRegister) r;
      r.grantAll(erasees, Purpose.PERSONALISATION, "web-banner");
      r.grantAll(keepers, Purpose.PERSONALISATION, "web-banner");
      r.withdrawAll(erasees.subList(0, 500), Purpose.MODEL_TRAINING, "privacy-centre");
      assertThat(register.compactions()).isZero();
      assertThat(contentsOfAllFiles(dir)).contains(erasees.get(999));

      proofs = r.eraseAll(erasees, "art17-batch-2026-11");

      assertThat(register.compactions()).as("one compaction for the whole batch").isEqualTo(1);
      assertThat(proofs).extracting(ErasureProof::sequence)
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(2501, 3500).boxed().toList());
      assertThat(Files.size(log(dir))).isEqualTo(FramedLog.FILE_HEADER);
      String disk = contentsOfAllFiles(dir);
      for (String id : erasees) {
        assertThat(disk.contains(id)).as("%s still on disk", id).isFalse();
      }
      assertThat(disk).contains(keepers.get(0)).contains(keepers.get(999));
      assertThat(disk).doesNotContain("privacy-centre"); // only erased customers had that source
    }
    try (FramedLog log = openLog(dir)) {
      assertThat(log.baseSequence()).isEqualTo(3500);
    }
    try (ConsentRegister r = durable(dir)) {
      assertThat(r.lastSequence()).isEqualTo(3500);
      assertThat(r.erasureProofs()).containsExactlyElementsOf(proofs);
      assertThat(r.isErased(erasees.get(123))).isTrue();
      assertThat(r.history(keepers.get(123))).hasSize(1);
    }
  }

  @Test
  void eraseAll_oneCustomerUnknown_writesNothing() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      r.grantAll(List.of("alice", "bob"), Purpose.PERSONALISATION, "web");
      byte[] logBefore = Files.readAllBytes(log(dir));
      assertThatIllegalArgumentException().isThrownBy(() -> r.eraseAll(List.of("alice", "mallory"), "art17"))
          .withMessageStartingWith("customerIds[1] is unknown");
      assertThat(Files.readAllBytes(log(dir))).isEqualTo(logBefore);
      assertThat(snapshot(dir)).doesNotExist();
      assertThat(((DefaultConsentRegister) r).compactions()).isZero();
    }
  }

  @Test
  void erasureBatchInLog_afterCrashBeforeCompaction_isReplayedAndCompactedAway() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      r.grantAll(List.of("alice", "bob", "carol"), Purpose.PERSONALISATION, "web-banner");
    }
    List<ErasureProof> proofs = List.of(
        new ErasureProof(4, PrivacyTesting.pseudonymizer().pseudonymize("alice"), "k1", NOW, "art17"),
        new ErasureProof(5, PrivacyTesting.pseudonymizer().pseudonymize("carol"), "k1", NOW, "art17"));
    try (FramedLog log = openLog(dir)) {
      log.appendAll(List.of(RecordCodec.encode(proofs.get(0)), RecordCodec.encode(proofs.get(1))));
    }
    try (ConsentRegister r = durable(dir)) {
      assertThat(r.erasureProofs()).containsExactlyElementsOf(proofs);
      assertThat(r.isErased("alice")).isTrue();
      assertThat(r.isErased("carol")).isTrue();
      assertThat(r.history("bob")).hasSize(1);
    }
    assertThat(filesContain(dir, "alice")).isFalse();
    assertThat(filesContain(dir, "carol")).isFalse();
  }

  @Test
  void grantAll_tornBatch_isDroppedWhole_keptAsideUntilTheNextErasureDeletesIt() throws IOException {
    Path dir = tmp.resolve("reg");
    List<String> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(String.format(java.util.Locale.ROOT, "batch-%02d@example.com", i));
    }
    try (ConsentRegister r = durable(dir)) {
      r.grant("alice", Purpose.PERSONALISATION, "web");
      r.grantAll(batch, Purpose.PERSONALISATION, "import");
    }
    // A crash tore the batch's last record: none of the batch was acknowledged.
    try (FileChannel ch = FileChannel.open(log(dir), StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 5);
    }
    try (ConsentRegister r = durable(dir)) {
      assertThat(r.lastSequence()).isEqualTo(1);
      assertThat(batch).noneMatch(r::isKnown);
      List<Path> kept = FramedLog.tornTailFiles(log(dir));
      assertThat(kept).hasSize(1);
      assertThat(filesContain(dir, batch.get(7))).isTrue(); // in the kept tail

      r.erase("alice", "art17");

      assertThat(kept.get(0)).doesNotExist();
      assertThat(filesContain(dir, "batch-")).isFalse();
      assertThat(filesContain(dir, "alice")).isFalse();
    }
  }

  @Test
  void replayedErasure_atOpen_deletesOlderTornTailsButKeepsTheTailCutNow() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      r.grant("alice", Purpose.PERSONALISATION, "web-banner");
      r.grant("bob", Purpose.PERSONALISATION, "web-banner");
    }
    // A tail kept from a crash before the erasure, which may hold alice's data.
    Path older = dir.resolve(DefaultConsentRegister.LOG + FramedLog.TORN_INFIX + "20");
    Files.write(older, RecordCodec.encode(new ConsentEvent(3, "alice", Purpose.MODEL_TRAINING,
        io.privrec.core.privacy.ConsentStatus.GRANTED, NOW, "web")));
    ErasureProof proof = new ErasureProof(3, PrivacyTesting.pseudonymizer().pseudonymize("alice"), "k1", NOW, "art17");
    try (FramedLog log = openLog(dir)) {
      log.append(RecordCodec.encode(proof));
    }
    // Then a crash tore a later write (bob's).
    byte[] later = RecordCodec.encode(new ConsentEvent(4, "bob", Purpose.MODEL_TRAINING,
        io.privrec.core.privacy.ConsentStatus.WITHDRAWN, NOW, "web"));
    long tornAt = Files.size(log(dir));
    Files.write(log(dir), new byte[] {0, 0, 0, (byte) later.length, 1, 2, 3, 4}, StandardOpenOption.APPEND);
    try (ConsentRegister r = durable(dir)) {
      assertThat(r.isErased("alice")).isTrue();
      assertThat(r.lastSequence()).isEqualTo(3);
    }
    assertThat(older).doesNotExist();
    assertThat(FramedLog.tornTailFiles(log(dir)))
        .containsExactly(dir.toAbsolutePath().resolve(DefaultConsentRegister.LOG + FramedLog.TORN_INFIX + tornAt));
    assertThat(filesContain(dir, "alice")).isFalse();
  }

  @Test
  void grantAll_listenersHearEachEventOnlyOnceTheWholeBatchIsDurable() throws IOException {
    Path dir = tmp.resolve("reg");
    try (ConsentRegister r = durable(dir)) {
      List<String> heard = new ArrayList<>();
      r.addListener(e -> {
        try {
          heard.add(e.sequence() + "@" + r.lastSequence() + "/" + Files.size(log(dir)));
        } catch (IOException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
      });
      r.grantAll(List.of("a", "b", "c"), Purpose.PERSONALISATION, "web");
      long size = Files.size(log(dir));
      assertThat(heard).containsExactly("1@3/" + size, "2@3/" + size, "3@3/" + size);
    }
    try (ConsentRegister r = durable(dir)) {
      assertThat(r.lastSequence()).isEqualTo(3);
    }
  }

  private static String permissions(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** Every file's bytes, concatenated as ISO-8859-1 (so ASCII ids can be searched). */
  private static String contentsOfAllFiles(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        sb.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return sb.toString();
  }

  @Test
  @Timeout(120)
  void concurrentWriters_whileCompacting_loseNoAcknowledgedChange() throws Exception {
    Path dir = tmp.resolve("reg");
    int threads = 3;
    int perThread = 40;
    List<List<ConsentEvent>> acked = new ArrayList<>();
    try (ConsentRegister r = durableCompactingAfter(dir, 7)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
      CountDownLatch start = new CountDownLatch(1);
      AtomicBoolean writing = new AtomicBoolean(true);
      // The writers start once the compactor has compacted, so compactions overlap the writes on any schedule.
      CountDownLatch compacting = new CountDownLatch(1);
      List<Future<List<ConsentEvent>>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String customer = "customer-" + t;
        writers.add(pool.submit(() -> {
          start.await();
          compacting.await();
          List<ConsentEvent> mine = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            Purpose p = Purpose.values()[i % 3];
            mine.add(i % 2 == 0 ? r.grant(customer, p, "t" + i) : r.withdraw(customer, p, "t" + i));
          }
          return mine;
        }));
      }
      Future<?> compactor = pool.submit(() -> {
        start.await();
        do {
          r.compact();
          compacting.countDown();
        } while (writing.get());
        return null;
      });
      start.countDown();
      for (Future<List<ConsentEvent>> w : writers) {
        acked.add(w.get(100, TimeUnit.SECONDS));
      }
      writing.set(false);
      compactor.get(100, TimeUnit.SECONDS); // rethrows whatever a compaction threw
      pool.shutdown();
    }
    try (ConsentRegister r = durable(dir)) {
      assertThat(r.lastSequence()).isEqualTo((long) threads * perThread);
      for (int t = 0; t < threads; t++) {
        assertThat(r.history("customer-" + t)).containsExactlyElementsOf(acked.get(t));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 23, 120})
  @Timeout(120)
  void killedWriterProcess_afterAcknowledgements_loseNoAcknowledgedChange(int acknowledgements) throws Exception {
    Path dir = tmp.resolve("reg");
    Path stderr = tmp.resolve("child-stderr.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", io.privrec.core.internal.storage.ChildJvm.classPath(),
        ConsentWriterProcess.class.getName(), dir.toString(), "10")
        .redirectError(stderr.toFile())
        .start();
    long lastAcked = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      while (lastAcked < acknowledgements) {
        String line = out.readLine();
        assertThat(line).as("writer ended early; stderr: %s", readIfExists(stderr)).isNotNull();
        long seq = Long.parseLong(line.trim());
        assertThat(seq).isEqualTo(lastAcked + 1);
        lastAcked = seq;
      }
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    try (ConsentRegister r = durable(dir)) {
      long recovered = r.lastSequence();
      // Changes after the last printed one may or may not have reached the log; acknowledged ones must.
      assertThat(recovered).isGreaterThanOrEqualTo(lastAcked);
      assertThat(allEvents(r, 37)).containsExactlyElementsOf(plannedUpTo(recovered));
    }
  }

  private static String readIfExists(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "<none>";
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x5a);
    }
  }

  private static void copyDirectory(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!f.getFileName().toString().equals(DirectoryLock.FILE_NAME)) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
  }

  private static boolean filesContain(Path dir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        byte[] hay = Files.readAllBytes(f);
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
          for (int j = 0; j < needle.length; j++) {
            if (hay[i + j] != needle[j]) {
              continue outer;
            }
          }
          return true;
        }
      }
    }
    return false;
  }
}
