package io.privrec.core.data;

/**
 * Kinds of shop events that {@link EventWeights} map to implicit-feedback weights.
 */
public enum EventKind {
  /** A product page view. */
  VIEW,
  /** The product was added to the cart. */
  CART,
  /** The product was bought. */
  PURCHASE,
  /** A bought product was returned: weakens (never cancels below zero) the purchase signal. */
  RETURN,
  /** An explicit rating; its weight is the rating value itself. */
  RATING
}
