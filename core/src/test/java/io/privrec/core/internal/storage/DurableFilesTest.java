package io.privrec.core.internal.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
  @TempDir
  Path tmp;

  private static void assumePosix() {
    assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
  }

  private static String permissions(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static String[] names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void writeAtomically_newAndExistingTarget_writesPrivateCompleteFileAndLeavesNoTemporaryFile() throws IOException {
    Path target = tmp.resolve("state.bin");
    DurableFiles.writeAtomically(target, out -> out.write("first".getBytes(UTF_8)));
    assertThat(Files.readString(target)).isEqualTo("first");
    DurableFiles.writeAtomically(target, out -> {
      out.write("second, ".getBytes(UTF_8));
      out.close(); // the body may close the stream; the write still completes
      out.write("longer".getBytes(UTF_8));
    });
    assertThat(Files.readString(target)).isEqualTo("second, longer");
    assertThat(names(tmp)).containsExactly("state.bin");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(permissions(target)).isEqualTo("rw-------");
    }
  }

  @Test
  void writeAtomically_bodyFails_targetUnchangedTemporaryRemovedAndTheExceptionPassedOn() throws IOException {
    Path target = tmp.resolve("state.bin");
    Files.writeString(target, "old contents");
    IOException fromBody = new IOException("the producer failed");
    assertThatThrownBy(() -> DurableFiles.writeAtomically(target, out -> {
      out.write(new byte[200_000]); // more than the buffer: bytes reached the temporary file
      throw fromBody;
    })).isSameAs(fromBody);
    IllegalStateException unchecked = new IllegalStateException("bug in the producer");
    assertThatThrownBy(() -> DurableFiles.writeAtomically(target, out -> {
      throw unchecked;
    })).isSameAs(unchecked);
    assertThat(Files.readString(target)).isEqualTo("old contents");
    assertThat(names(tmp)).containsExactly("state.bin");
  }

  @Test
  void writeAtomically_missingDirectory_messageNamesTheTargetNotTheTemporaryFile() {
    Path target = tmp.resolve("absent").resolve("state.bin");
    assertThatIOException().isThrownBy(() -> DurableFiles.writeAtomically(target, out -> out.write(1)))
        .withMessage("cannot write " + target + ": directory " + target.getParent() + " does not exist")
        .withMessageNotContaining(DurableFiles.TEMPORARY_INFIX);
  }

  @Test
  void writeAtomically_fileSizeLimitHitMidWrite_targetUnchangedNoTemporaryLeftMessageNamesTarget() throws Exception {
    Path target = tmp.resolve("model.bin");
    Files.writeString(target, "previous model");
    Map<String, String> r = ChildJvm.runWithFileSizeLimit(64, "write-atomically", target.toString());
    assertThat(r).doesNotContainKey("written");
    assertThat(r.get("failure")).startsWith("cannot write " + target + ": ").containsIgnoringCase("file too large")
        .doesNotContain(DurableFiles.TEMPORARY_INFIX);
    assertThat(Files.readString(target)).isEqualTo("previous model");
    assertThat(names(tmp)).containsExactly("model.bin");
  }

  @Test
  void cleanTemporaryFiles_deletesOnlyLeftoversOfKilledWrites() throws IOException {
    Files.writeString(tmp.resolve("consent.snapshot.tmp-1a2b"), "partial");
    Files.writeString(tmp.resolve("model.bin.tmp-ffff"), "partial");
    Files.writeString(tmp.resolve("consent.snapshot"), "keep");
    Files.writeString(tmp.resolve("notes.tmp"), "keep");
    Files.writeString(tmp.resolve("tmp-notes"), "keep");
    Files.writeString(tmp.resolve("x.log.torn-20"), "keep");
    Files.createDirectory(tmp.resolve("sub.tmp-1"));
    Files.writeString(tmp.resolve("sub.tmp-1").resolve("y.tmp-2"), "not searched");

    assertThat(DurableFiles.cleanTemporaryFiles(tmp)).isEqualTo(2);

    assertThat(names(tmp)).containsExactly("consent.snapshot", "notes.tmp", "sub.tmp-1", "tmp-notes", "x.log.torn-20");
    assertThat(tmp.resolve("sub.tmp-1").resolve("y.tmp-2")).exists();
    assertThat(DurableFiles.cleanTemporaryFiles(tmp)).isZero();
  }

  @Test
  void createPrivateDirectories_missingNestedDirectories_createdWith0700() throws IOException {
    Path dir = tmp.resolve("a").resolve("b").resolve("c");
    assertThat(DurableFiles.createPrivateDirectories(dir)).isEqualTo(dir);
    assertThat(dir).isDirectory();
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(permissions(tmp.resolve("a"))).isEqualTo("rwx------");
      assertThat(permissions(dir)).isEqualTo("rwx------");
    }
    // Existing: used as it is.
    assertThat(DurableFiles.createPrivateDirectories(dir)).isEqualTo(dir);
  }

  @Test
  void createPrivateDirectories_aFileInTheWay_refusedNamingIt() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain"), "x");
    assertThatIOException().isThrownBy(() -> DurableFiles.createPrivateDirectories(file))
        .withMessage(file + ": not a directory");
    assertThatIOException().isThrownBy(() -> DurableFiles.createPrivateDirectories(file.resolve("below")))
        .withMessage(file.toAbsolutePath() + ": not a directory");
  }

  @Test
  void checkReplaceableOutput_absentOrWritableRegularFile_accepted() throws IOException {
    DurableFiles.checkReplaceableOutput(tmp.resolve("absent.csv"));
    DurableFiles.checkReplaceableOutput(Files.writeString(tmp.resolve("old.csv"), "x"));
  }

  @Test
  void checkReplaceableOutput_directory_refused() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("out"));
    assertThatIOException().isThrownBy(() -> DurableFiles.checkReplaceableOutput(dir))
        .withMessage(dir + ": not a regular file; refusing to replace it");
  }

  @Test
  void checkReplaceableOutput_symbolicLinks_refusedEvenToARegularFile() throws IOException {
    Path real = Files.writeString(tmp.resolve("real.csv"), "precious");
    Path link = tmp.resolve("link.csv");
    try {
      Files.createSymbolicLink(link, real);
    } catch (UnsupportedOperationException | IOException e) {
      assumeThat(false).as("symbolic links unavailable: %s", e).isTrue();
    }
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.csv"), tmp.resolve("nowhere"));
    assertThatIOException().isThrownBy(() -> DurableFiles.checkReplaceableOutput(link))
        .withMessage(link + ": not a regular file; refusing to replace it");
    assertThatIOException().isThrownBy(() -> DurableFiles.checkReplaceableOutput(dangling))
        .withMessage(dangling + ": not a regular file; refusing to replace it");
    assertThatIOException().isThrownBy(() -> DurableFiles.writeOutputAtomically(link, out -> out.write(1)));
    assertThat(Files.readString(real)).isEqualTo("precious");
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void checkReplaceableOutput_deviceNode_refused() {
    Path devNull = Path.of("/dev/null");
    assumeThat(Files.exists(devNull)).as("needs /dev/null").isTrue();
    assertThatIOException().isThrownBy(() -> DurableFiles.checkReplaceableOutput(devNull))
        .withMessage("/dev/null: not a regular file; refusing to replace it");
  }

  @Test
  void checkReplaceableOutput_readOnlyFile_refusedEvenForAProcessThatCouldWriteIt() throws IOException {
    assumePosix();
    Path file = Files.writeString(tmp.resolve("frozen.csv"), "frozen");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    assertThatIOException().isThrownBy(() -> DurableFiles.checkReplaceableOutput(file))
        .withMessage(file + ": read-only file; refusing to replace it");
    assertThatIOException().isThrownBy(() -> DurableFiles.writeOutputAtomically(file, out -> out.write(1)))
        .withMessage(file + ": read-only file; refusing to replace it");
    assertThat(Files.readString(file)).isEqualTo("frozen");
  }

  @Test
  void writeOutputAtomically_replacedFile_keepsItsPermissions() throws IOException {
    assumePosix();
    Path file = Files.writeString(tmp.resolve("report.csv"), "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    DurableFiles.writeOutputAtomically(file, out -> out.write("new".getBytes(UTF_8)));
    assertThat(Files.readString(file)).isEqualTo("new");
    assertThat(permissions(file)).isEqualTo("rw-r-----");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    DurableFiles.writeOutputAtomically(file, out -> out.write("newer".getBytes(UTF_8)));
    assertThat(permissions(file)).isEqualTo("rw-rw-rw-");
    assertThat(names(tmp)).containsExactly("report.csv");
  }

  @Test
  void writeOutputAtomically_newFile_getsTheDefaultPermissionsOfANewFile() throws IOException {
    assumePosix();
    Path plain = Files.createFile(tmp.resolve("created-plainly"));
    Path file = tmp.resolve("report.csv");
    DurableFiles.writeOutputAtomically(file, out -> out.write("new".getBytes(UTF_8)));
    assertThat(permissions(file)).isEqualTo(permissions(plain));
  }

  @Test
  void writeOutputAtomically_directory_refusedAndLeftAlone() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("out"));
    Files.writeString(dir.resolve("inside"), "x");
    assertThatIOException().isThrownBy(() -> DurableFiles.writeOutputAtomically(dir, out -> out.write(1)))
        .withMessage(dir + ": not a regular file; refusing to replace it");
    assertThat(dir.resolve("inside")).hasContent("x");
  }

  @Test
  void forceDirectory_missingDirectory_fails() {
    assertThatThrownBy(() -> DurableFiles.forceDirectory(tmp.resolve("absent")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
