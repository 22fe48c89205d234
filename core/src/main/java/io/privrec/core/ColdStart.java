package io.privrec.core;

/** What {@link PrivateRecommender#recommend(String, int)} does for a customer id it has no data for. */
public enum ColdStart {
  /** Recommend the most popular items (non-personalised). The default. */
  POPULAR,
  /** Throw {@link IllegalArgumentException} naming the unknown customer id. */
  FAIL
}
