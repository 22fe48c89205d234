// PrivRec customer controls: opt-out, anonymous mode, erasure (and how the model changes), export.
// Run with: examples/notebooks/run.sh privacy-controls.jsh   (after ./mvnw -q install -DskipTests)

import io.privrec.core.*;
import io.privrec.core.data.*;
import io.privrec.core.privacy.*;
import io.privrec.core.store.*;

// A small synthetic store and a consent register under the CCPA's opt-out regime:
// everybody is in until she says otherwise. (JShell runs a line as soon as it is a complete
// statement, so a chain of builder calls breaks after a dot, never before one.)
SyntheticStore store = SyntheticStore.builder().seed(11).customers(3_000).garments(500).events(60_000).build();
Catalogue catalogue = store.catalogue(); // the shop's public garment list: the model indexes exactly it
InteractionMatrix data = store.interactions();
ConsentRegister consent = ConsentRegister.builder().regime(Regime.OPT_OUT).
    pseudonymizer(Pseudonymizer.of(PseudonymKey.generate("2026-key"))).build();

// 1. Opt-out: one customer withdraws personalisation, another objects to model training.
String optedOut = data.users().id(1);
String noTraining = data.users().id(2);
consent.withdraw(optedOut, Purpose.PERSONALISATION, "privacy-centre");
consent.withdraw(noTraining, Purpose.MODEL_TRAINING, "support-ticket-17");

PrivateRecommender rec = PrivateRecommender.builder().data(data).catalogue(catalogue).consent(consent).
    algorithm("item-knn", Map.of("similarity", "cosine", "weighting", "none")).build();
System.out.println("opted-out customer gets the non-personalised list: " + rec.recommend(optedOut, 3));
System.out.println("customer outside the model is still served from her own items: " + rec.recommend(noTraining, 3));

// 2. Anonymous mode: a visitor browsing two garments; no id is taken and nothing is stored.
List<String> session = List.of(data.items().id(3), data.items().id(8));
List<ScoredItem> forVisitor = rec.recommendForSession(session, 3);
System.out.println("visitor -> " + forVisitor);
System.out.println("because: " + rec.explainForSession(session, forVisitor.get(0).itemId(), 2));

// 3. Erasure that reaches the model: erase the customer with the longest history, and watch the
// scores of a neighbour who shares one of her garments (the item-item similarities lose her).
int longest = 0;
for (int u = 1; u < data.numUsers(); u++) { if (data.rowLength(u) > data.rowLength(longest)) longest = u; }
int shared = data.itemAt(data.rowStart(longest));
int neighbour = -1;
for (int u = 0; u < data.numUsers() && neighbour < 0; u++) { if (u != longest && data.find(u, shared) >= 0) neighbour = u; }
String customer = data.users().id(longest);
String other = data.users().id(neighbour);
System.out.println("before: " + rec.recommend(other, 3));
ErasureReceipt receipt = rec.forget(customer);
System.out.println("erased " + receipt.customers() + " customer, " + receipt.interactionsRemoved()
    + " interactions, model update: " + receipt.modelUpdate());
System.out.println("after:  " + rec.recommend(other, 3));
System.out.println("proof kept by the register (no raw id): " + receipt.proofsJson());

// 4. Access and portability: everything held about a customer, as JSON.
String export = rec.export(data.users().id(7));
System.out.println(export.substring(0, Math.min(400, export.length())) + " ...");

// 5. The privacy report: the publishable part a privacy notice can quote (configuration only, no
// counts), and the internal part with exact counts for the data-protection officer.
System.out.println(rec.privacyReport().toText());
System.out.println(rec.privacyReport().internalText());
