package io.privrec.core;

import io.privrec.core.data.Catalogue;
import io.privrec.core.data.EventKind;
import io.privrec.core.privacy.Regime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link HomeCrashTest}: opens (or creates) a home and runs record, refit and
 * forget operations in a loop until it is killed, printing one line per acknowledged operation
 * (flushed) after the call returned:
 *
 * <pre>
 * E customer epochSecond      an event that record() acknowledged
 * f customer                  an erasure about to start (it may or may not survive a kill)
 * F customer                  an erasure that forget() acknowledged
 * C n                         a private refit that returned; the ledger then held n charges
 * </pre>
 */
public final class HomeCrashChild {
  static final int ITEMS = 40;

  private HomeCrashChild() {}

  static Catalogue catalogue() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      ids.add("sku-" + i);
    }
    return Catalogue.of(ids);
  }

  static HomeOptions options() {
    return HomeOptions.builder().regime(Regime.OPT_OUT).algorithm("item-knn", Map.of()).privacy(0.01, 0)
        .budget(1_000_000, 0).fallbackMinCustomers(1).build();
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int round = Integer.parseInt(args[1]);
    Random random = new Random(round * 7919L + 1);
    RecommenderHome home = Files.exists(dir.resolve("home.properties")) ? RecommenderHome.open(dir, options())
        : RecommenderHome.create(dir, catalogue(), options());
    System.out.println("READY");
    System.out.flush();
    long clock = 1_500_000_000L + round * 10_000_000L;
    List<String> mine = new ArrayList<>();
    for (int op = 0; ; op++) {
      int kind = random.nextInt(20);
      if (kind < 16 || mine.size() < 3) {
        int n = 1 + random.nextInt(20);
        List<RecommenderHome.Event> events = new ArrayList<>();
        for (int j = 0; j < n; j++) {
          String customer = "r" + round + "-c" + random.nextInt(12);
          if (!mine.contains(customer)) {
            mine.add(customer);
          }
          events.add(RecommenderHome.Event.of(customer, "sku-" + random.nextInt(ITEMS), EventKind.PURCHASE,
              Instant.ofEpochSecond(clock++)));
        }
        home.recordAll(events);
        StringBuilder acks = new StringBuilder();
        for (RecommenderHome.Event e : events) {
          acks.append("E ").append(e.customerId()).append(' ').append(e.time().getEpochSecond()).append('\n');
        }
        System.out.print(acks);
        System.out.flush();
      } else if (kind == 16 && random.nextBoolean()) {
        home.awaitErasures(); // the interaction rewrite after erasures, now rather than a second later
      } else if (kind < 18) {
        home.refit(); // private: charged to the durable ledger first
        System.out.println("C " + home.budget().charges());
        System.out.flush();
      } else {
        String victim = mine.remove(random.nextInt(mine.size()));
        System.out.println("f " + victim); // intent: after a kill she may or may not be erased
        System.out.flush();
        home.forget(List.of(victim));
        System.out.println("F " + victim);
        System.out.flush();
      }
    }
  }
}
