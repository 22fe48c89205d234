package io.privrec.dp.kanon;

/**
 * Re-identification risk of the released records under the prosecutor model: an attacker who
 * knows that the target is in the table and knows the target's quasi-identifiers re-identifies
 * them with probability {@code 1 / size} of the target's equivalence class. Suppressed records are
 * not released and carry no risk; every fraction is relative to all {@code N} input records.
 *
 * @param highestRisk {@code 1 / smallest released class}, 0 if nothing is released
 * @param averageRisk mean risk over released records ({@code released classes / released
 *     records}), 0 if nothing is released
 * @param recordsAtRisk fraction of records whose risk exceeds {@code threshold}
 * @param sampleUniques fraction of records that are alone in their class
 * @param threshold the risk threshold in (0, 1]
 */
public record RiskReport(double highestRisk, double averageRisk, double recordsAtRisk,
    double sampleUniques, double threshold) {}
