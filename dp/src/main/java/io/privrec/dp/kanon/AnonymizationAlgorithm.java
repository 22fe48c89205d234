package io.privrec.dp.kanon;

/** How {@link Anonymizer} transforms the quasi-identifiers. */
public enum AnonymizationAlgorithm {
  /**
   * Optimal full-domain generalisation with record suppression: one hierarchy level per
   * quasi-identifier for the whole table, chosen to minimise the {@link QualityMetric} (Flash-style
   * lattice search). Every quasi-identifier needs a {@link Hierarchy}.
   */
  OPTIMAL,
  /**
   * Strict Mondrian multidimensional partitioning (LeFevre, DeWitt &amp; Ramakrishnan, ICDE 2006):
   * recursive median cuts into disjoint regions; numeric quasi-identifiers are split by value,
   * quasi-identifiers with a hierarchy by its subtrees. No records are suppressed.
   */
  MONDRIAN_STRICT,
  /**
   * Relaxed Mondrian: as {@link #MONDRIAN_STRICT}, but records equal to the median of a numeric
   * split may go to either side, which balances the halves (regions may overlap at the median).
   */
  MONDRIAN_RELAXED
}
