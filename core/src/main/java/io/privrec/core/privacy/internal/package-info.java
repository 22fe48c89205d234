/**
 * Plumbing for {@code io.privrec.core.privacy}: argument checks, the binary record codec, the
 * append-only change log, snapshots and the register implementation.
 *
 * <p><b>Not API.</b> The types here are public only so that the API package can use them; they may
 * change or disappear in any release.
 */
package io.privrec.core.privacy.internal;
