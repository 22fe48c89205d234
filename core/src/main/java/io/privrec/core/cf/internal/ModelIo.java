package io.privrec.core.cf.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.internal.storage.DurableFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Saves and loads fitted models as versioned, checksummed binary files.
 *
 * <p>A model is described by its {@link Contents}: a model type ({@code "item-knn"}, {@code
 * "ease"}, …), the type's own layout version, its hyperparameters as {@code key=value} strings and
 * named primitive arrays ({@code int[]}, {@code long[]}, {@code float[]}, {@code double[]}, {@code
 * String[]}). Each model maps its fitted state to and from {@code Contents} (its package-private
 * {@code toContents()} / {@code fromContents}, behind the public {@link
 * io.privrec.core.model.SavableModel#save} and the type's static {@code load(Path)}); this class
 * owns the file format, so every model gets the same integrity checks. Not API.
 *
 * <pre>{@code
 * ModelIo.write(path, contents);
 * ModelIo.Contents c = ModelIo.read(path);
 * c.requireType("item-knn", 1);                         // clear error for a wrong file
 * float[] sims = c.floats("similarities");
 * }</pre>
 *
 * <h2>File format (version 1), big-endian</h2>
 * <pre>
 *   magic         8 bytes  0x89 'P' 'R' 'V' 'M' 'O' 'D' '\n'
 *   format        int      1
 *   length        long     total file length in bytes, trailer included
 *   model type    string   (int byte count, then UTF-8 bytes)
 *   model version int
 *   parameters    int count, then count × (string key, string value)
 *   sections      int count, then count × (string name, byte kind, int length, elements)
 *                 kind: 'I' int, 'J' long, 'F' float, 'D' double, 'S' string
 *   checksum      int      CRC32C of every preceding byte
 * </pre>
 *
 * <h2>Integrity</h2>
 * {@link #write} writes to a temporary file in the target's directory, forces it to disk and
 * renames it atomically over the target (never over a directory, link or device, see {@link
 * DurableFiles#writeOutputAtomically}), so readers see either the old file or the complete new
 * one. {@link #read} checks the magic, the format
 * version, the declared length against the file's size (truncation) and the CRC32C over the whole
 * file (corruption) before decoding anything; every failure is an {@link IOException} whose
 * message names the file.
 *
 * <p>Floating-point values, including NaN payloads, are stored bit for bit.
 *
 * <p>Thread-safety: stateless; concurrent writes to the same path leave one complete file (the
 * last rename wins).
 */
public final class ModelIo {
  /** The current (and only) file format version. */
  public static final int FORMAT_VERSION = 1;

  private static final byte[] MAGIC = {(byte) 0x89, 'P', 'R', 'V', 'M', 'O', 'D', '\n'};
  private static final int HEADER_BYTES = MAGIC.length + 4 + 8;
  private static final int BUFFER_BYTES = 1 << 16;

  private ModelIo() {}

  /**
   * Writes {@code contents} to {@code file} atomically with {@link
   * DurableFiles#writeOutputAtomically}: a temporary sibling file is written, forced to disk and
   * renamed over {@code file}. An existing {@code file} must be a writable regular file (never a
   * symbolic link, directory or device) and keeps its permissions; a new one gets the default
   * permissions of a new file (0644 with the usual umask). The parent directory must exist.
   *
   * @throws IOException naming {@code file} (never the temporary file) if it exists and is not a
   *     writable regular file, or cannot be written; {@code file} is then left as it was and the
   *     temporary file is removed
   */
  public static void write(Path file, Contents contents) throws IOException {
    requireNonNull(file, "file");
    requireNonNull(contents, "contents");
    long length = encodedLength(contents);
    DurableFiles.writeOutputAtomically(file, stream -> {
      Out out = new Out(stream);
      out.bytes(MAGIC);
      out.i32(FORMAT_VERSION);
      out.i64(length);
      contents.encodeBody(out);
      out.flush();
      stream.write(ByteBuffer.allocate(4).putInt((int) out.crc.getValue()).array());
    });
  }

  /**
   * Reads a model file written by {@link #write}, verifying it completely before decoding.
   *
   * @throws IOException naming {@code file} if it cannot be read, is not a PrivRec model file, has
   *     an unsupported format version, is truncated (or has trailing bytes), or fails its checksum
   */
  public static Contents read(Path file) throws IOException {
    requireNonNull(file, "file");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEADER_BYTES + 4) {
        throw new IOException("model file " + file + " is truncated or not a PrivRec model file: " + size + " bytes");
      }
      In in = new In(ch, file, size - 4);
      byte[] magic = in.bytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("model file " + file + " is not a PrivRec model file (bad magic number)");
      }
      int format = in.i32();
      if (format != FORMAT_VERSION) {
        throw new IOException("model file " + file + " has format version " + format
            + "; this library reads version " + FORMAT_VERSION);
      }
      long declared = in.i64();
      if (declared != size) {
        throw new IOException("model file " + file + " is truncated or corrupted: header declares " + declared
            + " bytes, file has " + size);
      }
      verifyChecksum(ch, file, size);
      ch.position(HEADER_BYTES);
      in = new In(ch, file, size - 4);
      Contents contents = Contents.decodeBody(in, file.toString());
      if (in.remaining() != 0) {
        throw new IOException("model file " + file + " is corrupted: " + in.remaining() + " undecoded bytes");
      }
      return contents;
    }
  }

  private static void verifyChecksum(FileChannel ch, Path file, long size) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_BYTES);
    long pos = 0;
    long end = size - 4;
    while (pos < end) {
      buf.clear();
      buf.limit((int) Math.min(BUFFER_BYTES, end - pos));
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("model file " + file + " is truncated: unexpected end at byte " + pos);
      }
      pos += n;
      buf.flip();
      crc.update(buf);
    }
    ByteBuffer trailer = ByteBuffer.allocate(4);
    while (trailer.hasRemaining()) {
      if (ch.read(trailer, end + trailer.position()) < 0) {
        throw new IOException("model file " + file + " is truncated: no checksum");
      }
    }
    int stored = trailer.flip().getInt();
    int computed = (int) crc.getValue();
    if (stored != computed) {
      throw new IOException("model file " + file + " is corrupted: CRC32C checksum mismatch (stored "
          + Integer.toHexString(stored) + ", computed " + Integer.toHexString(computed) + ")");
    }
  }

  private static long encodedLength(Contents c) {
    long n = HEADER_BYTES + stringBytes(c.modelType) + 4 + 4;
    for (Map.Entry<String, String> e : c.parameters.entrySet()) {
      n += stringBytes(e.getKey()) + stringBytes(e.getValue());
    }
    n += 4;
    for (Map.Entry<String, Object> e : c.sections.entrySet()) {
      n += stringBytes(e.getKey()) + 1 + 4;
      Object a = e.getValue();
      if (a instanceof int[]) {
        n += 4L * ((int[]) a).length;
      } else if (a instanceof long[]) {
        n += 8L * ((long[]) a).length;
      } else if (a instanceof float[]) {
        n += 4L * ((float[]) a).length;
      } else if (a instanceof double[]) {
        n += 8L * ((double[]) a).length;
      } else {
        for (String s : (String[]) a) {
          n += stringBytes(s);
        }
      }
    }
    return n + 4;
  }

  private static long stringBytes(String s) {
    return 4L + s.getBytes(UTF_8).length;
  }

  /**
   * The state of one model: type, type version, hyperparameters and named primitive arrays.
   *
   * <p>Immutable as far as this class goes; for speed with large models (an EASE weight matrix
   * takes gigabytes) arrays are shared, not copied, between the builder, the contents, the model
   * and the caller of the array accessors: treat every array as read-only. Thread-safe under that
   * rule.
   */
  public static final class Contents {
    private final String modelType;
    private final int modelVersion;
    private final Map<String, String> parameters;
    private final Map<String, Object> sections;
    private final String source;

    private Contents(String modelType, int modelVersion, Map<String, String> parameters, Map<String, Object> sections,
        String source) {
      this.modelType = modelType;
      this.modelVersion = modelVersion;
      this.parameters = Collections.unmodifiableMap(parameters);
      this.sections = Collections.unmodifiableMap(sections);
      this.source = source;
    }

    /**
     * Starts building contents.
     *
     * @param modelType the model type, e.g. {@code "item-knn"}; non-empty
     * @param modelVersion the layout version of this model type, {@code >= 1}; bump it when the
     *     sections change meaning
     * @throws IllegalArgumentException if {@code modelType} is empty or {@code modelVersion < 1}
     */
    public static Builder builder(String modelType, int modelVersion) {
      return new Builder(modelType, modelVersion);
    }

    /** The model type. */
    public String modelType() {
      return modelType;
    }

    /** The layout version of the model type. */
    public int modelVersion() {
      return modelVersion;
    }

    /** The hyperparameters, in insertion order (unmodifiable). */
    public Map<String, String> parameters() {
      return parameters;
    }

    /** Where the contents were read from (the file path), or {@code "<memory>"}. */
    public String source() {
      return source;
    }

    /** Names of the sections, in insertion order. */
    public java.util.Set<String> sectionNames() {
      return sections.keySet();
    }

    /**
     * Checks the model type and that the layout version is one the caller reads.
     *
     * @throws IllegalArgumentException naming the source if the type differs or the version is
     *     outside {@code [1, maxVersion]}
     */
    public Contents requireType(String expectedType, int maxVersion) {
      requireNonNull(expectedType, "expectedType");
      if (!modelType.equals(expectedType)) {
        throw new IllegalArgumentException(source + " holds a '" + modelType + "' model, expected '" + expectedType + "'");
      }
      if (modelVersion < 1 || modelVersion > maxVersion) {
        throw new IllegalArgumentException(source + " holds a '" + modelType + "' model of layout version " + modelVersion
            + "; this library reads versions 1 to " + maxVersion);
      }
      return this;
    }

    /**
     * A required hyperparameter.
     *
     * @throws IllegalArgumentException naming the source if it is missing
     */
    public String parameter(String key) {
      String v = parameters.get(requireNonNull(key, "key"));
      if (v == null) {
        throw new IllegalArgumentException(source + " lacks model parameter '" + key + "'");
      }
      return v;
    }

    /**
     * The {@code int[]} section {@code name} (shared, read-only).
     *
     * @throws IllegalArgumentException naming the source if it is missing or of another kind
     */
    public int[] ints(String name) {
      return section(name, int[].class);
    }

    /** The {@code long[]} section {@code name}; see {@link #ints}. */
    public long[] longs(String name) {
      return section(name, long[].class);
    }

    /** The {@code float[]} section {@code name}; see {@link #ints}. */
    public float[] floats(String name) {
      return section(name, float[].class);
    }

    /** The {@code double[]} section {@code name}; see {@link #ints}. */
    public double[] doubles(String name) {
      return section(name, double[].class);
    }

    /** The {@code String[]} section {@code name}; see {@link #ints}. */
    public String[] strings(String name) {
      return section(name, String[].class);
    }

    private <T> T section(String name, Class<T> kind) {
      Object a = sections.get(requireNonNull(name, "name"));
      if (a == null) {
        throw new IllegalArgumentException(source + " lacks section '" + name + "' of model type '" + modelType + "'");
      }
      if (!kind.isInstance(a)) {
        throw new IllegalArgumentException(source + ": section '" + name + "' holds " + a.getClass().getSimpleName()
            + ", expected " + kind.getSimpleName());
      }
      return kind.cast(a);
    }

    /**
     * Equal if type, version, parameters and every section's elements are equal (floating-point
     * elements compared as by {@link Arrays#equals(float[], float[])}: bit patterns, with all
     * NaNs equal); the source is ignored.
     */
    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Contents)) {
        return false;
      }
      Contents c = (Contents) o;
      if (!modelType.equals(c.modelType) || modelVersion != c.modelVersion || !parameters.equals(c.parameters)
          || !sections.keySet().equals(c.sections.keySet())) {
        return false;
      }
      for (Map.Entry<String, Object> e : sections.entrySet()) {
        if (!Arrays.deepEquals(new Object[] {e.getValue()}, new Object[] {c.sections.get(e.getKey())})) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int h = modelType.hashCode() * 31 + modelVersion;
      h = h * 31 + parameters.hashCode();
      for (Map.Entry<String, Object> e : sections.entrySet()) {
        h = h * 31 + e.getKey().hashCode();
        h = h * 31 + Arrays.deepHashCode(new Object[] {e.getValue()});
      }
      return h;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("ModelIo.Contents{type=").append(modelType).append(", version=")
          .append(modelVersion).append(", parameters=").append(parameters).append(", sections=[");
      String sep = "";
      for (Map.Entry<String, Object> e : sections.entrySet()) {
        sb.append(sep).append(e.getKey()).append(':').append(e.getValue().getClass().getSimpleName())
            .append('(').append(java.lang.reflect.Array.getLength(e.getValue())).append(')');
        sep = ", ";
      }
      return sb.append("]}").toString();
    }

    private void encodeBody(Out out) throws IOException {
      out.string(modelType);
      out.i32(modelVersion);
      out.i32(parameters.size());
      for (Map.Entry<String, String> e : parameters.entrySet()) {
        out.string(e.getKey());
        out.string(e.getValue());
      }
      out.i32(sections.size());
      for (Map.Entry<String, Object> e : sections.entrySet()) {
        out.string(e.getKey());
        Object a = e.getValue();
        if (a instanceof int[]) {
          int[] x = (int[]) a;
          out.kind('I', x.length);
          out.ints(x);
        } else if (a instanceof long[]) {
          long[] x = (long[]) a;
          out.kind('J', x.length);
          out.longs(x);
        } else if (a instanceof float[]) {
          float[] x = (float[]) a;
          out.kind('F', x.length);
          out.floats(x);
        } else if (a instanceof double[]) {
          double[] x = (double[]) a;
          out.kind('D', x.length);
          out.doubles(x);
        } else {
          String[] x = (String[]) a;
          out.kind('S', x.length);
          for (String s : x) {
            out.string(s);
          }
        }
      }
    }

    private static Contents decodeBody(In in, String source) throws IOException {
      String type = in.string();
      int version = in.i32();
      int nParams = in.count(8);
      Map<String, String> params = new LinkedHashMap<>();
      for (int k = 0; k < nParams; k++) {
        String key = in.string();
        if (params.put(key, in.string()) != null) {
          throw in.corrupt("repeated parameter '" + key + "'");
        }
      }
      int nSections = in.count(9);
      Map<String, Object> sections = new LinkedHashMap<>();
      for (int k = 0; k < nSections; k++) {
        String name = in.string();
        byte kind = in.bytes(1)[0];
        Object a;
        switch (kind) {
          case 'I':
            a = in.ints(in.count(4));
            break;
          case 'J':
            a = in.longs(in.count(8));
            break;
          case 'F':
            a = in.floats(in.count(4));
            break;
          case 'D':
            a = in.doubles(in.count(8));
            break;
          case 'S': {
            String[] s = new String[in.count(4)];
            for (int q = 0; q < s.length; q++) {
              s[q] = in.string();
            }
            a = s;
            break;
          }
          default:
            throw in.corrupt("unknown section kind " + kind + " of section '" + name + "'");
        }
        if (sections.put(name, a) != null) {
          throw in.corrupt("repeated section '" + name + "'");
        }
      }
      return new Contents(type, version, params, sections, source);
    }

    /** Collects the parts of a {@link Contents}. Not thread-safe. */
    public static final class Builder {
      private final String modelType;
      private final int modelVersion;
      private final Map<String, String> parameters = new LinkedHashMap<>();
      private final Map<String, Object> sections = new LinkedHashMap<>();

      private Builder(String modelType, int modelVersion) {
        CorePreconditions.checkNotEmpty("modelType", modelType);
        CorePreconditions.checkPositive("modelVersion", modelVersion);
        this.modelType = modelType;
        this.modelVersion = modelVersion;
      }

      /** Adds all {@code parameters} (see {@link #parameter}). */
      public Builder parameters(Map<String, String> parameters) {
        requireNonNull(parameters, "parameters").forEach(this::parameter);
        return this;
      }

      /**
       * Adds a hyperparameter.
       *
       * @throws IllegalArgumentException if {@code key} was already added
       */
      public Builder parameter(String key, String value) {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        CorePreconditions.checkArgument(!parameters.containsKey(key), "parameter '%s' was already added", key);
        parameters.put(key, value);
        return this;
      }

      /**
       * Adds an {@code int[]} section (shared, not copied).
       *
       * @throws IllegalArgumentException if a section {@code name} was already added
       */
      public Builder ints(String name, int[] values) {
        return put(name, requireNonNull(values, "values"));
      }

      /** Adds a {@code long[]} section; see {@link #ints}. */
      public Builder longs(String name, long[] values) {
        return put(name, requireNonNull(values, "values"));
      }

      /** Adds a {@code float[]} section; see {@link #ints}. */
      public Builder floats(String name, float[] values) {
        return put(name, requireNonNull(values, "values"));
      }

      /** Adds a {@code double[]} section; see {@link #ints}. */
      public Builder doubles(String name, double[] values) {
        return put(name, requireNonNull(values, "values"));
      }

      /** Adds a {@code String[]} section; see {@link #ints}. Elements must not be null. */
      public Builder strings(String name, String[] values) {
        requireNonNull(values, "values");
        for (int k = 0; k < values.length; k++) {
          requireNonNull(values[k], "values[" + k + "]");
        }
        return put(name, values);
      }

      private Builder put(String name, Object array) {
        requireNonNull(name, "name");
        CorePreconditions.checkArgument(!sections.containsKey(name), "section '%s' was already added", name);
        sections.put(name, array);
        return this;
      }

      /** The contents (this builder's maps are copied; arrays are shared). */
      public Contents build() {
        return new Contents(modelType, modelVersion, new LinkedHashMap<>(parameters), new LinkedHashMap<>(sections),
            "<memory>");
      }
    }
  }

  /** Buffered big-endian writer that keeps a running CRC32C of everything written. */
  private static final class Out {
    final OutputStream stream;
    final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
    final CRC32C crc = new CRC32C();

    Out(OutputStream stream) {
      this.stream = stream;
    }

    void ensure(int n) throws IOException {
      if (buf.remaining() < n) {
        flush();
      }
    }

    void flush() throws IOException {
      crc.update(buf.array(), 0, buf.position());
      stream.write(buf.array(), 0, buf.position());
      buf.clear();
    }

    void bytes(byte[] b) throws IOException {
      int off = 0;
      while (off < b.length) {
        ensure(1);
        int n = Math.min(buf.remaining(), b.length - off);
        buf.put(b, off, n);
        off += n;
      }
    }

    void i32(int v) throws IOException {
      ensure(4);
      buf.putInt(v);
    }

    void i64(long v) throws IOException {
      ensure(8);
      buf.putLong(v);
    }

    void kind(char kind, int length) throws IOException {
      ensure(5);
      buf.put((byte) kind);
      buf.putInt(length);
    }

    void string(String s) throws IOException {
      byte[] b = s.getBytes(UTF_8);
      i32(b.length);
      bytes(b);
    }

    void ints(int[] a) throws IOException {
      for (int off = 0; off < a.length;) {
        ensure(4);
        int n = Math.min(buf.remaining() / 4, a.length - off);
        buf.asIntBuffer().put(a, off, n);
        buf.position(buf.position() + 4 * n);
        off += n;
      }
    }

    void longs(long[] a) throws IOException {
      for (int off = 0; off < a.length;) {
        ensure(8);
        int n = Math.min(buf.remaining() / 8, a.length - off);
        buf.asLongBuffer().put(a, off, n);
        buf.position(buf.position() + 8 * n);
        off += n;
      }
    }

    void floats(float[] a) throws IOException {
      for (int off = 0; off < a.length;) {
        ensure(4);
        int n = Math.min(buf.remaining() / 4, a.length - off);
        buf.asFloatBuffer().put(a, off, n);
        buf.position(buf.position() + 4 * n);
        off += n;
      }
    }

    void doubles(double[] a) throws IOException {
      for (int off = 0; off < a.length;) {
        ensure(8);
        int n = Math.min(buf.remaining() / 8, a.length - off);
        buf.asDoubleBuffer().put(a, off, n);
        buf.position(buf.position() + 8 * n);
        off += n;
      }
    }
  }

  /**
   * Buffered big-endian reader over {@code [position, end)} of a channel; every length is checked
   * against the bytes left before anything is allocated.
   */
  private static final class In {
    final FileChannel ch;
    final Path file;
    final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_BYTES);
    long left; // bytes not yet pulled into buf

    In(FileChannel ch, Path file, long end) throws IOException {
      this.ch = ch;
      this.file = file;
      this.left = end - ch.position();
      buf.limit(0);
    }

    long remaining() {
      return left + buf.remaining();
    }

    IOException corrupt(String what) {
      return new IOException("model file " + file + " is corrupted: " + what);
    }

    void need(int n) throws IOException {
      if (buf.remaining() >= n) {
        return;
      }
      if (remaining() < n) {
        throw corrupt("unexpected end of data");
      }
      buf.compact();
      buf.limit(buf.position() + (int) Math.min(buf.remaining(), left));
      while (buf.hasRemaining()) {
        int r = ch.read(buf);
        if (r < 0) {
          throw corrupt("unexpected end of file");
        }
        left -= r;
      }
      buf.flip();
    }

    int count(int bytesPerElement) throws IOException {
      int n = i32();
      if (n < 0 || (long) n * bytesPerElement > remaining()) {
        throw corrupt("length " + n + " exceeds the remaining " + remaining() + " bytes");
      }
      return n;
    }

    byte[] bytes(int n) throws IOException {
      if (remaining() < n) {
        throw corrupt("unexpected end of data");
      }
      byte[] b = new byte[n];
      int off = 0;
      while (off < n) {
        need(1);
        int k = Math.min(buf.remaining(), n - off);
        buf.get(b, off, k);
        off += k;
      }
      return b;
    }

    int i32() throws IOException {
      need(4);
      return buf.getInt();
    }

    long i64() throws IOException {
      need(8);
      return buf.getLong();
    }

    String string() throws IOException {
      return new String(bytes(count(1)), UTF_8);
    }

    int[] ints(int n) throws IOException {
      int[] a = new int[n];
      for (int off = 0; off < n;) {
        need(4);
        int k = Math.min(buf.remaining() / 4, n - off);
        buf.asIntBuffer().get(a, off, k);
        buf.position(buf.position() + 4 * k);
        off += k;
      }
      return a;
    }

    long[] longs(int n) throws IOException {
      long[] a = new long[n];
      for (int off = 0; off < n;) {
        need(8);
        int k = Math.min(buf.remaining() / 8, n - off);
        buf.asLongBuffer().get(a, off, k);
        buf.position(buf.position() + 8 * k);
        off += k;
      }
      return a;
    }

    float[] floats(int n) throws IOException {
      float[] a = new float[n];
      for (int off = 0; off < n;) {
        need(4);
        int k = Math.min(buf.remaining() / 4, n - off);
        buf.asFloatBuffer().get(a, off, k);
        buf.position(buf.position() + 4 * k);
        off += k;
      }
      return a;
    }

    double[] doubles(int n) throws IOException {
      double[] a = new double[n];
      for (int off = 0; off < n;) {
        need(8);
        int k = Math.min(buf.remaining() / 8, n - off);
        buf.asDoubleBuffer().get(a, off, k);
        buf.position(buf.position() + 8 * k);
        off += k;
      }
      return a;
    }
  }
}
