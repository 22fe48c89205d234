package io.privrec.dp.bounding;

/**
 * One record: user {@code userId} contributed {@code value} to key (partition) {@code key}, e.g. a
 * purchase of item {@code key} with price {@code value}, or a count of 1. Immutable.
 *
 * @param userId the privacy unit
 * @param key the partition the record contributes to
 * @param value the contributed value; must be finite when bounded
 */
public record Contribution(long userId, long key, double value) {}
