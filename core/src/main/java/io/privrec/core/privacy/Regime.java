package io.privrec.core.privacy;

/**
 * The legal default for a customer who has never decided about a purpose.
 *
 * <p>Only the default differs; an explicit decision always wins. Choosing the regime is a legal
 * decision for the shop, not a technical one: under the GDPR, consent-based processing needs
 * {@link #OPT_IN}; the CCPA's "do not sell or share" right works as {@link #OPT_OUT}.
 */
public enum Regime {
  /** Not allowed until she grants consent (GDPR art. 6(1)(a), 7). */
  OPT_IN(false),
  /** Allowed until she withdraws (CCPA § 1798.120 opt-out). */
  OPT_OUT(true);

  private final boolean allowedByDefault;

  Regime(boolean allowedByDefault) {
    this.allowedByDefault = allowedByDefault;
  }

  /** Whether a purpose is allowed for a customer without a recorded decision. */
  public boolean allowedByDefault() {
    return allowedByDefault;
  }
}
