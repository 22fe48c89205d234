/**
 * Plumbing shared by the {@code io.privrec.core} packages: the argument checks ({@link
 * io.privrec.core.internal.CorePreconditions}); the subpackages hold the home's stores, the cohort
 * models and the crash-safe file primitives.
 *
 * <p><b>Not API.</b> The types here are public only so that other packages of the library can use
 * them; they may change or disappear in any release. Do not use them from application code.
 */
package io.privrec.core.internal;
