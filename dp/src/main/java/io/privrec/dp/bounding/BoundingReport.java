package io.privrec.dp.bounding;

/**
 * What {@link ContributionBounder} dropped or changed. Counts are exact and never negative.
 * Immutable.
 *
 * <p>These counts describe the raw data and are <b>not</b> differentially private: use them for
 * tuning bounds on data you may look at, never publish them as they are.
 *
 * @param inputRecords records passed in
 * @param outputRecords records kept
 * @param droppedByPartitionLimit records dropped because their user contributed to more than
 *     {@code maxPartitionsContributed} keys
 * @param droppedByContributionLimit records dropped because their user had more than {@code
 *     maxContributionsPerPartition} records for the key
 * @param clampedValues kept records whose value was clamped into {@code [lower, upper]}
 * @param usersOverPartitionLimit users who contributed to more than {@code
 *     maxPartitionsContributed} keys
 */
public record BoundingReport(
    long inputRecords,
    long outputRecords,
    long droppedByPartitionLimit,
    long droppedByContributionLimit,
    long clampedValues,
    long usersOverPartitionLimit) {}
