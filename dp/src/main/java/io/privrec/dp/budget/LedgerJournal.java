package io.privrec.dp.budget;

import java.util.List;

/**
 * Makes a {@link PrivacyAccountant}'s spends durable before they are granted, e.g. by appending
 * them to a file and forcing it to disk. Pass one to {@link PrivacyAccountant#create(PrivacyBudget,
 * java.time.Clock, LedgerJournal)} or {@link PrivacyAccountant#restore}.
 *
 * <p><b>Contract.</b> The accountant calls {@link #record} once per granted {@link
 * PrivacyAccountant#allocate allocate}, {@link PrivacyAccountant#tryAllocate tryAllocate} or
 * non-empty {@link PrivacyAccountant#allocateAll allocateAll}, while holding its lock, after the
 * budget check has passed and before the entries are added to its ledger. It is never called for a
 * refused allocation, an empty batch, or the entries given to {@link PrivacyAccountant#restore}.
 * Because the release is computed only after the allocation returns, a journal that makes the
 * entries durable before returning guarantees that every release that was ever computed is in the
 * durable ledger, even if the process dies right after.
 *
 * <p><b>Failure.</b> If {@link #record} throws, the accountant records nothing (its ledger and
 * spent budget are unchanged, the caller must not release anything) and the exception propagates
 * unchanged to the caller of the allocation; later allocations are attempted normally, and the
 * next one reuses the sequence numbers of the failed one. A journal that fails after writing part
 * or all of the entries must therefore remove them before throwing (or mark them as not granted):
 * otherwise its ledger holds spends that were never granted, which overstates the spend, and
 * duplicate sequence numbers, which {@link PrivacyAccountant#restore} refuses.
 *
 * <p><b>Thread-safety.</b> One accountant never calls its journal concurrently (the calls are
 * serialised by its lock), so a journal used by a single accountant need not be thread-safe; one
 * shared by several accountants must be. Other threads' calls on the accountant wait while {@link
 * #record} runs, so it should do no more than write and force the entries. It may read the
 * accountant that called it (which does not yet hold the entries) but must not allocate on it:
 * such a call throws {@link IllegalStateException}.
 */
@FunctionalInterface
public interface LedgerJournal {

  /**
   * Makes {@code entries} durable before returning.
   *
   * @param entries the entries about to be committed, in sequence order, with the sequence numbers,
   *     labels, timestamps and costs they will have in the ledger; non-empty and unmodifiable
   * @throws RuntimeException (for example {@link java.io.UncheckedIOException}) if the entries
   *     could not be made durable; the accountant then records nothing and rethrows it
   */
  void record(List<LedgerEntry> entries);
}
