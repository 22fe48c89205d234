/**
 * A deterministic synthetic online fashion store ({@link io.privrec.core.store.SyntheticStore}):
 * customers with quasi-identifiers, garments, and a year of shop events, for examples, tests and
 * benchmarks that must not use real customer data.
 */
package io.privrec.core.store;
