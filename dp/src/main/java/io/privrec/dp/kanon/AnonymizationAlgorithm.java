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
   * recursive median cuts into disjoint regions; numeric quasi-identifiers are split by value
   * into ranges, quasi-identifiers with a hierarchy by its subtrees. No records are suppressed.
   * {@link Anonymizer} needs a hierarchy for every string quasi-identifier under Mondrian; {@link
   * Cohorts} also accepts string attributes without one and treats them as unordered categories,
   * split into disjoint sets of categories (described as {@code {a, b}}), never into text ranges.
   */
  MONDRIAN_STRICT,
  /**
   * Relaxed Mondrian: as {@link #MONDRIAN_STRICT}, but records equal to the median of a numeric
   * split may go to either side, which balances the halves (regions may overlap at the median).
   */
  MONDRIAN_RELAXED
}
