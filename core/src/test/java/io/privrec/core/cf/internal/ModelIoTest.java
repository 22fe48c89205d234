package io.privrec.core.cf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelIoTest {
  @TempDir Path dir;

  private static ModelIo.Contents sample() {
    SplittableRandom rnd = new SplittableRandom(7);
    // Large enough to span several 64 KiB buffers.
    float[] big = new float[100_003];
    for (int k = 0; k < big.length; k++) {
      big[k] = (float) rnd.nextGaussian();
    }
    return ModelIo.Contents.builder("test-model", 2)
        .parameters(Map.of("lambda", "500.0"))
        .parameter("name", "grüße ✓")
        .ints("ints", new int[] {1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE})
        .longs("longs", new long[] {Long.MIN_VALUE, 0, 42})
        .floats("floats", new float[] {Float.NaN, -0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY})
        .doubles("doubles", new double[] {Math.PI, Double.MAX_VALUE})
        .strings("ids", new String[] {"sku-1", "", "ü"})
        .floats("big", big)
        .ints("empty", new int[0])
        .build();
  }

  @Test
  void write_thenRead_returnsEqualContents() throws IOException {
    Path file = dir.resolve("m.bin");
    ModelIo.Contents c = sample();
    ModelIo.write(file, c);
    ModelIo.Contents back = ModelIo.read(file);
    assertThat(back).isEqualTo(c);
    assertThat(back.modelType()).isEqualTo("test-model");
    assertThat(back.modelVersion()).isEqualTo(2);
    assertThat(back.parameter("name")).isEqualTo("grüße ✓");
    assertThat(back.floats("big")).containsExactly(c.floats("big"));
    assertThat(Float.isNaN(back.floats("floats")[0])).isTrue();
    assertThat(Float.floatToRawIntBits(back.floats("floats")[1])).isEqualTo(Float.floatToRawIntBits(-0f));
    assertThat(back.strings("ids")).containsExactly("sku-1", "", "ü");
    assertThat(back.source()).isEqualTo(file.toString());
  }

  @Test
  void write_existingFile_replacesItAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("m.bin");
    Files.writeString(file, "old");
    ModelIo.write(file, sample());
    assertThat(ModelIo.read(file)).isEqualTo(sample());
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void write_overADirectoryOrSymbolicLink_refusedNamingTheUsersPathAndLeavesThemAlone() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("models"));
    assertThatIOException().isThrownBy(() -> ModelIo.write(directory, sample()))
        .withMessage(directory + ": not a regular file; refusing to replace it");
    assertThat(directory).isDirectory();

    Path real = Files.writeString(dir.resolve("real.bin"), "not a model, but precious");
    Path link = Files.createSymbolicLink(dir.resolve("link.bin"), real);
    assertThatIOException().isThrownBy(() -> ModelIo.write(link, sample()))
        .withMessage(link + ": not a regular file; refusing to replace it");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).isEqualTo("not a model, but precious");
  }

  @Test
  void write_readOnlyFile_refused() throws IOException {
    assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
    Path file = dir.resolve("m.bin");
    ModelIo.write(file, ModelIo.Contents.builder("m", 1).ints("a", new int[] {1}).build());
    byte[] before = Files.readAllBytes(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    assertThatIOException().isThrownBy(() -> ModelIo.write(file, sample()))
        .withMessage(file + ": read-only file; refusing to replace it");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void write_existingFile_keepsItsPermissions() throws IOException {
    assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
    Path file = dir.resolve("m.bin");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    ModelIo.write(file, sample());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    assertThat(ModelIo.read(file)).isEqualTo(sample());
  }

  @Test
  void write_missingDirectory_failsNamingTheFileNotATemporaryOne() {
    Path file = dir.resolve("absent").resolve("m.bin");
    assertThatIOException().isThrownBy(() -> ModelIo.write(file, sample()))
        .withMessageStartingWith("cannot write " + file + ": ")
        .withMessageNotContaining(".tmp");
  }

  @Test
  void read_flippedByteAnywhere_failsNamingFile() throws IOException {
    Path file = dir.resolve("m.bin");
    ModelIo.write(file, sample());
    byte[] good = Files.readAllBytes(file);
    // Every region: magic, header, parameters, section data, checksum.
    for (int pos : new int[] {0, 10, 30, 60, good.length / 2, good.length - 5, good.length - 1}) {
      byte[] bad = good.clone();
      bad[pos] ^= 0x10;
      Files.write(file, bad);
      assertThatIOException().as("flipped byte %d", pos).isThrownBy(() -> ModelIo.read(file))
          .withMessageContaining(file.toString());
    }
    byte[] bad = good.clone();
    bad[good.length / 2] ^= 0x01;
    Files.write(file, bad);
    assertThatIOException().isThrownBy(() -> ModelIo.read(file)).withMessageContaining("checksum mismatch");
  }

  @Test
  void read_truncatedFile_failsNamingFile() throws IOException {
    Path file = dir.resolve("m.bin");
    ModelIo.write(file, sample());
    byte[] good = Files.readAllBytes(file);
    for (int len : new int[] {0, 7, 20, 100, good.length - 1}) {
      Files.write(file, Arrays.copyOf(good, len));
      assertThatIOException().as("length %d", len).isThrownBy(() -> ModelIo.read(file))
          .withMessageContaining(file.toString()).withMessageContaining("truncated");
    }
  }

  @Test
  void read_otherFile_failsWithBadMagic() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "this is not a model file at all");
    assertThatIOException().isThrownBy(() -> ModelIo.read(file)).withMessageContaining("not a PrivRec model file");
  }

  @Test
  void read_missingFile_throwsIoException() {
    assertThatIOException().isThrownBy(() -> ModelIo.read(dir.resolve("absent.bin")));
  }

  @Test
  void requireType_otherTypeOrNewerVersion_failsNamingSource() throws IOException {
    Path file = dir.resolve("m.bin");
    ModelIo.write(file, sample());
    ModelIo.Contents c = ModelIo.read(file);
    assertThat(c.requireType("test-model", 2)).isSameAs(c);
    assertThatIllegalArgumentException().isThrownBy(() -> c.requireType("ease", 1))
        .withMessageContaining(file.toString()).withMessageContaining("'test-model'").withMessageContaining("'ease'");
    assertThatIllegalArgumentException().isThrownBy(() -> c.requireType("test-model", 1))
        .withMessageContaining("layout version 2");
  }

  @Test
  void sectionAccess_missingOrWrongKind_failsNamingSection() {
    ModelIo.Contents c = sample();
    assertThatIllegalArgumentException().isThrownBy(() -> c.ints("nope")).withMessageContaining("'nope'");
    assertThatIllegalArgumentException().isThrownBy(() -> c.floats("ints")).withMessageContaining("'ints'")
        .withMessageContaining("int[]");
    assertThatIllegalArgumentException().isThrownBy(() -> c.parameter("alpha")).withMessageContaining("'alpha'");
  }

  @Test
  void builder_repeatedNameOrBadVersion_rejected() {
    ModelIo.Contents.Builder b = ModelIo.Contents.builder("m", 1).ints("a", new int[0]);
    assertThatIllegalArgumentException().isThrownBy(() -> b.floats("a", new float[0])).withMessageContaining("'a'");
    assertThatIllegalArgumentException().isThrownBy(() -> ModelIo.Contents.builder("m", 0))
        .withMessageContaining("modelVersion");
    assertThatIllegalArgumentException().isThrownBy(() -> ModelIo.Contents.builder("", 1))
        .withMessageContaining("modelType");
  }

  @Test
  void equals_differentElement_notEqual() {
    ModelIo.Contents a = ModelIo.Contents.builder("m", 1).floats("x", new float[] {1, 2}).build();
    ModelIo.Contents b = ModelIo.Contents.builder("m", 1).floats("x", new float[] {1, 3}).build();
    ModelIo.Contents c = ModelIo.Contents.builder("m", 1).floats("x", new float[] {1, 2}).build();
    assertThat(a).isNotEqualTo(b).isEqualTo(c).hasSameHashCodeAs(c);
  }
}
