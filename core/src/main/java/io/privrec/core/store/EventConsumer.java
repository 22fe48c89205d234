package io.privrec.core.store;

import io.privrec.core.data.EventKind;

/**
 * Receives the events of {@link SyntheticStore#forEachEvent}, by dense indices (no boxing, no
 * event objects).
 */
@FunctionalInterface
public interface EventConsumer {
  /**
   * Accepts one event.
   *
   * @param customer customer index into {@link SyntheticStore#customers()}
   * @param garment garment index into {@link SyntheticStore#garments()}
   * @param kind {@link EventKind#VIEW}, {@link EventKind#CART}, {@link EventKind#PURCHASE} or
   *     {@link EventKind#RETURN}
   * @param epochSecond when it happened, in epoch seconds (UTC)
   */
  void accept(int customer, int garment, EventKind kind, long epochSecond);
}
