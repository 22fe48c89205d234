package io.privrec.core.internal.home;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.cf.dp.DpEaseModel;
import io.privrec.core.cf.dp.DpPopularityModel;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.internal.cohort.CohortModel;
import io.privrec.core.internal.storage.DurableFiles;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.SavableModel;
import io.privrec.dp.kanon.Cohorts;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Published model versions in a home's {@code models/} directory: per version a model file
 * ({@code vNNNNNN.model}, the model's own checksummed format), the keyed digests of the customers
 * it was trained on ({@code vNNNNNN.train}), and the pointer {@value #CURRENT} naming the live
 * version, its algorithm and the event sequence its data ended before. A differentially private
 * version with cohorts also holds its cohort release: the definitions ({@code vNNNNNN.cohorts},
 * {@link Cohorts#writeTo}) and the noisy counts ({@code vNNNNNN.cohort-counts}, {@link
 * DpPopularityModel#save}), named by the pointer's {@code cohorts=1}; they are served as released
 * after every open, never fitted again. Publication writes the
 * version's files, then atomically replaces the pointer: a crash leaves the old or the new version
 * live, never a mix; files no pointer names are deleted on open.
 *
 * <p>Not thread-safe: the home serialises publication.
 */
public final class Versions {
  static final String CURRENT = "CURRENT";
  static final String COHORTS = ".cohorts";
  static final String COHORT_COUNTS = ".cohort-counts";

  private final Path dir;

  /**
   * The live version: its id, model, training digests, data watermark, algorithm and (null if
   * none) its private cohort release.
   */
  public record Published(String id, ItemScorer model, Set<String> trainDigests, long watermark, String algorithm,
      Map<String, String> parameters, CohortModel cohorts) {}

  private Versions(Path dir) {
    this.dir = dir;
  }

  /** Opens {@code dir} (created 0700 if missing), deleting files of unpublished versions. */
  public static Versions open(Path dir) throws IOException {
    DurableFiles.createPrivateDirectories(dir);
    DurableFiles.cleanTemporaryFiles(dir);
    Versions v = new Versions(dir);
    Optional<String> current = v.currentId();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "v*")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        String id = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (current.isEmpty() || !current.get().equals(id)) {
          Files.deleteIfExists(f);
        }
      }
    }
    return v;
  }

  /** The id of the live version, if any. */
  public Optional<String> currentId() throws IOException {
    Path p = dir.resolve(CURRENT);
    if (!Files.exists(p)) {
      return Optional.empty();
    }
    return Optional.of(readPointer(p).get("version"));
  }

  /** The next version id after the live one. */
  public String nextId() throws IOException {
    int n = currentId().map(id -> Integer.parseInt(id.substring(1))).orElse(0);
    return String.format("v%06d", n + 1);
  }

  /** Loads the live version, if any. */
  public Optional<Published> load() throws IOException {
    Path p = dir.resolve(CURRENT);
    if (!Files.exists(p)) {
      return Optional.empty();
    }
    Map<String, String> pointer = readPointer(p);
    String id = pointer.get("version");
    SavableModel model = Algorithms.load(dir.resolve(id + ".model"));
    Set<String> digests = readDigests(dir.resolve(id + ".train"));
    Map<String, String> params = new LinkedHashMap<>();
    String encoded = pointer.getOrDefault("parameters", "");
    for (String kv : encoded.isEmpty() ? new String[0] : encoded.split("\t")) {
      int eq = kv.indexOf('=');
      params.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    String cohortsKind = pointer.get("cohorts");
    CohortModel cohorts = "1".equals(cohortsKind) || "model".equals(cohortsKind)
        ? loadCohorts(id, "model".equals(cohortsKind) ? model : null) : null;
    return Optional.of(new Published(id, (ItemScorer) model, digests, Long.parseLong(pointer.get("watermark")),
        pointer.get("algorithm"), params, cohorts));
  }

  /**
   * The cohort definitions of version {@code id} with their counts: those of its own counts file,
   * or (with {@code inModel}) those the version's model released.
   */
  private CohortModel loadCohorts(String id, SavableModel inModel) throws IOException {
    Path definitions = dir.resolve(id + COHORTS);
    Path counts = dir.resolve(id + COHORT_COUNTS);
    for (Path f : inModel != null ? new Path[] {definitions} : new Path[] {definitions, counts}) {
      if (!Files.isRegularFile(f)) {
        throw new IllegalStateException("model version " + id + " names a cohort release but " + f + " is missing");
      }
    }
    Cohorts c;
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(definitions))) {
      c = Cohorts.readFrom(in);
      if (in.read() != -1) {
        throw new IllegalStateException("cohort definitions " + definitions + " are corrupt: trailing bytes");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cohort definitions " + definitions + " cannot be read: " + e.getMessage(), e);
    }
    DpPopularityModel release = inModel == null ? DpPopularityModel.load(counts) : null;
    try {
      if (release != null) {
        return CohortModel.released(c, release);
      }
      if (!(inModel instanceof DpEaseModel model)) {
        throw new IllegalArgumentException("its model holds no cohort counts");
      }
      return CohortModel.releasedInModel(c, model);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the cohort release of model version " + id + " is inconsistent: "
          + e.getMessage(), e);
    }
  }

  /**
   * Publishes a version: model, training digests and cohort release first, then the pointer;
   * then deletes the previous version's files.
   *
   * @param cohorts a private cohort release published with the model (null: none); exact counts
   *     are never saved (they are fitted again on open)
   */
  public void publish(String id, SavableModel model, Collection<String> trainDigests, long watermark, String algorithm,
      Map<String, String> parameters, CohortModel cohorts) throws IOException {
    CorePreconditions.checkArgument(cohorts == null || !cohorts.isExact(),
        "only a private cohort release is saved with a version");
    Optional<String> previous = currentId();
    Path modelFile = dir.resolve(id + ".model");
    model.save(modelFile);
    ownerOnly(modelFile);
    writeDigests(dir.resolve(id + ".train"), trainDigests);
    if (cohorts != null) {
      DurableFiles.writeAtomically(dir.resolve(id + COHORTS), out -> cohorts.cohorts().writeTo(out));
      if (cohorts.release() != null) { // else the counts are part of the model's release
        Path counts = dir.resolve(id + COHORT_COUNTS);
        cohorts.release().save(counts);
        ownerOnly(counts);
      }
    }
    StringBuilder params = new StringBuilder();
    parameters.forEach((k, v) -> params.append(params.length() > 0 ? "\t" : "").append(k).append('=').append(v));
    String body = "version=" + id + "\nwatermark=" + watermark + "\nalgorithm=" + algorithm + "\nparameters=" + params + "\n"
        + (cohorts == null ? "" : cohorts.release() != null ? "cohorts=1\n" : "cohorts=model\n");
    CRC32C crc = new CRC32C();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    String text = body + "crc=" + Long.toHexString(crc.getValue()) + "\n";
    DurableFiles.writeAtomically(dir.resolve(CURRENT), out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    if (previous.isPresent() && !previous.get().equals(id)) {
      Files.deleteIfExists(dir.resolve(previous.get() + ".model"));
      Files.deleteIfExists(dir.resolve(previous.get() + ".train"));
      Files.deleteIfExists(dir.resolve(previous.get() + COHORTS));
      Files.deleteIfExists(dir.resolve(previous.get() + COHORT_COUNTS));
      DurableFiles.forceDirectory(dir);
    }
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // the directory's own permissions protect it
    }
  }

  /** Replaces the live version's training digests (after an erasure or withdrawal). */
  public void rewriteTraining(String id, Collection<String> trainDigests) throws IOException {
    writeDigests(dir.resolve(id + ".train"), trainDigests);
  }

  private static Map<String, String> readPointer(Path p) throws IOException {
    String text = Files.readString(p, StandardCharsets.UTF_8);
    int crcAt = text.lastIndexOf("crc=");
    if (crcAt < 0) {
      throw new IllegalStateException("model pointer " + p + " is corrupt: no checksum");
    }
    String body = text.substring(0, crcAt);
    CRC32C crc = new CRC32C();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    if (!text.substring(crcAt + 4).trim().equals(Long.toHexString(crc.getValue()))) {
      throw new IllegalStateException("model pointer " + p + " is corrupt: checksum mismatch");
    }
    Map<String, String> m = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new java.io.StringReader(body))) {
      for (String line; (line = r.readLine()) != null; ) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          m.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    for (String key : new String[] {"version", "watermark", "algorithm"}) {
      if (!m.containsKey(key)) {
        throw new IllegalStateException("model pointer " + p + " is corrupt: no " + key);
      }
    }
    return m;
  }

  private static void writeDigests(Path file, Collection<String> digests) throws IOException {
    DurableFiles.writeAtomically(file, raw -> {
      CRC32C crc = new CRC32C();
      DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
          new java.util.zip.CheckedOutputStream(raw, crc), 1 << 16));
      out.writeInt(digests.size());
      for (String d : digests) {
        out.write(HexFormat.of().parseHex(d));
      }
      out.flush();
      new DataOutputStream(raw).writeInt((int) crc.getValue());
    });
  }

  private static Set<String> readDigests(Path file) throws IOException {
    try (InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CRC32C crc = new CRC32C();
      DataInputStream in = new DataInputStream(new java.util.zip.CheckedInputStream(raw, crc));
      int n = in.readInt();
      if (n < 0) {
        throw new IllegalStateException("training digests " + file + " are corrupt: negative count");
      }
      Set<String> result = new HashSet<>(Math.max(16, n * 2));
      byte[] d = new byte[32];
      for (int j = 0; j < n; j++) {
        in.readFully(d);
        result.add(HexFormat.of().formatHex(d));
      }
      int computed = (int) crc.getValue();
      if (new DataInputStream(raw).readInt() != computed) {
        throw new IllegalStateException("training digests " + file + " are corrupt: checksum mismatch");
      }
      return result;
    } catch (java.io.EOFException e) {
      throw new IllegalStateException("training digests " + file + " are truncated", e);
    }
  }
}
