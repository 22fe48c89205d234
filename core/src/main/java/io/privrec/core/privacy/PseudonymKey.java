package io.privrec.core.privacy;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A secret key for {@link Pseudonymizer}, with a short public id naming its version (e.g.
 * {@code "2026-11"} or {@code "k3"}).
 *
 * <p>The secret is at least {@link #MIN_SECRET_BYTES} bytes (the HMAC-SHA-256 output length, RFC
 * 2104 § 3: shorter keys weaken the MAC). The application holds the secret (e.g. in its secret
 * store) and must keep it apart from the pseudonymised data: whoever has both can test guessed ids.
 * {@link #toString()} never shows the secret. Immutable and thread-safe; the secret is copied in.
 */
public final class PseudonymKey {
  /** Minimum secret length in bytes. */
  public static final int MIN_SECRET_BYTES = 32;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final String id;
  private final byte[] secret;

  private PseudonymKey(String id, byte[] secret) {
    this.id = id;
    this.secret = secret;
  }

  /**
   * Creates a key from a secret the application holds.
   *
   * @param id the key's version id: 1 to 64 characters from {@code [A-Za-z0-9._-]}
   * @param secret at least {@value #MIN_SECRET_BYTES} bytes (copied)
   * @throws IllegalArgumentException if the id is malformed or the secret too short
   * @throws NullPointerException if an argument is null
   */
  public static PseudonymKey of(String id, byte[] secret) {
    checkId(id);
    requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw CorePreconditions.failLength("secret", "must be at least " + MIN_SECRET_BYTES + " bytes long",
          secret.length);
    }
    return new PseudonymKey(id, secret.clone());
  }

  /**
   * Creates a key with a fresh random 32-byte secret from {@link SecureRandom}; store {@link
   * #secret()} safely, or pseudonyms cannot be recomputed after a restart.
   *
   * @param id the key's version id, as for {@link #of}
   */
  public static PseudonymKey generate(String id) {
    byte[] secret = new byte[MIN_SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    return of(id, secret);
  }

  /** The key's public version id. */
  public String id() {
    return id;
  }

  /** A copy of the secret, e.g. to store it in a secret store. */
  public byte[] secret() {
    return secret.clone();
  }

  byte[] secretView() {
    return secret;
  }

  static String checkId(String id) {
    requireNonNull(id, "keyId");
    if (!ID.matcher(id).matches()) {
      throw CorePreconditions.fail("keyId", "must be 1 to 64 characters from [A-Za-z0-9._-]", "'" + id + "'");
    }
    return id;
  }

  /** Keys are equal if id and secret are equal (compared in constant time). */
  @Override
  public boolean equals(Object o) {
    return o instanceof PseudonymKey k && id.equals(k.id) && MessageDigest.isEqual(secret, k.secret);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** Shows the id only, never the secret. */
  @Override
  public String toString() {
    return "PseudonymKey{id=" + id + ", secret=<" + secret.length + " bytes hidden>}";
  }
}
