package io.privrec.core.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesOutputTest {
  @TempDir Path dir;

  @BeforeEach
  void posix() {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
  }

  private Path file(String name, String mode) throws IOException {
    Path f = Files.writeString(dir.resolve(name), "old");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  @Test
  void aFileWithoutOwnerWriteIsReadOnlyEvenIfOthersMayWriteIt() throws IOException {
    for (String mode : new String[] {"r--r--r--", "r--rw-r--", "r--rw-rw-"}) {
      Path f = file("ro-" + mode, mode);
      assertThatThrownBy(() -> DurableFiles.writeOutputAtomically(f, o -> o.write(1)))
          .isInstanceOf(IOException.class)
          .hasMessage(f + ": read-only file; refusing to replace it");
      assertThat(Files.readString(f)).isEqualTo("old");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo(mode);
    }
  }

  @Test
  void anOwnerWritableFileIsReplacedKeepingItsMode() throws IOException {
    Path f = file("out.txt", "rw-r-----");
    DurableFiles.writeOutputAtomically(f, o -> o.write("new".getBytes(StandardCharsets.UTF_8)));
    assertThat(Files.readString(f)).isEqualTo("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
  }
}
