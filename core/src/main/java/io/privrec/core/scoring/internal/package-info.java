/**
 * The implementations behind {@code io.privrec.core.scoring.ScoringKernels} and the
 * matrix-factorisation solvers: the {@link io.privrec.core.scoring.internal.FloatKernels}
 * primitives, the plain-loop {@link io.privrec.core.scoring.internal.ScalarFloatKernels}, the
 * Vector API {@link io.privrec.core.scoring.internal.VectorFloatKernels} (compiled separately,
 * loaded by name only when the JVM has {@code jdk.incubator.vector}) and {@link
 * io.privrec.core.scoring.internal.FloatKernelsProvider}, which picks one at class
 * initialisation ({@code privrec.kernels=scalar} forces the plain loops).
 *
 * <p><b>Not API.</b> The types here are public only so that other PrivRec packages can use them;
 * they may change without notice. Use {@code io.privrec.core.scoring} instead.
 */
package io.privrec.core.scoring.internal;
