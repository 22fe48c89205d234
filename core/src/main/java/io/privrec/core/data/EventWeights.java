package io.privrec.core.data;

import io.privrec.core.internal.CorePreconditions;

/**
 * Implicit-feedback weights of shop events, as used by {@link InteractionMatrix.Builder#addEvent}.
 *
 * <p>A return carries a negative weight so that, under {@link DuplicatePolicy#SUM}, a purchase
 * followed by a return leaves a weaker positive signal; pairs whose combined weight is not
 * positive are dropped when the matrix is built. Ratings use the rating value as weight.
 *
 * @param view weight of a page view, finite and {@code > 0}
 * @param cart weight of an add-to-cart, finite and {@code > 0}
 * @param purchase weight of a purchase, finite and {@code > 0}
 * @param returned weight of a return, finite and {@code <= 0}
 */
public record EventWeights(float view, float cart, float purchase, float returned) {

  /** View 1, cart 2, purchase 4, return -3 (a returned purchase still counts like a view). */
  public static final EventWeights DEFAULT = new EventWeights(1f, 2f, 4f, -3f);

  /**
   * Validates the weights.
   *
   * @throws IllegalArgumentException if a weight is NaN, infinite or has the wrong sign
   */
  public EventWeights {
    CorePreconditions.checkPositive("view", view);
    CorePreconditions.checkPositive("cart", cart);
    CorePreconditions.checkPositive("purchase", purchase);
    if (!(returned <= 0 && Float.isFinite(returned))) {
      throw CorePreconditions.fail("returned", "must be finite and <= 0", returned);
    }
  }

  /**
   * Weight of one event.
   *
   * @param kind the event kind
   * @param rating the rating value, used only for {@link EventKind#RATING}
   * @throws IllegalArgumentException for a rating that is not finite and {@code > 0}
   */
  public float weightOf(EventKind kind, float rating) {
    switch (kind) {
      case VIEW:
        return view;
      case CART:
        return cart;
      case PURCHASE:
        return purchase;
      case RETURN:
        return returned;
      case RATING:
        return CorePreconditions.checkPositive("rating", rating);
      default:
        throw new AssertionError(kind);
    }
  }
}
