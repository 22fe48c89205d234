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
 * <p>The model is the release, and so is its saved file: it holds only the released statistics,
 * the parameters, the public catalogue's item ids and the guarantee — no customer's row, factors,
 * cohort or id, and no count of customers — so its size does not grow with the number of
 * customers, and it is (ε, δ)-differentially private for add/remove-one-customer neighbours (the
 * privacy unit being one customer and all her data) and may be published. Customers are scored
 * from their own profiles ({@link #scoreProfile}), which the caller holds (joint differential
 * privacy for what each of them is shown). {@link #forget} keeps the release ({@link
 * ModelUpdate#RELEASE_KEPT}). A file records whether its fit used the insecure test source, but
 * loading never configures that source for a new fit.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface PrivateModel extends ItemScorer, SavableModel {

  /** The guarantee of the fit that released this model. */
  PrivacyGuarantee guarantee();

  /**
   * Saves the model, its parameters, the catalogue's item ids and its {@link #guarantee()} to
   * {@code file} (atomically, checksummed; see {@link SavableModel}).
   *
   * @throws IOException if the file cannot be written; the file is then left as it was
   */
  @Override
  void save(Path file) throws IOException;
}
