package io.privrec.core.internal.storage;

import static io.privrec.core.internal.storage.StorageChildProcess.MAGIC;
import static io.privrec.core.internal.storage.StorageChildProcess.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FramedLogTest {
  @TempDir
  Path tmp;

  private final List<LogRecord> warnings = new ArrayList<>();
  private final Logger julLogger = Logger.getLogger(FramedLog.class.getName());
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        synchronized (warnings) {
          warnings.add(record);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureWarnings() {
    julLogger.addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    julLogger.removeHandler(capture);
  }

  /** A replay that collects payloads and offsets. */
  private static final class Collected implements FramedLog.Replay {
    final List<byte[]> payloads = new ArrayList<>();
    final List<Long> offsets = new ArrayList<>();
    long base = -1;

    @Override
    public void record(byte[] payload, long offset) {
      payloads.add(payload);
      offsets.add(offset);
    }

    @Override
    public void start(long baseSequence) {
      base = baseSequence;
    }
  }

  private static FramedLog open(Path file, Collected into) throws IOException {
    return FramedLog.open(file, MAGIC, "test log", into);
  }

  private static FramedLog open(Path file) throws IOException {
    return open(file, new Collected());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void open_missingFile_createsPrivateEmptyLogWithBaseZero() throws IOException {
    Path file = tmp.resolve("a.log");
    Collected c = new Collected();
    try (FramedLog log = open(file, c)) {
      assertThat(log.size()).isEqualTo(FramedLog.FILE_HEADER);
      assertThat(log.records()).isZero();
      assertThat(log.baseSequence()).isZero();
      assertThat(log.tornTail()).isEmpty();
      assertThat(log.path()).isEqualTo(file);
    }
    assertThat(c.base).isZero();
    assertThat(c.payloads).isEmpty();
    assertThat(Files.size(file)).isEqualTo(FramedLog.FILE_HEADER);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
  }

  @Test
  void appendAndAppendAll_reopen_replaysEveryPayloadInOrderWithItsOffset() throws IOException {
    Path file = tmp.resolve("a.log");
    List<byte[]> written = List.of(bytes("one"), bytes("two"), bytes("three"), bytes("four"), bytes("five"));
    try (FramedLog log = open(file)) {
      log.append(written.get(0));
      log.appendAll(written.subList(1, 4));
      log.appendAll(List.of());
      log.append(written.get(4));
      assertThat(log.records()).isEqualTo(5);
      assertThat(log.size()).isEqualTo(Files.size(file));
    }
    Collected c = new Collected();
    try (FramedLog log = open(file, c)) {
      assertThat(log.records()).isEqualTo(5);
      assertThat(log.tornTail()).isEmpty();
    }
    assertThat(c.payloads).containsExactlyElementsOf(written);
    long expected = FramedLog.FILE_HEADER;
    for (int i = 0; i < written.size(); i++) {
      assertThat(c.offsets.get(i)).isEqualTo(expected);
      expected += FramedLog.RECORD_HEADER + written.get(i).length;
    }
    assertThat(expected).isEqualTo(Files.size(file));
  }

  @Test
  void tornFinalRecord_atEveryCut_isKeptAsideWithExactBytesAndAWarningNamingBothFiles() throws IOException {
    Path original = tmp.resolve("orig.log");
    long beforeLast;
    try (FramedLog log = open(original)) {
      log.append(bytes("first record"));
      log.append(bytes("second record"));
      beforeLast = log.size();
      log.append(bytes("the third record, which a crash will tear"));
    }
    byte[] full = Files.readAllBytes(original);
    for (int cut = (int) beforeLast + 1; cut < full.length; cut++) {
      Path dir = Files.createDirectory(tmp.resolve("cut-" + cut));
      Path file = dir.resolve("x.log");
      Files.write(file, Arrays.copyOf(full, cut));
      warnings.clear();
      Collected c = new Collected();
      byte[] tail = Arrays.copyOfRange(full, (int) beforeLast, cut);
      // The length field starts with zero bytes: a tail of those only is cut without being kept.
      boolean zeroesOnly = Arrays.equals(tail, new byte[tail.length]);
      Path kept = dir.resolve("x.log" + FramedLog.TORN_INFIX + beforeLast);
      try (FramedLog log = open(file, c)) {
        assertThat(c.payloads).as("cut %d", cut).containsExactly(bytes("first record"), bytes("second record"));
        assertThat(log.size()).isEqualTo(beforeLast);
        assertThat(log.tornTail()).as("cut %d", cut).isEqualTo(zeroesOnly ? Optional.empty() : Optional.of(kept));
        // The log continues on a clean end.
        log.append(bytes("after recovery"));
      }
      assertThat(Files.size(file)).isEqualTo(beforeLast + FramedLog.RECORD_HEADER + "after recovery".length());
      if (zeroesOnly) {
        assertThat(FramedLog.tornTailFiles(file)).isEmpty();
        assertThat(warnings).isEmpty();
      } else {
        assertThat(Files.readAllBytes(kept)).as("cut %d", cut).isEqualTo(tail);
        assertThat(FramedLog.tornTailFiles(file)).containsExactly(kept);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getMessage()).contains(file.toString()).contains(kept.toString())
            .contains("offset " + beforeLast);
        assertThat(warnings.get(0).getLevel()).isEqualTo(Level.WARNING);
      }
      Collected again = new Collected();
      try (FramedLog log = open(file, again)) {
        assertThat(log.tornTail()).isEmpty();
      }
      assertThat(again.payloads).containsExactly(bytes("first record"), bytes("second record"), bytes("after recovery"));
    }
    assertThat(full[(int) beforeLast + 3]).as("the test covers kept tails").isNotZero();
  }

  @Test
  void tornTail_atTheSameOffsetTwice_keepsBothInSeparateFiles() throws IOException {
    Path file = tmp.resolve("x.log");
    long end;
    try (FramedLog log = open(file)) {
      log.append(bytes("kept"));
      end = log.size();
    }
    Files.write(file, new byte[] {0, 0, 0, 9, 1}, StandardOpenOption.APPEND);
    try (FramedLog log = open(file)) {
      assertThat(log.tornTail()).contains(tmp.resolve("x.log.torn-" + end));
    }
    Files.write(file, new byte[] {0, 0, 0, 7}, StandardOpenOption.APPEND);
    try (FramedLog log = open(file)) {
      assertThat(log.tornTail()).contains(tmp.resolve("x.log.torn-" + end + "-2"));
    }
    assertThat(Files.readAllBytes(tmp.resolve("x.log.torn-" + end))).containsExactly(0, 0, 0, 9, 1);
    assertThat(Files.readAllBytes(tmp.resolve("x.log.torn-" + end + "-2"))).containsExactly(0, 0, 0, 7);
    assertThat(FramedLog.tornTailFiles(file)).hasSize(2);
  }

  @Test
  void batchWithoutItsLastRecord_isDroppedWholeAndKeptAside() throws IOException {
    Path original = tmp.resolve("orig.log");
    long batchStart;
    long lastRecordStart;
    try (FramedLog log = open(original)) {
      log.append(bytes("alone"));
      batchStart = log.size();
      log.appendAll(List.of(bytes("b1"), bytes("b2")));
      lastRecordStart = log.size();
      log.append(bytes("b3-will-be-dropped-later"));
    }
    byte[] full = Files.readAllBytes(original);
    // Cut after b1 is complete, and inside b2: in both cases b1 must not be replayed without b2.
    for (long cut : new long[] {batchStart + FramedLog.RECORD_HEADER + 2, lastRecordStart - 1}) {
      Path dir = Files.createDirectory(tmp.resolve("cut-" + cut));
      Path file = dir.resolve("x.log");
      Files.write(file, Arrays.copyOf(full, (int) cut));
      Collected c = new Collected();
      try (FramedLog log = open(file, c)) {
        assertThat(c.payloads).as("cut %d", cut).containsExactly(bytes("alone"));
        assertThat(log.records()).isEqualTo(1);
        assertThat(log.size()).isEqualTo(batchStart);
        assertThat(log.tornTail()).isPresent();
        assertThat(Files.readAllBytes(log.tornTail().get())).isEqualTo(Arrays.copyOfRange(full, (int) batchStart, (int) cut));
      }
    }
  }

  @Test
  void zeroFilledTail_isCutWithoutKeepingIt() throws IOException {
    Path file = tmp.resolve("x.log");
    long end;
    try (FramedLog log = open(file)) {
      log.append(bytes("record"));
      end = log.size();
    }
    Files.write(file, new byte[4096], StandardOpenOption.APPEND);
    warnings.clear();
    try (FramedLog log = open(file)) {
      assertThat(log.tornTail()).isEmpty();
      assertThat(log.records()).isEqualTo(1);
    }
    assertThat(Files.size(file)).isEqualTo(end);
    assertThat(FramedLog.tornTailFiles(file)).isEmpty();
    assertThat(warnings).isEmpty();
  }

  /** Writes three records; returns the offset of the second. */
  private long threeRecords(Path file) throws IOException {
    try (FramedLog log = open(file)) {
      log.append(bytes("record one"));
      long second = log.size();
      log.append(bytes("record two"));
      log.append(bytes("record three"));
      return second;
    }
  }

  @Test
  void corruptPayload_inAMiddleRecord_failsNamingDescriptionFileAndOffset() throws IOException {
    Path file = tmp.resolve("x.log");
    long second = threeRecords(file);
    flipByte(file, second + FramedLog.RECORD_HEADER + 3);
    assertThatIllegalStateException().isThrownBy(() -> open(file))
        .withMessage("test log " + file + " is corrupt at offset " + second + ": record payload checksum mismatch");
    assertThat(FramedLog.tornTailFiles(file)).isEmpty();
  }

  @Test
  void corruptLength_inAMiddleRecord_failsInsteadOfPassingForATornTail() throws IOException {
    Path file = tmp.resolve("x.log");
    long second = threeRecords(file);
    flipByte(file, second + 2);
    assertThatIllegalStateException().isThrownBy(() -> open(file))
        .withMessage("test log " + file + " is corrupt at offset " + second + ": damaged record header");
  }

  @Test
  void corruptRecordInsideTheLastBatch_isCorruptionNotATornTail() throws IOException {
    Path file = tmp.resolve("x.log");
    long batch;
    try (FramedLog log = open(file)) {
      log.append(bytes("before"));
      batch = log.size();
      log.appendAll(List.of(bytes("batch one"), bytes("batch two")));
    }
    flipByte(file, batch + FramedLog.RECORD_HEADER + 1);
    assertThatIllegalStateException().isThrownBy(() -> open(file))
        .withMessageContaining(file + " is corrupt at offset " + batch);
  }

  @Test
  void damagedFileHeader_otherMagicOrOtherVersion_refusedWithClearMessages() throws IOException {
    Path file = tmp.resolve("x.log");
    threeRecords(file);
    byte[] good = Files.readAllBytes(file);

    flipByte(file, 12); // inside the base sequence
    assertThatIllegalStateException().isThrownBy(() -> open(file))
        .withMessage("test log " + file + " is corrupt at offset 0: damaged file header (checksum mismatch)");

    Files.write(file, good);
    assertThatIllegalStateException().isThrownBy(() -> FramedLog.open(file, 0x41424344, "other log", (p, o) -> { }))
        .withMessage(file + " is not a other log (magic number 0x54455354, expected 0x41424344)");

    // A version-1 file: 8-byte header, no base sequence.
    ByteBuffer v1 = ByteBuffer.allocate(30).putInt(MAGIC).putInt(1);
    Files.write(file, v1.array());
    assertThatIllegalStateException().isThrownBy(() -> open(file))
        .withMessage("test log " + file + " has format version 1; this library reads version 2 only");
    Files.write(file, Arrays.copyOf(v1.array(), 8));
    assertThatIllegalStateException().isThrownBy(() -> open(file)).withMessageContaining("format version 1");
    assertThat(Files.size(file)).isEqualTo(8); // refused, not re-initialised
  }

  @Test
  void clear_recordsTheBaseSequenceAndEmptiesTheLog_acrossReopen() throws IOException {
    Path file = tmp.resolve("x.log");
    try (FramedLog log = open(file)) {
      log.append(bytes("a"));
      log.append(bytes("b"));
      log.clear(2);
      assertThat(log.records()).isZero();
      assertThat(log.size()).isEqualTo(FramedLog.FILE_HEADER);
      assertThat(log.baseSequence()).isEqualTo(2);
      log.append(bytes("c"));
      assertThatIllegalArgumentException().isThrownBy(() -> log.clear(1))
          .withMessage("baseSequence must be >= the current base 2. Provided value: 1");
      assertThat(log.records()).isEqualTo(1);
    }
    Collected c = new Collected();
    try (FramedLog log = open(file, c)) {
      assertThat(log.baseSequence()).isEqualTo(2);
    }
    assertThat(c.base).isEqualTo(2);
    assertThat(c.payloads).containsExactly(bytes("c"));
  }

  @Test
  void appendAll_aBadPayloadAnywhere_writesNothing() throws IOException {
    Path file = tmp.resolve("x.log");
    try (FramedLog log = open(file)) {
      log.append(bytes("a"));
      long size = log.size();
      assertThatIllegalArgumentException()
          .isThrownBy(() -> log.appendAll(List.of(bytes("b"), bytes("c"), new byte[0])))
          .withMessage("payloads[2] must be 1 to " + FramedLog.MAX_PAYLOAD + " bytes long. Provided length: 0");
      assertThatThrownBy(() -> log.appendAll(Arrays.asList(bytes("b"), null)))
          .isInstanceOf(NullPointerException.class).hasMessage("payloads[1]");
      assertThatIllegalArgumentException().isThrownBy(() -> log.append(new byte[FramedLog.MAX_PAYLOAD + 1]))
          .withMessageStartingWith("payload must be 1 to");
      assertThat(log.size()).isEqualTo(size);
      assertThat(log.records()).isEqualTo(1);
      assertThat(Files.size(file)).isEqualTo(size);
    }
  }

  @Test
  void replay_rejectingARecord_failsAsCorruptionAtItsOffset_butStartFailuresPassThrough() throws IOException {
    Path file = tmp.resolve("x.log");
    long second = threeRecords(file);
    assertThatIllegalStateException().isThrownBy(() -> FramedLog.open(file, MAGIC, "test log", (p, offset) -> {
      if (offset == second) {
        throw new IOException("bad record");
      }
    })).withMessage("test log " + file + " is corrupt at offset " + second + ": bad record");

    IllegalStateException refused = new IllegalStateException("owner refuses");
    assertThatThrownBy(() -> FramedLog.open(file, MAGIC, "test log", new FramedLog.Replay() {
      @Override
      public void record(byte[] payload, long offset) {}

      @Override
      public void start(long baseSequence) {
        throw refused;
      }
    })).isSameAs(refused);
    // The log is still intact and can be opened again (the failed opens closed their files).
    try (FramedLog log = open(file)) {
      assertThat(log.records()).isEqualTo(3);
    }
  }

  @Test
  void append_interruptedThread_closesTheChannelButTheLogRecoversOnTheNextWrite() throws IOException {
    Path file = tmp.resolve("x.log");
    try (FramedLog log = open(file)) {
      log.append(bytes("before"));
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> log.append(bytes("interrupted"))).isInstanceOf(ClosedByInterruptException.class);
      } finally {
        Thread.interrupted();
      }
      log.append(bytes("after"));
      assertThat(log.records()).isEqualTo(2);
    }
    Collected c = new Collected();
    try (FramedLog log = open(file, c)) {
      assertThat(log.tornTail()).isEmpty();
    }
    assertThat(c.payloads).containsExactly(bytes("before"), bytes("after"));
  }

  @Test
  void closedLog_refusesWrites_closeIsIdempotent() throws IOException {
    Path file = tmp.resolve("x.log");
    FramedLog log = open(file);
    log.close();
    log.close();
    assertThatIllegalStateException().isThrownBy(() -> log.append(bytes("x")))
        .withMessage("test log " + file + " is closed");
  }

  @Test
  void failingDevice_fileSizeLimit_rollsBackEachFailedWriteAndBatchesStayAllOrNothing() throws Exception {
    Path file = tmp.resolve("full.log");
    Map<String, String> r = ChildJvm.runWithFileSizeLimit(64, "fill-log", file.toString());

    assertThat(r.get("append-failure")).as("%s", r).containsIgnoringCase("file too large");
    long afterAppend = Long.parseLong(r.get("after-append.size"));
    assertThat(r.get("size-before")).isEqualTo(String.valueOf(afterAppend));
    // The failed record was partly written before the limit hit: it was truncated away.
    assertThat(r.get("after-append.file-size")).isEqualTo(String.valueOf(afterAppend));
    int appended = Integer.parseInt(r.get("after-append.records"));
    assertThat(afterAppend).isEqualTo(FramedLog.FILE_HEADER + appended * (FramedLog.RECORD_HEADER + 1000L));

    assertThat(r.get("fitting-batch")).isEqualTo("ok");
    long afterFitting = Long.parseLong(r.get("after-fitting-batch.size"));
    assertThat(r.get("after-fitting-batch.records")).isEqualTo(String.valueOf(appended + 3));

    // The failed batch's first record fit under the limit, its second did not: neither stays.
    assertThat(r.get("batch-failure")).containsIgnoringCase("file too large");
    assertThat(r.get("after-failed-batch.size")).isEqualTo(String.valueOf(afterFitting));
    assertThat(r.get("after-failed-batch.file-size")).isEqualTo(String.valueOf(afterFitting));
    assertThat(r.get("after-failed-batch.records")).isEqualTo(String.valueOf(appended + 3));

    Collected c = new Collected();
    try (FramedLog log = open(file, c)) {
      assertThat(log.tornTail()).isEmpty();
    }
    assertThat(c.payloads).hasSize(appended + 3);
    for (int i = 0; i < appended; i++) {
      assertThat(c.payloads.get(i)).isEqualTo(payload(i, 1000));
    }
    int small = c.payloads.get(appended).length;
    assertThat(c.payloads.subList(appended, appended + 3))
        .containsExactly(payload(1001, small), payload(1002, small), payload(1003, small));
  }

  @Test
  void open_fileInMissingDirectory_failsNamingTheFile() {
    Path file = tmp.resolve("absent").resolve("x.log");
    assertThatThrownBy(() -> open(file)).isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot open test log " + file);
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x5a);
    }
  }
}
