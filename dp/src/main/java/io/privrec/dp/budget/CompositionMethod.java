package io.privrec.dp.budget;

/**
 * The composition theorem by which a {@link PrivacyAccountant} bounded the loss of its non-(ε,
 * δ) spends (see {@link PrivacyAccountant} for the rule). Approximate (ε, δ) spends are always
 * added by basic composition on top.
 */
public enum CompositionMethod {
  /** Nothing but approximate spends (or nothing at all) in the ledger. */
  NONE,
  /** Basic composition: ε and δ add up (Dwork, McSherry, Nissim &amp; Smith 2006). */
  BASIC,
  /** Advanced composition (Dwork, Rothblum &amp; Vadhan 2010, Thm. III.3). */
  ADVANCED,
  /** Rényi-DP composition converted to (ε, δ) (Mironov 2017; Balle et al. 2020, Thm. 21). */
  RENYI
}
