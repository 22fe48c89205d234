/**
 * Interaction data and the item universe: {@link io.privrec.core.data.InteractionMatrix} (an
 * immutable users × items matrix of positive weights in compressed sparse rows, with optional
 * timestamps, built from events through its builder with {@link io.privrec.core.data.EventWeights}
 * and a {@link io.privrec.core.data.DuplicatePolicy}), {@link io.privrec.core.data.IdIndex} (external
 * ids to dense indices), {@link io.privrec.core.data.Catalogue} (the shop's public product list)
 * and {@link io.privrec.core.data.DatasetStats} (shape statistics of a matrix).
 * {@link io.privrec.core.data.InteractionReaders} stream MovieLens, RentTheRunway, TAB-separated
 * and other delimited files ({@link io.privrec.core.data.DelimitedFormat}) under {@link
 * io.privrec.core.data.ReadOptions}, report a {@link io.privrec.core.data.ReadResult} and reject a
 * bad line with a {@link io.privrec.core.data.MalformedDataException} naming file, line and column.
 * {@link io.privrec.core.data.CustomerAttributes} holds customers' attributes (quasi-identifiers
 * such as age and zip code) with optional generalisation hierarchies
 * ({@link io.privrec.core.data.AttributeHierarchy}), read by
 * {@link io.privrec.core.data.CustomerAttributeReaders}.
 *
 * <p>An interaction matrix and a customer attribute table hold customers' data; a catalogue is
 * public and must be built from the product list, never from the interactions. All public types here are API.
 */
package io.privrec.core.data;
