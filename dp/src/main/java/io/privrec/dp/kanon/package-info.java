/**
 * k-anonymity operators: re-identification protection for customer tables by generalisation,
 * suppression and partitioning, with ARX's definitions of privacy models and quality measures.
 *
 * <h2>Entry points</h2>
 *
 * <ul>
 *   <li>{@link io.privrec.dp.kanon.Table}: typed records, read from delimited files;
 *   <li>{@link io.privrec.dp.kanon.Hierarchy}: generalisation hierarchies (ARX CSV format and
 *       builders for intervals, orderings, masking, dates and category trees);
 *   <li>{@link io.privrec.dp.kanon.Anonymizer}: optimal full-domain generalisation (Flash-style
 *       lattice search) or Mondrian partitioning under k-anonymity, ℓ-diversity and t-closeness,
 *       giving an {@link io.privrec.dp.kanon.AnonymizationResult} with quality and risk figures;
 *   <li>{@link io.privrec.dp.kanon.Cohorts}: customer segments of at least k for recommendations,
 *       with lookup for new customers.
 * </ul>
 *
 * <h2>Guarantee</h2>
 *
 * These are syntactic privacy models, not differential privacy: k-anonymity bounds the prosecutor
 * re-identification risk of every released record by 1/k; ℓ-diversity and t-closeness limit what
 * a class reveals about its sensitive values. The privacy unit is one record (one customer).
 *
 * <p>All public types are immutable and thread-safe unless their documentation says otherwise.
 */
package io.privrec.dp.kanon;
