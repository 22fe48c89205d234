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
 * A trained recommender's privacy report, in two parts.
 *
 * <ul>
 *   <li>The <b>publishable</b> part ({@link #toText()}, {@link #toJson()}), meant to be quoted in a
 *       privacy notice, depends on the configuration and the differentially private releases only:
 *       data categories, purposes, retention period, the model and its parameters, the catalogue
 *       size (the catalogue is public), the fallback threshold, and for a private model its (ε, δ)
 *       guarantee, the budget spent and every ledger entry (labels are data-independent). It holds
 *       no count of customers or interactions, so two neighbouring data sets give the same text.
 *   <li>The <b>internal</b> part ({@link #internalText()}, {@link #internalJson()}) adds the exact
 *       counts a data-protection officer needs: customers held, trained on, excluded by consent,
 *       erased, withdrawn from training after the build, interactions dropped by retention. These
 *       counts are private: do not publish them.
 * </ul>
 *
 * <p>Immutable.
 *
 * @param generatedAt when the report was made
 * @param dataCategories categories of personal data processed
 * @param purposes purposes the data is processed for
 * @param customers (internal) customers whose data the recommender holds (erased ones excluded)
 * @param customersTrainedOn (internal) customers whose interactions the model stands for
 * @param customersExcludedByConsent (internal) customers held but not trained on because they did
 *     not consent to model training when the recommender was built
 * @param customersErased (internal) customers erased since the recommender was built
 * @param customersWithdrawnAfterBuild (internal) customers removed from training after the build
 *     because they withdrew training consent
 * @param retention the retention limit, if any
 * @param droppedByRetention (internal) interactions dropped by the retention limit
 * @param model the model's name
 * @param parameters the model's parameters
 * @param catalogueItems the size of the public catalogue the model indexes, if one was given
 * @param fallbackMinCustomers the least number of customers an item needs before a non-private
 *     fallback shows it (empty for private models, whose fallbacks come from the release)
 * @param privacyBudget the accountant's total (ε, δ), if the model is differentially private
 * @param spent what the accountant has spent, if the model is differentially private
 * @param ledger every spend recorded by the accountant (empty for non-private models)
 */
public record PrivacyReport(Instant generatedAt, List<String> dataCategories, List<String> purposes, int customers,
    int customersTrainedOn, int customersExcludedByConsent, int customersErased, int customersWithdrawnAfterBuild,
    Optional<Duration> retention, long droppedByRetention, String model, Map<String, String> parameters,
    Optional<Integer> catalogueItems, Optional<Integer> fallbackMinCustomers, Optional<PrivacyBudget> privacyBudget,
    Optional<SpentBudget> spent, List<LedgerEntry> ledger) {

  /** Validates and copies. */
  public PrivacyReport {
    requireNonNull(generatedAt, "generatedAt");
    dataCategories = List.copyOf(dataCategories);
    purposes = List.copyOf(purposes);
    requireNonNull(retention, "retention");
    requireNonNull(model, "model");
    parameters = Map.copyOf(parameters);
    requireNonNull(catalogueItems, "catalogueItems");
    requireNonNull(fallbackMinCustomers, "fallbackMinCustomers");
    requireNonNull(privacyBudget, "privacyBudget");
    requireNonNull(spent, "spent");
    ledger = List.copyOf(ledger);
  }

  /** True if the published model is differentially private. */
  public boolean differentiallyPrivate() {
    return privacyBudget.isPresent();
  }

  /** The publishable part as one JSON object (no count of customers or interactions). */
  public String toJson() {
    return json(false);
  }

  /** The whole report, exact counts included, as one JSON object: internal, not for publication. */
  public String internalJson() {
    return json(true);
  }

  private String json(boolean internal) {
    StringBuilder out = new StringBuilder(1024);
    JsonWriter json = JsonWriter.to(out).beginObject()
        .name("format").value(internal ? "privrec-privacy-report-internal" : "privrec-privacy-report")
        .name("version").value(2)
        .name("generatedAt").value(generatedAt.toString());
    json.name("dataCategories").beginArray();
    dataCategories.forEach(json::value);
    json.endArray().name("purposes").beginArray();
    purposes.forEach(json::value);
    json.endArray();
    if (internal) {
      json.name("customers").value(customers)
          .name("customersTrainedOn").value(customersTrainedOn)
          .name("customersExcludedByConsent").value(customersExcludedByConsent)
          .name("customersErased").value(customersErased)
          .name("customersWithdrawnAfterBuild").value(customersWithdrawnAfterBuild);
    }
    json.name("retentionDays");
    if (retention.isPresent()) {
      json.value(retention.get().toDays());
    } else {
      json.nullValue();
    }
    if (internal) {
      json.name("droppedByRetention").value(droppedByRetention);
    }
    json.name("model").value(model).name("parameters").beginObject();
    parameters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> json.name(e.getKey()).value(e.getValue()));
    json.endObject();
    json.name("catalogueItems");
    if (catalogueItems.isPresent()) {
      json.value(catalogueItems.get());
    } else {
      json.nullValue();
    }
    json.name("fallbackMinCustomers");
    if (fallbackMinCustomers.isPresent()) {
      json.value(fallbackMinCustomers.get());
    } else {
      json.nullValue();
    }
    json.name("differentiallyPrivate").value(differentiallyPrivate());
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

  /**
   * The publishable part as readable text, for a privacy notice: configuration and differentially
   * private releases only, no count of customers or interactions.
   */
  public String toText() {
    return text(false);
  }

  /** The whole report as readable text, exact counts included: internal, for the data-protection officer. */
  public String internalText() {
    return text(true);
  }

  private String text(boolean internal) {
    StringBuilder t = new StringBuilder();
    t.append(internal ? "Privacy report, internal: holds exact counts, do not publish (" : "Privacy report (")
        .append(generatedAt).append(")\n");
    t.append("Data used: ").append(String.join("; ", dataCategories)).append(".\n");
    t.append("Purposes: ").append(String.join("; ", purposes)).append(".\n");
    if (internal) {
      t.append(String.format(Locale.ROOT, "Customers: %d held; the model stands for %d; %d excluded because they did"
          + " not consent to model training; %d removed after withdrawing training consent; %d erased on request.%n",
          customers, customersTrainedOn, customersExcludedByConsent, customersWithdrawnAfterBuild, customersErased));
    } else {
      t.append("Customers who did not consent to model training, who withdrew it, or who asked to be erased are not"
          + " in the model's training data.\n");
    }
    retention.ifPresent(r -> {
      t.append(String.format(Locale.ROOT, "Retention: interactions older than %d days are deleted", r.toDays()));
      t.append(internal ? String.format(Locale.ROOT, " (%d deleted so far).%n", droppedByRetention) : ".\n");
    });
    t.append("Model: ").append(model).append(' ').append(new java.util.TreeMap<>(parameters)).append(".\n");
    catalogueItems.ifPresent(n -> t.append(String.format(Locale.ROOT,
        "Items: the shop's public catalogue of %d items; no item outside it is scored or listed.%n", n)));
    fallbackMinCustomers.ifPresent(k -> t.append(String.format(Locale.ROOT,
        "Non-personalised recommendations show only items bought by at least %d customers.%n", k)));
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
