/**
 * Plumbing for {@code io.privrec.core.privacy}: argument checks, the binary record codec,
 * snapshots and the register implementation (its change log, directory lock and atomic writes
 * come from {@code io.privrec.core.internal.storage}).
 *
 * <p><b>Not API.</b> The types here are public only so that the API package can use them; they may
 * change or disappear in any release.
 */
package io.privrec.core.privacy.internal;
