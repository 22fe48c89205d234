package io.privrec.core.privacy.internal;

import io.privrec.core.privacy.ConsentCounts;
import io.privrec.core.privacy.ConsentEvent;
import io.privrec.core.privacy.ErasureProof;
import io.privrec.core.privacy.Pseudonymizer;
import io.privrec.core.privacy.Purpose;
import io.privrec.core.privacy.Regime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The register's in-memory state: per customer an immutable history plus latest decision per
 * purpose, and the erasure proofs.
 *
 * <p>Thread-safety: mutators ({@link #apply(ConsentEvent)}, {@link #erase}) must be called by one
 * thread at a time (the register's write lock); readers may run concurrently without locking and
 * see each customer's state atomically (entries are replaced, never mutated).
 */
public final class ConsentState {
  private static final byte NONE = 0;
  private static final byte GRANTED = 1;
  private static final byte WITHDRAWN = 2;

  private final Regime regime;
  private final Pseudonymizer pseudonymizer;
  private final ConcurrentHashMap<String, Customer> customers = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<ErasureProof> proofs = new CopyOnWriteArrayList<>();
  /** keyId → pseudonyms erased under it, for erased-customer lookups. */
  private final ConcurrentHashMap<String, Set<String>> erased = new ConcurrentHashMap<>();
  private volatile long lastSequence;

  /** Creates an empty state. */
  public ConsentState(Regime regime, Pseudonymizer pseudonymizer) {
    this.regime = regime;
    this.pseudonymizer = pseudonymizer;
  }

  /** One customer's immutable state. */
  private static final class Customer {
    final ConsentEvent[] history;
    final byte[] latest;

    Customer(ConsentEvent[] history, byte[] latest) {
      this.history = history;
      this.latest = latest;
    }
  }

  /** Sequence number of the latest applied change. */
  public long lastSequence() {
    return lastSequence;
  }

  /** Sets the sequence reached by a loaded snapshot (only on an empty state). */
  public void restoreSequence(long sequence) {
    lastSequence = sequence;
  }

  /**
   * Applies a decision.
   *
   * @throws IllegalArgumentException if its sequence is not {@code lastSequence() + 1}
   */
  public void apply(ConsentEvent event) {
    checkNext(event.sequence());
    restoreEvent(event);
    lastSequence = event.sequence();
  }

  /** Adds an event loaded from a snapshot (sequence continuity is the snapshot's business). */
  public void restoreEvent(ConsentEvent event) {
    Customer old = customers.get(event.customerId());
    ConsentEvent[] history;
    byte[] latest;
    if (old == null) {
      history = new ConsentEvent[] {event};
      latest = new byte[Purpose.values().length];
    } else {
      history = Arrays.copyOf(old.history, old.history.length + 1);
      history[old.history.length] = event;
      latest = old.latest.clone();
    }
    latest[event.purpose().ordinal()] = event.granted() ? GRANTED : WITHDRAWN;
    customers.put(event.customerId(), new Customer(history, latest));
  }

  /**
   * Erases {@code customerId}'s history and records {@code proof}.
   *
   * @throws IllegalArgumentException if the proof's sequence is not {@code lastSequence() + 1}
   */
  public void erase(String customerId, ErasureProof proof) {
    checkNext(proof.sequence());
    // Proof first: a concurrent reader then sees her either known or erased, never as a stranger
    // (who would be allowed under OPT_OUT).
    restoreProof(proof);
    customers.remove(customerId);
    lastSequence = proof.sequence();
  }

  /** Adds a proof loaded from a snapshot. */
  public void restoreProof(ErasureProof proof) {
    proofs.add(proof);
    erased.computeIfAbsent(proof.keyId(), k -> ConcurrentHashMap.newKeySet()).add(proof.pseudonym());
  }

  private void checkNext(long sequence) {
    if (sequence != lastSequence + 1) {
      throw new IllegalArgumentException("change sequence " + sequence + " does not follow " + lastSequence);
    }
  }

  /** True if the customer has a recorded history. */
  public boolean isKnown(String customerId) {
    return customers.containsKey(customerId);
  }

  /** True if the customer has no history and an erasure proof matches her under a held key. */
  public boolean isErased(String customerId) {
    if (erased.isEmpty() || customers.containsKey(customerId)) {
      return false;
    }
    for (Map.Entry<String, Set<String>> e : erased.entrySet()) {
      if (pseudonymizer.keyIds().contains(e.getKey())
          && e.getValue().contains(pseudonymizer.pseudonymize(customerId, e.getKey()))) {
        return true;
      }
    }
    return false;
  }

  /** Latest decision, else false when erased, else the regime default. */
  public boolean isAllowed(String customerId, Purpose purpose) {
    Customer c = customers.get(customerId);
    if (c != null) {
      byte d = c.latest[purpose.ordinal()];
      if (d != NONE) {
        return d == GRANTED;
      }
      return regime.allowedByDefault();
    }
    // Under OPT_IN the answer is false either way: skip the HMAC of the erased-customer check.
    return regime.allowedByDefault() && !isErased(customerId);
  }

  /** The customer's history in sequence order (empty if none). */
  public List<ConsentEvent> history(String customerId) {
    Customer c = customers.get(customerId);
    return c == null ? List.of() : List.of(c.history);
  }

  /**
   * Finds the customer with history whose pseudonym under {@code keyId} is {@code pseudonym}
   * (linear scan; used only when replaying an erasure from the log), or null.
   */
  public String findByPseudonym(String pseudonym, String keyId) {
    for (String id : customers.keySet()) {
      if (pseudonymizer.matches(id, pseudonym, keyId)) {
        return id;
      }
    }
    return null;
  }

  /** True if the pseudonymizer holds key {@code keyId}. */
  public boolean pseudonymizerHolds(String keyId) {
    return pseudonymizer.keyIds().contains(keyId);
  }

  /** Proofs matching the customer under held keys, oldest first. */
  public List<ErasureProof> proofsOf(String customerId) {
    List<ErasureProof> result = new ArrayList<>();
    for (ErasureProof p : proofs) {
      if (pseudonymizer.keyIds().contains(p.keyId()) && pseudonymizer.matches(customerId, p.pseudonym(), p.keyId())) {
        result.add(p);
      }
    }
    return List.copyOf(result);
  }

  /** All proofs, oldest first. */
  public List<ErasureProof> proofs() {
    return List.copyOf(proofs);
  }

  /** Histories of all customers (arbitrary customer order; stable only without concurrent writes). */
  public Collection<List<ConsentEvent>> histories() {
    List<List<ConsentEvent>> result = new ArrayList<>(customers.size());
    for (Customer c : customers.values()) {
      result.add(List.of(c.history));
    }
    return result;
  }

  /** Totals (consistent only without concurrent writes). */
  public ConsentCounts counts() {
    int[] granted = new int[Purpose.values().length];
    int[] withdrawn = new int[granted.length];
    for (Customer c : customers.values()) {
      for (int p = 0; p < granted.length; p++) {
        if (c.latest[p] == GRANTED) {
          granted[p]++;
        } else if (c.latest[p] == WITHDRAWN) {
          withdrawn[p]++;
        }
      }
    }
    Map<Purpose, Integer> g = new EnumMap<>(Purpose.class);
    Map<Purpose, Integer> w = new EnumMap<>(Purpose.class);
    for (Purpose p : Purpose.values()) {
      g.put(p, granted[p.ordinal()]);
      w.put(p, withdrawn[p.ordinal()]);
    }
    return new ConsentCounts(customers.size(), proofs.size(), g, w);
  }
}
