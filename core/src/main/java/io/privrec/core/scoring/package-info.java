/**
 * Dense scoring primitives shared by the models: {@link io.privrec.core.scoring.ScoringKernels}
 * (a query against a row-major factor matrix, batches of queries, weighted sums of rows, top-K
 * with exclusions) and {@link io.privrec.core.scoring.TopK} (deterministic top-K selection over a
 * score array). Both are public API, stateless and thread-safe. The kernels use the JDK Vector API
 * when the JVM runs with {@code --add-modules jdk.incubator.vector} and plain loops otherwise;
 * results agree up to float rounding. The implementations are in {@code
 * io.privrec.core.scoring.internal}, which is not API.
 */
package io.privrec.core.scoring;
