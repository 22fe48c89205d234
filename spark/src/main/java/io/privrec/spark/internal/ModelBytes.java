package io.privrec.spark.internal;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.SavableModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fitted model as the bytes of its saved file, for shipping to executors, and the executors'
 * cache of the models loaded from them. Thread-safe.
 */
public final class ModelBytes {
  /** Models kept loaded per executor JVM (the most recently used). */
  private static final int CACHED_MODELS = 4;
  private static final Map<Long, ItemScorer> LOADED = new LinkedHashMap<>(8, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, ItemScorer> eldest) {
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
   * The model saved as {@code bytes}, loaded once per JVM for each {@code id} (a broadcast's id)
   * with core's {@link Algorithms#load}.
   */
  public static ItemScorer load(long id, byte[] bytes) {
    synchronized (LOADED) {
      ItemScorer cached = LOADED.get(id);
      if (cached != null) {
        return cached;
      }
    }
    ItemScorer model = read(bytes);
    synchronized (LOADED) {
      LOADED.put(id, model);
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
      throw new UncheckedIOException("cannot load the broadcast model through a temporary file", e);
    }
  }
}
