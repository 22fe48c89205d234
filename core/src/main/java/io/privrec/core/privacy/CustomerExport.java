package io.privrec.core.privacy;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.dp.internal.JsonWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A customer's data as a JSON document, for access (GDPR art. 15, CCPA right to know) and
 * portability (GDPR art. 20) requests, plus the standalone form of an {@link ErasureProof}.
 *
 * <pre>{@code
 * String json = CustomerExport.forCustomer("customer-42")
 *     .consent(register)
 *     .interactions(data, pseudonymizer.pseudonymize("customer-42"))
 *     .generatedAt(Instant.now())
 *     .toJson();
 * }</pre>
 *
 * <h2>Document</h2>
 * <pre>
 * {"format":"privrec-customer-export","version":1,"customerId":"customer-42",
 *  "generatedAt":"2026-11-02T10:15:30Z",
 *  "consent":{"regime":"opt_in","erased":false,
 *    "standing":{"personalisation":true,"model_training":false,"segment_marketing":false,
 *                "location_personalisation":false},
 *    "history":[{"sequence":1,"purpose":"personalisation","status":"granted",
 *                "at":"2026-11-02T10:15:30Z","source":"web-banner"}],
 *    "erasures":[{"sequence":7,"pseudonym":"9f…","keyId":"k1","at":"…","reason":"…"}]},
 *  "interactions":[{"item":"sku-1","weight":1.0,"at":"2026-10-01T08:00:00Z"}]}
 * </pre>
 * Members appear in this order. {@code consent} is present if a register was given, {@code
 * interactions} if a matrix was given (its {@code "at"} only when the matrix has timestamps; items
 * in catalogue index order). {@code standing} is what {@link ConsentRegister#isAllowed} answers now,
 * including defaults of the regime. Instants are ISO-8601 UTC. Weights are the stored floats,
 * always finite.
 *
 * <p>Not thread-safe (the builder); the register may be used concurrently, but the document then
 * reflects changes acknowledged up to some point during the call.
 */
public final class CustomerExport {
  /** The value of the document's {@code "format"} member. */
  public static final String FORMAT = "privrec-customer-export";
  /** The value of the document's {@code "version"} member. */
  public static final int VERSION = 1;

  private CustomerExport() {}

  /**
   * Starts an export for {@code customerId}.
   *
   * @throws IllegalArgumentException if the id is blank or longer than 1024 chars
   * @throws NullPointerException if the id is null
   */
  public static Builder forCustomer(String customerId) {
    return new Builder(CorePreconditions.checkText("customerId", customerId));
  }

  /**
   * An erasure proof as a standalone JSON object, e.g. to hand to the customer or an auditor:
   * {@code {"format":"privrec-erasure-proof","version":1,"sequence":…,"pseudonym":…,"keyId":…,
   * "at":…,"reason":…}}. It contains no raw id.
   *
   * @throws NullPointerException if {@code proof} is null
   */
  public static String toJson(ErasureProof proof) {
    requireNonNull(proof, "proof");
    StringBuilder out = new StringBuilder(256);
    JsonWriter json = JsonWriter.to(out).beginObject()
        .name("format").value("privrec-erasure-proof")
        .name("version").value(VERSION);
    writeProofMembers(json, proof);
    json.endObject().finish();
    return out.toString();
  }

  private static void writeProofMembers(JsonWriter json, ErasureProof proof) {
    json.name("sequence").value(proof.sequence())
        .name("pseudonym").value(proof.pseudonym())
        .name("keyId").value(proof.keyId())
        .name("at").value(proof.at().toString())
        .name("reason").value(proof.reason());
  }

  /** Collects the parts of one customer's export. Not thread-safe. */
  public static final class Builder {
    private final String customerId;
    private ConsentRegister register;
    private InteractionMatrix data;
    private String userIdInData;
    private Instant generatedAt;
    private final java.util.Map<String, Object> sections = new java.util.LinkedHashMap<>();

    private Builder(String customerId) {
      this.customerId = customerId;
    }

    /**
     * Adds a further top-level section, e.g. the derived profile or the models that used her data,
     * as a tree of plain values written as JSON when the export is rendered: {@code null}, a
     * {@link CharSequence}, a {@link Boolean}, a {@link Byte}, {@link Short}, {@link Integer} or
     * {@link Long}, a finite {@link Float} or {@link Double}, a {@link java.util.Map} with {@link
     * String} keys (an object, in the map's iteration order) or an {@link Iterable} (an array).
     * The tree is kept by reference: do not change it before {@link #toJson()}.
     *
     * @param name the section's key; not blank, not {@code consent} or {@code interactions}, and
     *     not used before
     * @param value the section's value
     * @throws IllegalArgumentException if {@code name} is blank or already used; {@link #toJson()}
     *     throws it if the tree holds another type or a non-finite number
     */
    public Builder section(String name, Object value) {
      requireNonNull(name, "name");
      if (name.isBlank() || sections.containsKey(name) || name.equals("consent") || name.equals("interactions")) {
        throw CorePreconditions.fail("section name", "must be non-blank and unused", "'" + name + "'");
      }
      sections.put(name, value);
      return this;
    }

    /** Includes her consent standing, history and erasure proofs from {@code register}. */
    public Builder consent(ConsentRegister register) {
      this.register = requireNonNull(register, "register");
      return this;
    }

    /**
     * Includes her interactions from {@code data}, where she is user {@code userIdInData} (her id,
     * or her pseudonym if the data is pseudonymised); none if the data does not know her.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder interactions(InteractionMatrix data, String userIdInData) {
      this.data = requireNonNull(data, "data");
      this.userIdInData = requireNonNull(userIdInData, "userIdInData");
      return this;
    }

    /** When the export is made (default: the current instant when {@link #toJson()} runs). */
    public Builder generatedAt(Instant generatedAt) {
      this.generatedAt = requireNonNull(generatedAt, "generatedAt");
      return this;
    }

    /**
     * Writes the document.
     *
     * @throws IllegalStateException if the register is closed
     */
    public String toJson() {
      StringBuilder out = new StringBuilder(1024);
      writeJson(out);
      return out.toString();
    }

    /**
     * Writes the document to {@code out}.
     *
     * @throws java.io.UncheckedIOException if {@code out} fails
     * @throws IllegalStateException if the register is closed
     */
    public void writeJson(Appendable out) {
      requireNonNull(out, "out");
      JsonWriter json = JsonWriter.to(out).beginObject()
          .name("format").value(FORMAT)
          .name("version").value(VERSION)
          .name("customerId").value(customerId)
          .name("generatedAt").value((generatedAt == null ? Instant.now() : generatedAt).toString());
      if (register != null) {
        writeConsent(json);
      }
      if (data != null) {
        writeInteractions(json);
      }
      for (java.util.Map.Entry<String, Object> e : sections.entrySet()) {
        json.name(e.getKey()).tree(e.getValue());
      }
      json.endObject().finish();
    }

    private void writeConsent(JsonWriter json) {
      List<ConsentEvent> history = register.history(customerId);
      List<ErasureProof> proofs = register.erasureProofs(customerId);
      json.name("consent").beginObject()
          .name("regime").value(register.regime().name().toLowerCase(Locale.ROOT))
          .name("erased").value(register.isErased(customerId))
          .name("standing").beginObject();
      for (Purpose p : Purpose.values()) {
        json.name(p.key()).value(register.isAllowed(customerId, p));
      }
      json.endObject().name("history").beginArray();
      for (ConsentEvent e : history) {
        json.beginObject()
            .name("sequence").value(e.sequence())
            .name("purpose").value(e.purpose().key())
            .name("status").value(e.status().key())
            .name("at").value(e.at().toString())
            .name("source").value(e.source())
            .endObject();
      }
      json.endArray().name("erasures").beginArray();
      for (ErasureProof p : proofs) {
        json.beginObject();
        writeProofMembers(json, p);
        json.endObject();
      }
      json.endArray().endObject();
    }

    private void writeInteractions(JsonWriter json) {
      json.name("interactions").beginArray();
      IdIndex items = data.items();
      int user = data.users().indexOf(userIdInData);
      if (user >= 0) {
        for (int p = data.rowStart(user); p < data.rowEnd(user); p++) {
          json.beginObject()
              .name("item").value(items.id(data.itemAt(p)))
              // Via Float.toString: the shortest decimal of the stored float (0.1f → 0.1).
              .name("weight").value(Double.parseDouble(Float.toString(data.weightAt(p))));
          if (data.hasTimestamps()) {
            json.name("at").value(Instant.ofEpochSecond(data.timeAt(p)).toString());
          }
          json.endObject();
        }
      }
      json.endArray();
    }
  }
}
