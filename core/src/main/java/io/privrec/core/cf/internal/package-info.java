/**
 * Implementation helpers shared by the collaborative-filtering models: stored user profiles,
 * profile validation, item co-occurrence with exact updates, a blocked symmetric positive-definite
 * inverse and a small parallel-for. Not API: may change without notice.
 */
package io.privrec.core.cf.internal;
