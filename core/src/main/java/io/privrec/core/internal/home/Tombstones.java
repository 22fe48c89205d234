package io.privrec.core.internal.home;

import io.privrec.core.internal.storage.DurableFiles;
import io.privrec.core.internal.storage.FramedLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Erasure tombstones ({@value #FILE}): keyed digests (HMAC-SHA256 under the home's secret key,
 * {@value #KEY}) of erased customers, never raw ids. A tombstone makes the home refuse her events
 * and re-imported rows until she is explicitly registered again as a new customer.
 *
 * <p>Not thread-safe: the home serialises calls.
 */
public final class Tombstones implements Closeable {
  static final String FILE = "erased.log";
  static final String KEY = "home.key";
  private static final int MAGIC = 0x50525442; // "PRTB"
  private static final byte ERASED = 1;
  private static final byte REGISTERED_AGAIN = 2;

  private final FramedLog log;
  private final Mac mac;
  private final byte[] proofSecret;
  private final Set<String> digests = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private Tombstones(FramedLog log, Mac mac, byte[] proofSecret) {
    this.log = log;
    this.mac = mac;
    this.proofSecret = proofSecret;
  }

  /**
   * A secret for the consent register's erasure proofs, derived from the home key (so the home
   * has one secret file) and distinct from the tombstone key.
   */
  public byte[] proofSecret() {
    return proofSecret.clone();
  }

  /** Opens (creating the key and the log if needed) the tombstones of the home in {@code dir}. */
  public static Tombstones open(Path dir) throws IOException {
    Path keyFile = dir.resolve(KEY);
    byte[] key;
    if (Files.exists(keyFile)) {
      key = Files.readAllBytes(keyFile);
      if (key.length != 32) {
        throw new IllegalStateException("home key " + keyFile + " is corrupt: " + key.length + " bytes, expected 32");
      }
    } else {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
      byte[] k = key;
      DurableFiles.writeAtomically(keyFile, out -> out.write(k));
    }
    Mac mac;
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
    Set<String> replayed = new HashSet<>();
    FramedLog log = FramedLog.open(dir.resolve(FILE), MAGIC, "erasure tombstones", (payload, offset) -> {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
      byte tag = in.readByte();
      int n = in.readInt();
      if (n < 1 || n > payload.length) {
        throw new IOException("tombstone batch of " + n);
      }
      for (int j = 0; j < n; j++) {
        byte[] d = new byte[32];
        in.readFully(d);
        String hex = HexFormat.of().formatHex(d);
        if (tag == ERASED) {
          replayed.add(hex);
        } else if (tag == REGISTERED_AGAIN) {
          replayed.remove(hex);
        } else {
          throw new IOException("unknown tombstone tag " + tag);
        }
      }
    });
    byte[] proof;
    try {
      Mac derive = Mac.getInstance("HmacSHA256");
      derive.init(new SecretKeySpec(key, "HmacSHA256"));
      proof = derive.doFinal("privrec erasure proofs".getBytes(StandardCharsets.UTF_8));
      mac.update("privrec tombstones|".getBytes(StandardCharsets.UTF_8));
      mac.reset();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
    Tombstones t = new Tombstones(log, mac, proof);
    t.digests.addAll(replayed);
    return t;
  }

  /** The keyed digest of a customer id. */
  public synchronized String digest(String customerId) {
    return HexFormat.of().formatHex(mac.doFinal(customerId.getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether this customer was erased (and not registered again); no lock while there are none. */
  public boolean isErased(String customerId) {
    return !digests.isEmpty() && digests.contains(digest(customerId));
  }

  /** Records erasures durably (one forced write). */
  public synchronized void erase(Collection<String> customerIds) throws IOException {
    List<String> ds = customerIds.stream().map(this::digest).toList();
    write(ERASED, ds);
    digests.addAll(ds);
  }

  /** Lifts her tombstone durably: she is registered again as a new customer. */
  public synchronized void registerAgain(String customerId) throws IOException {
    String d = digest(customerId);
    write(REGISTERED_AGAIN, List.of(d));
    digests.remove(d);
  }

  /** Number of tombstones. */
  public int size() {
    return digests.size();
  }

  private void write(byte tag, List<String> ds) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + 32 * ds.size());
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(tag);
    out.writeInt(ds.size());
    for (String d : ds) {
      out.write(HexFormat.of().parseHex(d));
    }
    out.flush();
    log.append(bytes.toByteArray());
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
