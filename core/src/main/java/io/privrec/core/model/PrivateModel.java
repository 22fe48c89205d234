package io.privrec.core.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A fitted model of a {@link PrivateAlgorithm}: what it releases is differentially private, and
 * it reports the guarantee of the fit that released it, also after being saved ({@link #save}) and
 * loaded again (each model type's static {@code load(Path)}; loading is post-processing and charges
 * nothing). A private model holds no method that reads training data again or charges a budget:
 * updating it means a new fit, charged anew.
 *
 * <p>A saved file is the shop's own copy, not a release: besides the private statistics it keeps
 * what the model needs to serve its training customers (their rows, their own factors or cohorts),
 * which is private to each of them (joint differential privacy) but not differentially private as a
 * whole. Publish the release itself (e.g. {@code DpEaseModel.weights()}, {@code
 * DpIalsModel.itemFactors()}, {@code DpPopularityModel.noisyCounts()}), never the file.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface PrivateModel extends ItemScorer, ModelIo.Persistable {

  /** The guarantee of the fit that released this model. */
  PrivacyGuarantee guarantee();

  /**
   * Saves the model, its parameters and its {@link #guarantee()} to {@code file} (atomically,
   * checksummed; see {@link ModelIo}).
   *
   * @throws IOException if the file cannot be written; the file is then left as it was
   */
  default void save(Path file) throws IOException {
    ModelIo.save(file, this);
  }
}
