package io.privrec.core.model;

/**
 * Receives progress while a model is fitted (e.g. to draw a progress bar in a notebook).
 *
 * <p>Called from the fitting thread(s); implementations must be thread-safe if the algorithm
 * fits in parallel. Exceptions thrown by a listener abort the fit.
 */
@FunctionalInterface
public interface FitListener {

  /** A listener that ignores all progress. */
  FitListener NONE = (stage, fraction) -> { };

  /**
   * Reports progress.
   *
   * @param stage a short human-readable name of the current stage (e.g. {@code "iteration 3/15"})
   * @param fraction overall completion in {@code [0, 1]}
   */
  void progress(String stage, double fraction);
}
