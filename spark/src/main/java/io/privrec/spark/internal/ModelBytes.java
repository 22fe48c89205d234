package io.privrec.spark.internal;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.SavableModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A fitted model as the bytes of its saved file, for shipping to executors, and the executors'
 * cache of the models loaded from them. Thread-safe.
 */
public final class ModelBytes {
  /** Models kept loaded per executor JVM (the most recently used). */
  private static final int CACHED_MODELS = 4;
  private static final Map<String, ItemScorer> LOADED = new LinkedHashMap<>(8, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ItemScorer> eldest) {
      return size() > CACHED_MODELS;
    }
  };

  private ModelBytes() {}

  /** The bytes of {@code model}'s saved file (core's checksummed format). */
  public static byte[] of(SavableModel model) {
    try {
      Path dir = Files.createTempDirectory("privrec-model");
      Path file = dir.resolve("model");
      try {
        model.save(file);
        return Files.readAllBytes(file);
      } finally {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the model through a temporary file", e);
    }
  }

  /**
   * The key of a model's bytes for {@link #load}: their SHA-256 digest in hex, computed once on the
   * driver. Equal bytes are the same model, whichever path or job ships them.
   */
  public static String key(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * The model saved as the bytes {@code bytes} supplies, loaded once per JVM for each {@code key}
   * ({@link #key} of the bytes) with core's {@link Algorithms#load}; the bytes are asked for only
   * when the model is not loaded yet.
   */
  public static ItemScorer load(String key, Supplier<byte[]> bytes) {
    synchronized (LOADED) {
      ItemScorer cached = LOADED.get(key);
      if (cached != null) {
        return cached;
      }
    }
    ItemScorer model = read(bytes.get());
    synchronized (LOADED) {
      LOADED.put(key, model);
    }
    return model;
  }

  private static ItemScorer read(byte[] bytes) {
    try {
      Path dir = Files.createTempDirectory("privrec-model");
      Path file = dir.resolve("model");
      try {
        Files.write(file, bytes);
        return (ItemScorer) Algorithms.load(file);
      } finally {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the shipped model through a temporary file", e);
    }
  }
}
