/**
 * Implementation helpers of the interaction data shared with the fitting code: the counting-sort
 * transpose of compressed sparse rows ({@link io.privrec.core.data.internal.CsrTranspose}) behind
 * the column view of {@link io.privrec.core.data.InteractionMatrix} and the item → users views of
 * the fits.
 *
 * <p><b>Not API.</b> The types here are public only so that other packages of the library can use
 * them; they may change or disappear in any release.
 */
package io.privrec.core.data.internal;
