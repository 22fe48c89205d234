package io.privrec.examples.cli;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.store.SyntheticStore;

/** Parses {@code store[:SEED[:CUSTOMERS]]} and generates the embedded synthetic fashion store. */
final class StoreData {
  static final long DEFAULT_SEED = 42;
  static final int DEFAULT_CUSTOMERS = 50_000;
  /** Events per customer at the default size (1,000,000 events for 50,000 customers). */
  static final int EVENTS_PER_CUSTOMER = 20;

  private StoreData() {}

  /** Generates the store named by {@code spec}. */
  static SyntheticStore store(String spec) {
    String[] parts = spec.split(":", -1);
    if (!parts[0].equals("store") || parts.length > 3) {
      throw new IllegalArgumentException("--data store spec must be store, store:SEED or store:SEED:CUSTOMERS. Provided value: '" + spec + "'");
    }
    long seed = DEFAULT_SEED;
    int customers = DEFAULT_CUSTOMERS;
    try {
      if (parts.length >= 2) {
        seed = Long.parseLong(parts[1]);
      }
      if (parts.length == 3) {
        customers = Integer.parseInt(parts[2]);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--data store spec has a malformed number: '" + spec + "'", e);
    }
    if (customers < 1) {
      throw new IllegalArgumentException("--data store CUSTOMERS must be >= 1. Provided value: " + customers);
    }
    int garments = Math.max(100, Math.min(5_000, customers / 10));
    return SyntheticStore.builder().seed(seed).customers(customers).garments(garments)
        .events((long) customers * EVENTS_PER_CUSTOMER).build();
  }

  /** The store's interactions (default event weights, repeated pairs summed). */
  static InteractionMatrix interactions(String spec) {
    return store(spec).interactions();
  }
}
