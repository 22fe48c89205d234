/**
 * Customer control: consent and opt-out per purpose, pseudonymous ids, retention, erasure with a
 * proof that keeps no raw id, and export of what is held about a customer.
 *
 * <p>These building blocks implement the customer's rights of GDPR articles 15 (access), 17
 * (erasure), 20 (portability) and 21 (objection), and the CCPA rights to know, delete and opt out:
 * <ul>
 *   <li>{@link io.privrec.core.privacy.ConsentRegister}: who allowed what ({@link
 *       io.privrec.core.privacy.Purpose}), when and through which channel, with durable storage
 *       in which no acknowledged change is lost in a crash;
 *   <li>{@link io.privrec.core.privacy.Pseudonymizer}: keyed pseudonyms (HMAC-SHA-256) so stored
 *       interactions need not carry real customer ids, with key rotation;
 *   <li>{@link io.privrec.core.privacy.RetentionPolicy}: drops interactions older than a maximum
 *       age.
 * </ul>
 *
 * <p>Plumbing lives in {@code io.privrec.core.privacy.internal}, which is not API.
 */
package io.privrec.core.privacy;
