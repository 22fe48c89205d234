package io.privrec.core.eval;

import io.privrec.core.data.InteractionMatrix;

/**
 * A protocol that divides interaction data into a training and a test part.
 *
 * <p>Implementations are deterministic: the same data (and, for random protocols, the same seed)
 * always gives the same split. Every interaction of the input lands in exactly one part, and both
 * parts keep the input's user and item indices. Obtain the standard protocols from {@link Splits};
 * a validation split is {@code splitter.split(outer.train())}. Implementations are immutable and
 * thread-safe.
 */
@FunctionalInterface
public interface Splitter {

  /**
   * Splits {@code data}.
   *
   * @param data the interactions to divide
   * @return the split, whose train and test parts together are exactly {@code data}
   * @throws IllegalArgumentException if the data does not suit the protocol (e.g. no timestamps
   *     for a time-based protocol)
   * @throws NullPointerException if {@code data} is null
   */
  Split split(InteractionMatrix data);
}
