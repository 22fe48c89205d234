/**
 * The durable stores of a {@link io.privrec.core.RecommenderHome}: interaction events ({@link
 * io.privrec.core.internal.home.EventStore}), customer attributes ({@link
 * io.privrec.core.internal.home.AttributeStore}), the privacy ledger ({@link
 * io.privrec.core.internal.home.Ledger}), erasure tombstones as keyed digests ({@link
 * io.privrec.core.internal.home.Tombstones}) and the published model versions ({@link
 * io.privrec.core.internal.home.Versions}), each on the crash-safe primitives of {@code
 * io.privrec.core.internal.storage}.
 *
 * <p><b>Not API.</b> The types here are public only so that other packages of the library can use
 * them; they may change or disappear in any release.
 */
package io.privrec.core.internal.home;
