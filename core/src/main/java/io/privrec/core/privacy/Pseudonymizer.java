package io.privrec.core.privacy;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.privacy.internal.UserRelabeling;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns customer ids into keyed pseudonyms, HMAC-SHA-256 of the id's UTF-8 bytes (RFC 2104)
 * written as {@value #PSEUDONYM_LENGTH} lower-case hex characters, so that stored interactions and
 * models need not carry real ids.
 *
 * <p>The same id and key always give the same pseudonym (interactions of one customer stay
 * linked); without the key, a pseudonym cannot be linked to an id even by trying every candidate
 * id. This is pseudonymisation in the sense of GDPR art. 4(5), not anonymisation: with the key, ids
 * can be tested, so the key must be kept apart from the data.
 *
 * <h2>Key rotation</h2>
 * A pseudonymizer holds one <em>current</em> key, used for new pseudonyms, and any number of
 * <em>previous</em> keys, still accepted for {@link #pseudonymize(String, String)} and {@link
 * #matches} (e.g. to check older {@link ErasureProof}s). To rotate:
 * <ol>
 *   <li>build {@code Pseudonymizer.of(newKey, oldKey)};
 *   <li>from the raw ids the shop holds in its customer database, compute {@link
 *       #rotationTable(Collection, String) rotationTable(rawIds, oldKey.id())}, a map old pseudonym
 *       → new pseudonym (it contains no raw id and can be handed to the job that rewrites the
 *       interaction store);
 *   <li>rewrite stored data with it ({@link #rotateUsers(InteractionMatrix, Map)} for a matrix)
 *       and refit models;
 *   <li>drop the old key once nothing refers to it (erasure proofs made under it can then no
 *       longer be checked: keep it as a previous key while they must remain verifiable).
 * </ol>
 *
 * <p>Thread-safe: immutable; each thread uses its own {@link Mac} instances.
 */
public final class Pseudonymizer {
  /** Length of a pseudonym: 64 hex characters (256 bits). */
  public static final int PSEUDONYM_LENGTH = 64;

  private static final String ALGORITHM = "HmacSHA256";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final String currentKeyId;
  private final Map<String, ThreadLocal<Mac>> macs;

  private Pseudonymizer(String currentKeyId, Map<String, ThreadLocal<Mac>> macs) {
    this.currentKeyId = currentKeyId;
    this.macs = macs;
  }

  /**
   * Creates a pseudonymizer.
   *
   * @param current the key for new pseudonyms
   * @param previous older keys still accepted for checking and rotation
   * @throws IllegalArgumentException if two keys share an id
   * @throws NullPointerException if a key is null
   */
  public static Pseudonymizer of(PseudonymKey current, PseudonymKey... previous) {
    requireNonNull(current, "current");
    requireNonNull(previous, "previous");
    Map<String, ThreadLocal<Mac>> macs = new LinkedHashMap<>();
    macs.put(current.id(), macFor(current));
    for (PseudonymKey key : previous) {
      requireNonNull(key, "previous key");
      CorePreconditions.checkArgument(!macs.containsKey(key.id()), "key id '%s' is given more than once", key.id());
      macs.put(key.id(), macFor(key));
    }
    return new Pseudonymizer(current.id(), Collections.unmodifiableMap(macs));
  }

  private static ThreadLocal<Mac> macFor(PseudonymKey key) {
    SecretKeySpec spec = new SecretKeySpec(key.secretView(), ALGORITHM);
    // Fail now, not on first use, if the platform lacks HmacSHA256 (every Java SE must have it).
    newMac(spec);
    return ThreadLocal.withInitial(() -> newMac(spec));
  }

  private static Mac newMac(SecretKeySpec spec) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(spec);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable on this Java platform", e);
    }
  }

  /** The id of the key used for new pseudonyms. */
  public String currentKeyId() {
    return currentKeyId;
  }

  /** Ids of all keys held, current first. */
  public Set<String> keyIds() {
    return macs.keySet();
  }

  /**
   * The pseudonym of {@code id} under the current key.
   *
   * @throws IllegalArgumentException if {@code id} is empty
   * @throws NullPointerException if {@code id} is null
   */
  public String pseudonymize(String id) {
    return pseudonymize(id, currentKeyId);
  }

  /**
   * The pseudonym of {@code id} under the key {@code keyId}.
   *
   * @throws IllegalArgumentException if {@code id} is empty or this pseudonymizer holds no key
   *     {@code keyId}
   * @throws NullPointerException if an argument is null
   */
  public String pseudonymize(String id, String keyId) {
    CorePreconditions.checkNotEmpty("id", id);
    byte[] mac = mac(keyId).doFinal(id.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[PSEUDONYM_LENGTH];
    for (int i = 0; i < mac.length; i++) {
      out[2 * i] = HEX[(mac[i] >>> 4) & 0xf];
      out[2 * i + 1] = HEX[mac[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Whether {@code pseudonym} is the pseudonym of {@code id} under key {@code keyId} (compared in
   * constant time).
   *
   * @throws IllegalArgumentException if {@code id} is empty or the key is not held
   * @throws NullPointerException if an argument is null
   */
  public boolean matches(String id, String pseudonym, String keyId) {
    requireNonNull(pseudonym, "pseudonym");
    byte[] expected = pseudonymize(id, keyId).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, pseudonym.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Maps each raw id's pseudonym under {@code fromKeyId} to its pseudonym under the current key.
   *
   * @param rawIds the customers' real ids (non-empty; repeats are harmless)
   * @param fromKeyId a previous key's id
   * @return an unmodifiable map old pseudonym → new pseudonym, in the order of {@code rawIds}
   * @throws IllegalArgumentException if an id is empty or {@code fromKeyId} is not held
   */
  public Map<String, String> rotationTable(Collection<String> rawIds, String fromKeyId) {
    requireNonNull(rawIds, "rawIds");
    mac(fromKeyId);
    Map<String, String> table = new LinkedHashMap<>();
    for (String id : rawIds) {
      table.put(pseudonymize(id, fromKeyId), pseudonymize(id));
    }
    return Collections.unmodifiableMap(table);
  }

  /**
   * Returns {@code data} with every user id replaced by its pseudonym under the current key; item
   * ids, indices, weights and timestamps are unchanged.
   *
   * @throws NullPointerException if {@code data} is null
   */
  public InteractionMatrix pseudonymizeUsers(InteractionMatrix data) {
    requireNonNull(data, "data");
    Map<String, String> table = new HashMap<>();
    for (String id : data.users().ids()) {
      table.put(id, pseudonymize(id));
    }
    return UserRelabeling.relabel(data, table);
  }

  /**
   * Returns {@code data} (whose user ids are old pseudonyms) with user ids replaced through a
   * {@link #rotationTable} (static: needs no key).
   *
   * @throws IllegalArgumentException if a user id of {@code data} is not in the table, or two
   *     users would get the same new id
   * @throws NullPointerException if an argument is null
   */
  public static InteractionMatrix rotateUsers(InteractionMatrix data, Map<String, String> rotationTable) {
    requireNonNull(data, "data");
    requireNonNull(rotationTable, "rotationTable");
    return UserRelabeling.relabel(data, rotationTable);
  }

  private Mac mac(String keyId) {
    requireNonNull(keyId, "keyId");
    ThreadLocal<Mac> mac = macs.get(keyId);
    if (mac == null) {
      throw CorePreconditions.unknown("pseudonymisation key id", keyId, macs.keySet());
    }
    return mac.get();
  }

  static String checkPseudonym(String pseudonym, String name) {
    requireNonNull(pseudonym, name);
    boolean ok = pseudonym.length() == PSEUDONYM_LENGTH;
    for (int i = 0; ok && i < pseudonym.length(); i++) {
      char c = pseudonym.charAt(i);
      ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
    if (!ok) {
      // Not quoted: a malformed pseudonym may be a raw customer id passed by mistake.
      String rule = "must be " + PSEUDONYM_LENGTH + " lower-case hex characters"
          + (pseudonym.length() == PSEUDONYM_LENGTH ? ", but holds a character outside [0-9a-f]" : "");
      throw CorePreconditions.failLength(name, rule, pseudonym.length());
    }
    return pseudonym;
  }

  @Override
  public String toString() {
    return "Pseudonymizer{current=" + currentKeyId + ", keys=" + macs.keySet() + "}";
  }
}
