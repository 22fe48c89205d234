package io.privrec.core.privacy;

import static io.privrec.core.privacy.PrivacyTesting.NOW;
import static io.privrec.core.privacy.PrivacyTesting.inMemory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CustomerExportTest {

  @Test
  void toJson_customerWithHistoryAndInteractions_writesDocumentedLayout() {
    InteractionMatrix data = InteractionMatrix.builder(DuplicatePolicy.REJECT)
        .add("alice", "sku-1", 1f, 1_700_000_000L).add("alice", "sku-\"7\"", 0.1f, 1_700_000_060L)
        .add("bob", "sku-1", 2f, 1_700_000_000L).build();
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      r.grant("alice", Purpose.PERSONALISATION, "web-banner");
      r.record("alice", Purpose.MODEL_TRAINING, ConsentStatus.WITHDRAWN, Instant.parse("2026-01-01T00:00:00Z"),
          "support-ticket-123");
      r.grant("bob", Purpose.PERSONALISATION, "web-banner");

      String json = CustomerExport.forCustomer("alice").consent(r).interactions(data, "alice").generatedAt(NOW).toJson();

      assertThat(json).isEqualTo("{\"format\":\"privrec-customer-export\",\"version\":1,\"customerId\":\"alice\","
          + "\"generatedAt\":\"2026-11-02T10:15:30Z\","
          + "\"consent\":{\"regime\":\"opt_in\",\"erased\":false,"
          + "\"standing\":{\"personalisation\":true,\"model_training\":false,\"segment_marketing\":false,\"location_personalisation\":false},"
          + "\"history\":["
          + "{\"sequence\":1,\"purpose\":\"personalisation\",\"status\":\"granted\",\"at\":\"2026-11-02T10:15:30Z\","
          + "\"source\":\"web-banner\"},"
          + "{\"sequence\":2,\"purpose\":\"model_training\",\"status\":\"withdrawn\",\"at\":\"2026-01-01T00:00:00Z\","
          + "\"source\":\"support-ticket-123\"}],"
          + "\"erasures\":[]},"
          + "\"interactions\":["
          + "{\"item\":\"sku-1\",\"weight\":1.0,\"at\":\"2023-11-14T22:13:20Z\"},"
          + "{\"item\":\"sku-\\\"7\\\"\",\"weight\":0.1,\"at\":\"2023-11-14T22:14:20Z\"}]}");
      assertThat(json).doesNotContain("bob");
    }
  }

  @Test
  void toJson_erasedCustomer_showsProofAndNoHistory() {
    try (ConsentRegister r = inMemory(Regime.OPT_OUT)) {
      r.grant("alice", Purpose.PERSONALISATION, "web-banner");
      ErasureProof proof = r.erase("alice", "ccpa-delete-9");

      String json = CustomerExport.forCustomer("alice").consent(r).generatedAt(NOW).toJson();

      assertThat(json).contains("\"regime\":\"opt_out\",\"erased\":true,"
          + "\"standing\":{\"personalisation\":false,\"model_training\":false,\"segment_marketing\":false,\"location_personalisation\":false},"
          + "\"history\":[],\"erasures\":[{\"sequence\":2,\"pseudonym\":\"" + proof.pseudonym()
          + "\",\"keyId\":\"k1\",\"at\":\"2026-11-02T10:15:30Z\",\"reason\":\"ccpa-delete-9\"}]}}");
      assertThat(json).doesNotContain("web-banner").doesNotContain("interactions");
    }
  }

  @Test
  void toJson_unknownCustomer_showsRegimeDefaultsAndEmptyLists() {
    InteractionMatrix data = InteractionMatrix.builder(DuplicatePolicy.REJECT).add("bob", "sku-1", 1f).build();
    try (ConsentRegister r = inMemory(Regime.OPT_OUT)) {
      String json = CustomerExport.forCustomer("zoe").consent(r).interactions(data, "zoe").generatedAt(NOW).toJson();

      assertThat(json).contains("\"standing\":{\"personalisation\":true,\"model_training\":true,"
          + "\"segment_marketing\":true,\"location_personalisation\":true},\"history\":[],\"erasures\":[]},\"interactions\":[]}");
    }
  }

  @Test
  void toJson_untimedInteractions_omitAt() {
    InteractionMatrix data = InteractionMatrix.builder(DuplicatePolicy.REJECT).add("alice", "sku-1", 3f).build();
    String json = CustomerExport.forCustomer("alice").interactions(data, "alice").generatedAt(NOW).toJson();
    assertThat(json).endsWith("\"interactions\":[{\"item\":\"sku-1\",\"weight\":3.0}]}").doesNotContain("consent");
  }

  @Test
  void erasureProofJson_containsNoRawId() {
    try (ConsentRegister r = inMemory(Regime.OPT_IN)) {
      r.grant("alice@example.com", Purpose.PERSONALISATION, "web");
      ErasureProof proof = r.erase("alice@example.com", "art17");

      assertThat(CustomerExport.toJson(proof)).isEqualTo("{\"format\":\"privrec-erasure-proof\",\"version\":1,"
          + "\"sequence\":2,\"pseudonym\":\"" + proof.pseudonym() + "\",\"keyId\":\"k1\","
          + "\"at\":\"2026-11-02T10:15:30Z\",\"reason\":\"art17\"}");
    }
  }

  @Test
  void forCustomer_badIdOrClosedRegister_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> CustomerExport.forCustomer(""))
        .withMessageContaining("customerId");
    ConsentRegister r = inMemory(Regime.OPT_IN);
    r.close();
    assertThatIllegalStateException().isThrownBy(() -> CustomerExport.forCustomer("alice").consent(r).toJson())
        .withMessageContaining("closed");
  }

  @Test
  void section_treeOfPlainValues_isWrittenInOrderAfterTheStandardParts() {
    java.util.Map<String, Object> profile = new java.util.LinkedHashMap<>();
    profile.put("segment", "weekend \"shopper\"");
    profile.put("visits", 12);
    profile.put("share", 0.25);
    profile.put("weight", 0.1f);
    profile.put("tags", java.util.List.of("a", "b"));
    profile.put("verified", true);
    profile.put("note", null);

    String json = CustomerExport.forCustomer("alice").generatedAt(NOW).section("profile", profile)
        .section("flags", java.util.List.of()).toJson();

    assertThat(json).endsWith("\"profile\":{\"segment\":\"weekend \\\"shopper\\\"\",\"visits\":12,"
        + "\"share\":0.25,\"weight\":0.1,\"tags\":[\"a\",\"b\"],\"verified\":true,\"note\":null},"
        + "\"flags\":[]}");
  }

  @Test
  void section_unsupportedTypeOrNonFiniteNumber_failsNamingTheTypeNotTheValue() {
    Object secret = new Object() {
      @Override
      public String toString() {
        return "secret-4711";
      }
    };
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CustomerExport.forCustomer("alice").section("x", java.util.List.of(secret)).toJson())
        .withMessageContaining("not " + secret.getClass().getName()).withMessageNotContaining("secret-4711");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CustomerExport.forCustomer("alice").section("x", Double.NaN).toJson())
        .withMessageContaining("finite");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CustomerExport.forCustomer("alice").section("consent", 1))
        .withMessageContaining("section name");
  }
}
