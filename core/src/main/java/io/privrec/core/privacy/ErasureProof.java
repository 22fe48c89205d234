package io.privrec.core.privacy;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.time.Instant;

/**
 * Evidence that a customer's data was erased, kept after the erasure without her raw id.
 *
 * <p>The {@code pseudonym} is the customer id's {@link Pseudonymizer} pseudonym under key
 * {@code keyId}: whoever holds the key and the raw id (the customer herself, asking "did you
 * delete me?", or an auditor with the shop's key) can recompute it with {@link
 * Pseudonymizer#matches(String, String, String)}; without the key it reveals nothing about the id.
 *
 * @param sequence the register's change number of the erasure, {@code >= 1}
 * @param pseudonym {@link Pseudonymizer#PSEUDONYM_LENGTH} lower-case hex characters
 * @param keyId the pseudonymisation key's id (see {@link PseudonymKey#id()})
 * @param at when the erasure was performed
 * @param reason why, e.g. {@code "art17-request-2026-11-02"} (non-blank, at most 1024 chars)
 */
public record ErasureProof(long sequence, String pseudonym, String keyId, Instant at, String reason) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if {@code sequence < 1}, the pseudonym is not 64 lower-case
   *     hex characters, the key id is malformed, or the reason is blank or too long
   * @throws NullPointerException if a component is null
   */
  public ErasureProof {
    CorePreconditions.checkPositive("sequence", sequence);
    Pseudonymizer.checkPseudonym(pseudonym, "pseudonym");
    PseudonymKey.checkId(keyId);
    requireNonNull(at, "at");
    CorePreconditions.checkText("reason", reason);
  }
}
