/**
 * Plumbing shared by the {@code io.privrec.dp} packages: argument checks ({@link
 * io.privrec.dp.internal.DpPreconditions}), a streaming JSON writer ({@link
 * io.privrec.dp.internal.JsonWriter}) and numerics.
 *
 * <p><b>Not API.</b> The types here are public only so that other PrivRec packages can share them;
 * they may change or disappear in any release. Do not use them from application code.
 */
package io.privrec.dp.internal;
