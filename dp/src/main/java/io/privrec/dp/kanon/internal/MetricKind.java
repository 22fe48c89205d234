package io.privrec.dp.kanon.internal;

/** The information-loss measures an optimal search can minimise. */
public enum MetricKind {
  /** ARX's Loss (MetricMDNMLoss), geometric mean over attributes. */
  LOSS,
  /** Non-monotonic precision (MetricMDNMPrecision), arithmetic mean over attributes. */
  PRECISION,
  /** Non-monotonic discernibility DM (MetricSDNMDiscernability). */
  DISCERNIBILITY,
  /** DM*: sum of squared class sizes, suppressed classes included. */
  DISCERNIBILITY_STAR,
  /** Average equivalence class size (MetricSDAECS). */
  AECS,
  /** Non-monotonic non-uniform entropy (MetricMDNUNMEntropy), summed over attributes. */
  NON_UNIFORM_ENTROPY
}
