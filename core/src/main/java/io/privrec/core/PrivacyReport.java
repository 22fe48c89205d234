package io.privrec.core;

import static java.util.Objects.requireNonNull;

import io.privrec.dp.budget.CompositionMethod;
import io.privrec.dp.budget.LedgerEntry;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.SpentBudget;
import io.privrec.dp.internal.JsonWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A trained recommender's privacy report: the data categories and purposes it uses, how many
 * customers were included in and excluded from training (and why), the model and its parameters,
 * retention and erasures, and — for differentially private models — the budget spent, with every
 * ledger entry. Available as JSON ({@link #toJson()}) and as plain text a privacy notice can quote
 * ({@link #toText()}). Immutable.
 *
 * @param generatedAt when the report was made
 * @param dataCategories categories of personal data processed
 * @param purposes purposes the data is processed for
 * @param customers customers whose data the recommender holds (erased ones excluded)
 * @param customersTrainedOn customers whose interactions the model was fitted on
 * @param customersExcludedByConsent customers held but not trained on because they did not
 *     consent to model training
 * @param customersErased customers erased since the recommender was built
 * @param retention the retention limit, if any
 * @param droppedByRetention interactions dropped by the retention limit
 * @param model the model's name
 * @param parameters the model's parameters
 * @param privacyBudget the accountant's total (ε, δ), if the model is differentially private
 * @param spent what the accountant has spent, if the model is differentially private
 * @param ledger every spend recorded by the accountant (empty for non-private models)
 */
public record PrivacyReport(Instant generatedAt, List<String> dataCategories, List<String> purposes, int customers,
    int customersTrainedOn, int customersExcludedByConsent, int customersErased, Optional<Duration> retention,
    long droppedByRetention, String model, Map<String, String> parameters, Optional<PrivacyBudget> privacyBudget,
    Optional<SpentBudget> spent, List<LedgerEntry> ledger) {

  /** Validates and copies. */
  public PrivacyReport {
    requireNonNull(generatedAt, "generatedAt");
    dataCategories = List.copyOf(dataCategories);
    purposes = List.copyOf(purposes);
    requireNonNull(retention, "retention");
    requireNonNull(model, "model");
    parameters = Map.copyOf(parameters);
    requireNonNull(privacyBudget, "privacyBudget");
    requireNonNull(spent, "spent");
    ledger = List.copyOf(ledger);
  }

  /** True if the published model is differentially private. */
  public boolean differentiallyPrivate() {
    return privacyBudget.isPresent();
  }

  /** The report as one JSON object. */
  public String toJson() {
    StringBuilder out = new StringBuilder(1024);
    JsonWriter json = JsonWriter.to(out).beginObject()
        .name("format").value("privrec-privacy-report")
        .name("version").value(1)
        .name("generatedAt").value(generatedAt.toString());
    json.name("dataCategories").beginArray();
    dataCategories.forEach(json::value);
    json.endArray().name("purposes").beginArray();
    purposes.forEach(json::value);
    json.endArray()
        .name("customers").value(customers)
        .name("customersTrainedOn").value(customersTrainedOn)
        .name("customersExcludedByConsent").value(customersExcludedByConsent)
        .name("customersErased").value(customersErased);
    json.name("retentionDays");
    if (retention.isPresent()) {
      json.value(retention.get().toDays());
    } else {
      json.nullValue();
    }
    json.name("droppedByRetention").value(droppedByRetention)
        .name("model").value(model)
        .name("parameters").beginObject();
    parameters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> json.name(e.getKey()).value(e.getValue()));
    json.endObject().name("differentiallyPrivate").value(differentiallyPrivate());
    if (privacyBudget.isPresent()) {
      json.name("budget").beginObject().name("epsilon").value(privacyBudget.get().epsilon())
          .name("delta").value(privacyBudget.get().delta()).endObject();
      SpentBudget s = spent.orElseThrow();
      json.name("spent").beginObject().name("epsilon").value(s.epsilon()).name("delta").value(s.delta())
          .name("composition").value(s.method().name().toLowerCase(Locale.ROOT)).endObject();
      json.name("ledger").beginArray();
      for (LedgerEntry e : ledger) {
        json.beginObject().name("sequence").value(e.sequence()).name("label").value(e.label())
            .name("timestamp").value(e.timestamp().toString())
            .name("mechanism").value(e.cost().mechanism())
            .name("kind").value(e.cost().kind().name().toLowerCase(Locale.ROOT))
            .name("parameters").beginObject();
        for (Map.Entry<String, Number> p : e.cost().parameters().entrySet()) {
          json.name(p.getKey()).value(p.getValue().doubleValue());
        }
        json.endObject().endObject();
      }
      json.endArray();
    }
    json.endObject().finish();
    return out.toString();
  }

  /** The composition that bounds the spend, in words; approximate (ε, δ) spends alone add up (basic). */
  private static String compositionName(SpentBudget s) {
    return s.method() == CompositionMethod.NONE ? "basic" : s.method().name().toLowerCase(Locale.ROOT);
  }

  /** The report as readable text, e.g. for a privacy notice or an auditor. */
  public String toText() {
    StringBuilder t = new StringBuilder();
    t.append("Privacy report (").append(generatedAt).append(")\n");
    t.append("Data used: ").append(String.join("; ", dataCategories)).append(".\n");
    t.append("Purposes: ").append(String.join("; ", purposes)).append(".\n");
    t.append(String.format(Locale.ROOT, "Customers: %d held; the model was trained on %d; %d excluded because they did not consent to model training; %d erased on request.%n",
        customers, customersTrainedOn, customersExcludedByConsent, customersErased));
    retention.ifPresent(r -> t.append(String.format(Locale.ROOT, "Retention: interactions older than %d days are deleted (%d deleted so far).%n", r.toDays(), droppedByRetention)));
    t.append("Model: ").append(model).append(' ').append(new java.util.TreeMap<>(parameters)).append(".\n");
    if (privacyBudget.isPresent()) {
      SpentBudget s = spent.orElseThrow();
      t.append(String.format(Locale.ROOT,
          "Differential privacy: the published model is (%.4g, %.3g)-differentially private per customer (all of a customer's data is protected together); spent so far ε = %.4g, δ = %.3g (%s composition) in %d release(s):%n",
          privacyBudget.get().epsilon(), privacyBudget.get().delta(), s.epsilon(), s.delta(), compositionName(s), ledger.size()));
      for (LedgerEntry e : ledger) {
        t.append("  - ").append(e.label()).append(" [").append(e.cost().mechanism()).append("] at ").append(e.timestamp()).append('\n');
      }
    } else {
      t.append("Differential privacy: not used; the model is not meant to be published.\n");
    }
    return t.toString();
  }
}
