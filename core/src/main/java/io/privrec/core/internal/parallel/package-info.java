/**
 * The library's parallel for-loop ({@link io.privrec.core.internal.parallel.Parallel}): one
 * documented policy for thread count, pool, failures, shutdown and determinism, used by every fit,
 * erasure update and evaluation that runs on several threads.
 *
 * <p><b>Not API.</b> The types here are public only so that other packages of the library can use
 * them; they may change or disappear in any release.
 */
package io.privrec.core.internal.parallel;
