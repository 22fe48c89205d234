package io.privrec.dp.kanon;

/**
 * The information-loss measures of an anonymised table, with ARX's definitions (see {@link
 * QualityMetric}); lower is better for each. Suppressed records count as suppressed in every measure.
 * Measures that are defined only for full-domain generalisation (precision, non-uniform entropy)
 * are NaN for Mondrian results.
 *
 * @param discernibility DM: {@code Σ size²} over released classes plus {@code N} per suppressed
 *     record
 * @param discernibilityStar DM*: {@code Σ size²} over all classes
 * @param averageClassSize AECS: {@code N / (released classes + 1 if any record is suppressed)}
 * @param precision non-monotonic precision in [0, 1]
 * @param loss ARX's Loss in [0, 1] (geometric-mean aggregate)
 * @param nonUniformEntropy non-monotonic non-uniform entropy, {@code >= 0}
 * @param certaintyPenalty generalised certainty penalty (mean normalised certainty penalty, NCP)
 *     over records and quasi-identifiers, in [0, 1]
 */
public record QualityReport(double discernibility, double discernibilityStar, double averageClassSize,
    double precision, double loss, double nonUniformEntropy, double certaintyPenalty) {}
