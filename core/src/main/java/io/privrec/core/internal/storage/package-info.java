/**
 * Crash-safe file primitives shared by the library's durable stores: an append-only log of
 * checksummed records ({@link io.privrec.core.internal.storage.FramedLog}), atomic whole-file
 * replacement and output-path checks ({@link io.privrec.core.internal.storage.DurableFiles}) and
 * an inter-process directory lock ({@link io.privrec.core.internal.storage.DirectoryLock}).
 *
 * <p><b>Not API.</b> The types here are public only so that other packages of the library can use
 * them; they may change or disappear in any release.
 */
package io.privrec.core.internal.storage;
