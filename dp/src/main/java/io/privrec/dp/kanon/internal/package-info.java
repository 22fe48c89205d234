/**
 * Implementation of {@link io.privrec.dp.kanon}: data encoding, roll-up grouping, the lattice
 * search, Mondrian and the measure definitions. Not part of the public API; may change without
 * notice.
 */
package io.privrec.dp.kanon.internal;
