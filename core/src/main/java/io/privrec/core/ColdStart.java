package io.privrec.core;

/** What {@link PrivateRecommender#recommend(String, int)} does for a customer id it has no data for. */
public enum ColdStart {
  /** Recommend the most popular items (non-personalised). The default. */
  POPULAR,
  /** Throw {@link IllegalArgumentException} (the message does not repeat the id). Applied before any consent rule. */
  FAIL
}
