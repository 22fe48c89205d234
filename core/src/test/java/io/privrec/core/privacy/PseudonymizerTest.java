package io.privrec.core.privacy;

import static io.privrec.core.privacy.PrivacyTesting.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {

  @Test
  void pseudonymize_rfc4231Vectors_matchPublishedHmacSha256() {
    // RFC 4231 test cases 6 and 7: 131-byte key of 0xaa.
    byte[] secret = new byte[131];
    Arrays.fill(secret, (byte) 0xaa);
    Pseudonymizer p = Pseudonymizer.of(PseudonymKey.of("rfc4231", secret));

    assertThat(p.pseudonymize("Test Using Larger Than Block-Size Key - Hash Key First"))
        .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    assertThat(p.pseudonymize("This is a test using a larger than block-size key and a larger than block-size data."
        + " The key needs to be hashed before being used by the HMAC algorithm."))
        .isEqualTo("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
  }

  @Test
  void pseudonymize_sameIdAndKey_isStableFixedLengthHex() {
    Pseudonymizer p = Pseudonymizer.of(key("k1"));
    String a = p.pseudonymize("alice");

    assertThat(a).hasSize(Pseudonymizer.PSEUDONYM_LENGTH).matches("[0-9a-f]{64}");
    assertThat(Pseudonymizer.of(key("k1")).pseudonymize("alice")).isEqualTo(a);
    assertThat(p.pseudonymize("alicf")).isNotEqualTo(a);
    assertThat(Pseudonymizer.of(key("k2")).pseudonymize("alice")).isNotEqualTo(a);
    assertThat(p.matches("alice", a, "k1")).isTrue();
    assertThat(p.matches("bob", a, "k1")).isFalse();
  }

  @Test
  void of_secretShorterThan32Bytes_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> PseudonymKey.of("k1", new byte[31]))
        .withMessage("secret must be at least 32 bytes long. Provided length: 31");
    assertThatIllegalArgumentException().isThrownBy(() -> PseudonymKey.of("k1", new byte[0]))
        .withMessageContaining("Provided length: 0");
    assertThatNullPointerException().isThrownBy(() -> PseudonymKey.of("k1", null)).withMessage("secret");
    assertThat(PseudonymKey.of("k1", new byte[32]).id()).isEqualTo("k1");
  }

  @Test
  void of_badKeyId_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> PseudonymKey.of("", new byte[32]))
        .withMessageContaining("keyId must be 1 to 64 characters");
    assertThatIllegalArgumentException().isThrownBy(() -> PseudonymKey.of("key one", new byte[32]))
        .withMessageContaining("'key one'");
    assertThatNullPointerException().isThrownBy(() -> PseudonymKey.of(null, new byte[32])).withMessage("keyId");
  }

  @Test
  void of_repeatedKeyId_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> Pseudonymizer.of(key("k1"), key("k2"), key("k1")))
        .withMessageContaining("key id 'k1' is given more than once");
  }

  @Test
  void key_secret_isCopiedInAndOutAndNeverPrinted() {
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    PseudonymKey k = PseudonymKey.of("k1", secret);
    String before = Pseudonymizer.of(k).pseudonymize("alice");
    secret[0] ^= 1;
    k.secret()[1] ^= 1;

    assertThat(Pseudonymizer.of(k).pseudonymize("alice")).isEqualTo(before);
    assertThat(k.toString()).doesNotContain("0123456789abcdef").contains("k1");
    assertThat(PseudonymKey.generate("g1").secret()).hasSize(32).isNotEqualTo(PseudonymKey.generate("g1").secret());
  }

  @Test
  void pseudonymize_badArguments_throw() {
    Pseudonymizer p = Pseudonymizer.of(key("k1"));
    assertThatIllegalArgumentException().isThrownBy(() -> p.pseudonymize("")).withMessage("id must not be empty");
    assertThatNullPointerException().isThrownBy(() -> p.pseudonymize(null)).withMessage("id");
    assertThatIllegalArgumentException().isThrownBy(() -> p.pseudonymize("alice", "k9"))
        .withMessage("unknown pseudonymisation key id 'k9'; expected one of [k1]");
  }

  @Test
  void rotationTable_mapsOldPseudonymsToNew() {
    Pseudonymizer old = Pseudonymizer.of(key("k1"));
    Pseudonymizer rotated = Pseudonymizer.of(key("k2"), key("k1"));

    Map<String, String> table = rotated.rotationTable(List.of("alice", "bob"), "k1");

    assertThat(rotated.currentKeyId()).isEqualTo("k2");
    assertThat(rotated.keyIds()).containsExactly("k2", "k1");
    assertThat(table).containsExactly(
        Map.entry(old.pseudonymize("alice"), rotated.pseudonymize("alice")),
        Map.entry(old.pseudonymize("bob"), rotated.pseudonymize("bob")));
    assertThat(table.values()).doesNotContain("alice", "bob");
    assertThatIllegalArgumentException().isThrownBy(() -> old.rotationTable(List.of("alice"), "k0"))
        .withMessageContaining("unknown pseudonymisation key id 'k0'");
  }

  @Test
  void pseudonymizeUsers_thenRotate_equalsPseudonymizingWithNewKey() {
    InteractionMatrix raw = InteractionMatrix.builder(DuplicatePolicy.REJECT)
        .add("alice", "sku-1", 1f, 1_700_000_000L).add("bob", "sku-2", 2.5f, 1_700_000_100L)
        .add("alice", "sku-3", 0.5f, 1_700_000_050L).build();
    Pseudonymizer old = Pseudonymizer.of(key("k1"));
    Pseudonymizer rotated = Pseudonymizer.of(key("k2"), key("k1"));

    InteractionMatrix stored = old.pseudonymizeUsers(raw);
    InteractionMatrix afterRotation = Pseudonymizer.rotateUsers(stored,
        rotated.rotationTable(raw.users().ids(), "k1"));
    InteractionMatrix direct = rotated.pseudonymizeUsers(raw);

    assertThat(stored.users().ids()).containsExactly(old.pseudonymize("alice"), old.pseudonymize("bob"));
    assertThat(stored.users().ids()).doesNotContain("alice", "bob");
    assertThat(stored.items().ids()).isEqualTo(raw.items().ids());
    assertSameInteractions(stored, raw);
    assertThat(afterRotation.users().ids()).isEqualTo(direct.users().ids());
    assertSameInteractions(afterRotation, raw);
  }

  @Test
  void pseudonymizeUsers_untimedMatrix_keepsInteractions() {
    InteractionMatrix raw = InteractionMatrix.builder(DuplicatePolicy.REJECT)
        .add("alice", "sku-1", 1f).add("bob", "sku-1", 3f).build();
    InteractionMatrix stored = Pseudonymizer.of(key("k1")).pseudonymizeUsers(raw);

    assertThat(stored.hasTimestamps()).isFalse();
    assertSameInteractions(stored, raw);
  }

  @Test
  void rotateUsers_idMissingFromTable_throwsNamingTheIndexNotTheId() {
    InteractionMatrix raw = InteractionMatrix.builder(DuplicatePolicy.REJECT)
        .add("alice", "sku-1", 1f).add("bob", "sku-1", 3f).build();
    assertThatIllegalArgumentException().isThrownBy(() -> Pseudonymizer.rotateUsers(raw, Map.of("alice", "x")))
        .withMessageContaining("no new id for the user at index 1")
        .withMessageNotContaining("bob");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Pseudonymizer.rotateUsers(raw, Map.of("alice", "x-new", "bob", "x-new")))
        .withMessageContaining("two users to the same new id")
        .withMessageNotContaining("x-new").withMessageNotContaining("bob");
  }

  @Test
  void pseudonymize_concurrentThreads_agreeWithSingleThread() throws Exception {
    Pseudonymizer p = Pseudonymizer.of(key("k1"));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      expected.add(p.pseudonymize("customer-" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<List<String>>> results = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      results.add(pool.submit(() -> {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          mine.add(p.pseudonymize("customer-" + i));
        }
        return mine;
      }));
    }
    for (Future<List<String>> r : results) {
      assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
    }
    pool.shutdown();
  }

  private static void assertSameInteractions(InteractionMatrix actual, InteractionMatrix expected) {
    assertThat(actual.numUsers()).isEqualTo(expected.numUsers());
    assertThat(actual.numInteractions()).isEqualTo(expected.numInteractions());
    for (int u = 0; u < expected.numUsers(); u++) {
      assertThat(actual.rowItems(u)).isEqualTo(expected.rowItems(u));
      assertThat(actual.rowWeights(u)).isEqualTo(expected.rowWeights(u));
      for (int p = expected.rowStart(u); p < expected.rowEnd(u); p++) {
        if (expected.hasTimestamps()) {
          assertThat(actual.timeAt(p)).isEqualTo(expected.timeAt(p));
        }
      }
    }
  }
}
