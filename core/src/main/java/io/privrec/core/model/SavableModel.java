package io.privrec.core.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A fitted model that can be saved to a file and read back by its type's static {@code
 * load(Path)} (e.g. {@code ItemKnnModel.load}).
 *
 * <p>The file holds the model type and its layout version, the hyperparameters, the item ids the
 * model scores (in index order) and the fitted state. It is written atomically (a temporary
 * sibling file is forced to disk and renamed over the target, so readers see either the old file
 * or the complete new one) and checksummed (CRC32C): loading a truncated, corrupted or foreign
 * file fails with an {@link IOException} naming the file. Floating-point values are stored bit for
 * bit, so a loaded model scores exactly as the saved one.
 *
 * <p>Implementations are immutable and thread-safe; saving does not change the model.
 */
public interface SavableModel {

  /**
   * Saves the model to {@code file} (atomically, checksummed, with its item ids). The parent
   * directory must exist.
   *
   * @throws IOException if the file cannot be written; the file is then left as it was
   */
  void save(Path file) throws IOException;
}
