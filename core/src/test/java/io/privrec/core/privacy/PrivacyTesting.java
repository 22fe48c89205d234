package io.privrec.core.privacy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Fixed keys and clocks shared by the privacy tests. */
public final class PrivacyTesting {
  /** A fixed instant used as "now". */
  public static final Instant NOW = Instant.parse("2026-11-02T10:15:30Z");

  private PrivacyTesting() {}

  /** A deterministic 32-byte key with the given id (test secret, never for production). */
  public static PseudonymKey key(String id) {
    byte[] secret = ("test-secret-for-" + id + "-0123456789abcdefghijklmnopqrstuvwxyz").getBytes(StandardCharsets.UTF_8);
    return PseudonymKey.of(id, java.util.Arrays.copyOf(secret, 32));
  }

  /** A pseudonymizer over {@code key("k1")}. */
  public static Pseudonymizer pseudonymizer() {
    return Pseudonymizer.of(key("k1"));
  }

  /** A clock fixed at {@link #NOW}. */
  public static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  /** An in-memory register under {@code regime}. */
  public static ConsentRegister inMemory(Regime regime) {
    return ConsentRegister.builder().regime(regime).pseudonymizer(pseudonymizer()).clock(clock()).build();
  }

  /** A durable register in {@code dir} under {@link Regime#OPT_IN}. */
  public static ConsentRegister durable(Path dir) {
    return ConsentRegister.builder().pseudonymizer(pseudonymizer()).clock(clock()).storage(dir).build();
  }
}
