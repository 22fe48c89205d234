package io.privrec.core.store;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.AttributeHierarchy;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.CustomerAttributes;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.EventKind;
import io.privrec.core.data.EventWeights;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.store.Customer.BodyType;
import io.privrec.core.store.Customer.Gender;
import io.privrec.core.store.Garment.Season;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic online fashion store: customers with quasi-identifiers, garments, and
 * a year of shop events (views, carts, purchases, returns), for examples, tests and benchmarks
 * when no real data may be used.
 *
 * <pre>{@code
 * SyntheticStore store = SyntheticStore.builder().seed(42).customers(50_000).garments(5_000)
 *     .events(1_000_000).build();
 * InteractionMatrix m = store.interactions();           // EventWeights.DEFAULT, DuplicatePolicy.SUM
 * store.forEachEvent((customer, garment, kind, t) -> ...); // streaming, constant memory
 * }</pre>
 *
 * <h2>Model</h2>
 * <ul>
 *   <li><b>Style groups.</b> Every garment belongs to one latent style group (preferred
 *       categories, brands, colours and price tier); every customer has a primary and a secondary
 *       group. A regular customer picks 50% of garments from the primary group, 10% from the
 *       secondary group, 30% by her region's taste and 10% by global popularity, so collaborative
 *       filtering has a clear signal beyond popularity.
 *   <li><b>Regional taste.</b> Each of the ten regions prefers 2 colours, 2 categories and 3
 *       brands and has its own bestseller ranking (a random order of all garments, independent of
 *       the global one; both drawn from the seed); its taste weights a garment by its regional
 *       popularity {@code (regional rank + 1)^-popularityExponent} times
 *       {@link #REGIONAL_MATCH_FACTOR} per preferred attribute. Regional draws are
 *       {@link #REGIONAL_SHARE_REGULAR} of a regular customer's and
 *       {@link #REGIONAL_SHARE_ONE_OFF} of a one-off customer's (35% primary group, 10% secondary,
 *       25% global popularity), so region explains at most a third of any customer's choices
 *       while "popular in your region" helps customers with little history. Regions form three
 *       macro-regions ({@link #geography()}).
 *   <li><b>Long tail.</b> Garment popularity follows a power law: the garment of popularity rank
 *       {@code r} (random order) has weight {@code (r + 1)^-popularityExponent}.
 *   <li><b>Activity.</b> A share {@link Builder#oneOffShare} of customers are one-off visitors:
 *       one garment, viewed and perhaps carted, bought and returned (1 to 4 events). The other
 *       events are spread over the regular customers in proportion to a log-normal activity
 *       (σ = 1.1), so some regular customers stay inactive when events are few.
 *   <li><b>Sessions.</b> A regular customer's session views one garment, then continues with
 *       probability 0.55; 15% of views revisit the previous garment. A view leads to a cart with
 *       probability 0.3, a cart to a purchase with 0.45, a purchase to a return (3 to 21 days
 *       later) with 0.25.
 *   <li><b>Seasonality.</b> Session days follow a yearly curve (January and summer sales, Black
 *       Friday week, December, weekends); out-of-season garments (e.g. coats in July) are
 *       accepted with probability 0.35 per draw.
 * </ul>
 *
 * <h2>Determinism</h2>
 * The same parameters give identical customers, garments and events, in the same order, on every
 * JVM (randomness: {@link SplittableRandom} seeded from {@link Builder#seed}; this is data
 * synthesis, not privacy noise). Different seeds give different data. Events come customer by
 * customer; within a customer they are not sorted by time. The number of events is exactly
 * {@link Builder#events}.
 *
 * <h2>Performance</h2>
 * {@link Builder#build()} costs O(customers + regions × garments) (ten regions); {@link #forEachEvent} streams events in constant
 * memory, so 10^8 events can be generated without a matrix. {@link #interactions()} buffers the
 * events (about 20 bytes each) while building the matrix once; it is cached.
 *
 * <p>Immutable and thread-safe; {@link #forEachEvent} may run concurrently.
 */
public final class SyntheticStore {
  private static final double P_CONTINUE_SESSION = 0.55;
  private static final double P_REVISIT = 0.15;
  private static final double P_CART = 0.30;
  private static final double P_PURCHASE = 0.45;
  private static final double P_RETURN = 0.25;
  private static final double P_OUT_OF_SEASON = 0.35;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /**
   * Share of a regular customer's garment draws taken from her region's taste (0.30); the others
   * come from her primary style group (0.50), her secondary group (0.10) and global popularity
   * (0.10). At most a third, like {@link #REGIONAL_SHARE_ONE_OFF}: region never explains more
   * than a third of a customer's choices.
   */
  public static final double REGIONAL_SHARE_REGULAR = 0.30;

  /**
   * Share of a one-off customer's garment draws taken from her region's taste (0.30); the others
   * come from her primary style group (0.35), her secondary group (0.10) and global popularity
   * (0.25). At most a third; one-off customers lean more on what is popular around them.
   */
  public static final double REGIONAL_SHARE_ONE_OFF = 0.30;

  /**
   * Factor by which each attribute of a garment that a region prefers (colour, category, brand)
   * multiplies the garment's regional popularity weight (from the region's own bestseller ranking)
   * in that region's taste (10; multiplicative, so a garment matching all three is weighted 1,000
   * times its regional popularity weight). Each region prefers 2 colours, 2 categories and 3
   * brands.
   */
  public static final double REGIONAL_MATCH_FACTOR = 10.0;

  private static final double P_PRIMARY_REGULAR = 0.50;
  private static final double P_SECONDARY_REGULAR = 0.10;
  private static final double P_PRIMARY_ONE_OFF = 0.35;
  private static final double P_SECONDARY_ONE_OFF = 0.10;
  private static final int REGION_COLOURS = 2;
  private static final int REGION_CATEGORIES = 2;
  private static final int REGION_BRANDS = 3;

  private static final String[] CATEGORIES = {"dress", "gown", "top", "blouse", "skirt", "trousers", "jeans",
      "shorts", "swimwear", "jumpsuit", "jacket", "coat", "knitwear", "shirt"};
  private static final double[] CATEGORY_PRICE = {1.3, 2.5, 0.5, 0.75, 0.8, 0.9, 1.0, 0.55, 0.6, 1.2, 1.6, 2.2,
      1.1, 0.8};
  private static final String[] BRANDS = {"Aurelle", "Bramble & Co", "Corvina", "Dunmore", "Elsinor", "Fennick",
      "Galloway", "Halden", "Isolde", "Juniper Row", "Kestrel", "Lumen", "Marlowe", "Northfold", "Orla", "Pimlico",
      "Quillon", "Rowan", "Saltmarsh", "Tamsin", "Umber", "Vela", "Wren", "Yarrow"};
  private static final String[] COLOURS = {"black", "white", "navy", "grey", "beige", "red", "burgundy", "pink",
      "green", "olive", "blue", "yellow", "orange", "purple", "brown", "print"};
  private static final String[] REGIONS = {"Capital", "North", "North-East", "North-West", "Midlands", "East",
      "South", "South-East", "South-West", "Islands"};
  private static final double[] REGION_SHARE = {0.18, 0.10, 0.08, 0.12, 0.14, 0.09, 0.10, 0.08, 0.06, 0.05};
  /** Macro-region of each region (index into {@link #MACRO_REGIONS}). */
  private static final int[] MACRO_OF_REGION = {1, 0, 0, 0, 1, 1, 2, 2, 2, 2};
  private static final String[] MACRO_REGIONS = {"Northern", "Central", "Southern"};
  /** Postcode districts per region: region {@code i} owns the districts {@code 10 + 8i} to {@code 17 + 8i}. */
  private static final int DISTRICTS_PER_REGION = 8;
  private static final String[] AGE_BANDS = {"18-24", "25-34", "35-44", "45-54", "55-64", "65+"};

  private final Builder params;
  private final List<Customer> customers;
  private final List<Garment> garments;
  private final int[] budget;
  private final boolean[] oneOff;
  private final int[] primary;
  private final int[] secondary;
  private final int[] regionOf;
  private final int[][] regionColours;
  private final int[][] regionCategories;
  private final int[][] regionBrands;
  private final AliasTable[] regionTables;
  private final double[] regionalMatchProbability;
  private final int[][] groupMembers;
  private final AliasTable[] groupTables;
  private final AliasTable popularity;
  private final AliasTable days;
  private final boolean[] springSummerDay;
  private final Season[] garmentSeason;
  private final long yearStart;
  private final long eventSeed;
  private final Catalogue catalogue;
  private volatile InteractionMatrix interactions;
  private volatile AttributeHierarchy geography;
  private volatile CustomerAttributes customerAttributes;

  private SyntheticStore(Builder p) {
    this.params = p;
    SplittableRandom root = new SplittableRandom(p.seed);
    SplittableRandom groupRandom = root.split();
    SplittableRandom garmentRandom = root.split();
    SplittableRandom customerRandom = root.split();
    this.eventSeed = root.nextLong();
    SplittableRandom regionRandom = root.split(); // after the others: garments and customers are unchanged
    Group[] groups = new Group[p.styleGroups];
    for (int k = 0; k < groups.length; k++) {
      groups[k] = new Group(groupRandom);
    }

    int nGarments = p.garments;
    List<Garment> garmentList = new ArrayList<>(nGarments);
    garmentSeason = new Season[nGarments];
    int[] groupOf = new int[nGarments];
    int[] groupSize = new int[groups.length];
    int garmentDigits = Math.max(5, digits(nGarments - 1));
    for (int g = 0; g < nGarments; g++) {
      int k = g < groups.length ? g : garmentRandom.nextInt(groups.length); // every group has a garment
      Garment garment = groups[k].garment(id('g', g, garmentDigits), k, garmentRandom);
      garmentList.add(garment);
      garmentSeason[g] = garment.season();
      groupOf[g] = k;
      groupSize[k]++;
    }
    this.garments = Collections.unmodifiableList(garmentList);
    this.catalogue = catalogue(garmentList);
    double[] popularityWeight = new double[nGarments];
    int[] rank = permutation(nGarments, garmentRandom);
    for (int g = 0; g < nGarments; g++) {
      popularityWeight[g] = Math.pow(rank[g] + 1.0, -p.popularityExponent);
    }
    this.popularity = AliasTable.of(popularityWeight);
    this.groupMembers = new int[groups.length][];
    this.groupTables = new AliasTable[groups.length];
    for (int k = 0; k < groups.length; k++) {
      groupMembers[k] = new int[groupSize[k]];
    }
    int[] fill = new int[groups.length];
    for (int g = 0; g < nGarments; g++) {
      groupMembers[groupOf[g]][fill[groupOf[g]]++] = g;
    }
    for (int k = 0; k < groups.length; k++) {
      double[] w = new double[groupMembers[k].length];
      for (int j = 0; j < w.length; j++) {
        w[j] = popularityWeight[groupMembers[k][j]];
      }
      groupTables[k] = AliasTable.of(w);
    }
    int nRegions = REGIONS.length;
    regionColours = new int[nRegions][];
    regionCategories = new int[nRegions][];
    regionBrands = new int[nRegions][];
    regionTables = new AliasTable[nRegions];
    regionalMatchProbability = new double[nRegions];
    for (int region = 0; region < nRegions; region++) {
      regionColours[region] = choose(COLOURS.length, REGION_COLOURS, regionRandom);
      regionCategories[region] = choose(CATEGORIES.length, REGION_CATEGORIES, regionRandom);
      regionBrands[region] = choose(BRANDS.length, REGION_BRANDS, regionRandom);
      double[] w = new double[nGarments];
      double total = 0;
      double matching = 0;
      int[] regionalRank = permutation(nGarments, regionRandom); // the region's own bestsellers
      for (int g = 0; g < nGarments; g++) {
        int matches = regionalMatches(region, garmentList.get(g));
        w[g] = Math.pow(regionalRank[g] + 1.0, -p.popularityExponent) * Math.pow(REGIONAL_MATCH_FACTOR, matches);
        total += w[g];
        matching += matches > 0 ? w[g] : 0;
      }
      regionTables[region] = AliasTable.of(w);
      regionalMatchProbability[region] = matching / total;
    }

    LocalDate first = LocalDate.of(p.year, 1, 1);
    this.yearStart = first.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    int nDays = first.lengthOfYear();
    double[] dayWeight = new double[nDays];
    springSummerDay = new boolean[nDays];
    LocalDate blackFriday = LocalDate.of(p.year, 11, 1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.FRIDAY));
    for (int d = 0; d < nDays; d++) {
      LocalDate date = first.plusDays(d);
      dayWeight[d] = dayWeight(date, blackFriday);
      int month = date.getMonthValue();
      springSummerDay[d] = month >= 3 && month <= 8;
    }
    this.days = AliasTable.of(dayWeight);

    int nCustomers = p.customers;
    List<Customer> customerList = new ArrayList<>(nCustomers);
    primary = new int[nCustomers];
    secondary = new int[nCustomers];
    oneOff = new boolean[nCustomers];
    regionOf = new int[nCustomers];
    double[] activity = new double[nCustomers];
    AliasTable regions = AliasTable.of(REGION_SHARE);
    int customerDigits = Math.max(6, digits(nCustomers - 1));
    for (int c = 0; c < nCustomers; c++) {
      int k = customerRandom.nextInt(groups.length);
      primary[c] = k;
      secondary[c] = groups.length == 1 ? k : (k + 1 + customerRandom.nextInt(groups.length - 1)) % groups.length;
      Customer customer = customer(id('c', c, customerDigits), k, groups[k], regions, customerRandom);
      customerList.add(customer);
      regionOf[c] = regionIndex(customer.region());
      oneOff[c] = customerRandom.nextDouble() < p.oneOffShare;
      activity[c] = oneOff[c] ? 0 : Math.exp(1.1 * customerRandom.nextGaussian());
    }
    this.customers = Collections.unmodifiableList(customerList);
    this.budget = budgets(p.events, oneOff, activity, customerRandom);
  }

  /** Starts a builder with the defaults (seed 42, 50,000 customers, 5,000 garments, 10^6 events). */
  public static Builder builder() {
    return new Builder();
  }

  /** The customers; index {@code c} matches row {@code c} of {@link #interactions()}. Unmodifiable. */
  public List<Customer> customers() {
    return customers;
  }

  /** The garments; index {@code g} matches column {@code g} of {@link #interactions()}. Unmodifiable. */
  public List<Garment> garments() {
    return garments;
  }

  /**
   * The shop's public catalogue: the garment ids in garment order (garment {@code g} is item
   * {@code g}, as in {@link #interactions()}), with the public attributes {@code category},
   * {@code brand}, {@code colour} and {@code season} attached. It depends only on the seed and the
   * catalogue parameters (garments, style groups), never on the events, so models restricted to it
   * have an item universe and order independent of customers' data.
   */
  public Catalogue catalogue() {
    return catalogue;
  }

  private static Catalogue catalogue(List<Garment> garments) {
    List<String> ids = new ArrayList<>(garments.size());
    Map<String, String> category = new LinkedHashMap<>();
    Map<String, String> brand = new LinkedHashMap<>();
    Map<String, String> colour = new LinkedHashMap<>();
    Map<String, String> season = new LinkedHashMap<>();
    for (Garment g : garments) {
      ids.add(g.id());
      category.put(g.id(), g.category());
      brand.put(g.id(), g.brand());
      colour.put(g.id(), g.colour());
      season.put(g.id(), g.season().name());
    }
    return Catalogue.of(ids).withAttribute("category", category).withAttribute("brand", brand)
        .withAttribute("colour", colour).withAttribute("season", season);
  }

  /**
   * The geographic hierarchy of the store's postcodes, with 4 levels: postcode (level 0, e.g.
   * {@code 20417}) → postcode district (level 1, the first two digits then {@code ***}, e.g.
   * {@code 20***}) → region (level 2, e.g. {@code North}) → macro-region (level 3: {@code
   * Northern} = North, North-East, North-West; {@code Central} = Capital, Midlands, East; {@code
   * Southern} = South, South-East, South-West, Islands; named apart from the regions so a label
   * never stands for two levels) → {@code *} (level 4).
   *
   * <p>It holds a chain for every postcode the store can generate (80 districts {@code 10} to
   * {@code 89}, eight per region, times the local numbers {@code 000} to {@code 999}: 80,000
   * chains), so it depends on nothing but the store's fixed geography and covers every customer's
   * postcode. Built on first call and cached; thread-safe.
   */
  public AttributeHierarchy geography() {
    AttributeHierarchy h = geography;
    if (h == null) {
      synchronized (this) {
        h = geography;
        if (h == null) {
          h = buildGeography();
          geography = h;
        }
      }
    }
    return h;
  }

  private static AttributeHierarchy buildGeography() {
    Map<String, List<String>> chains = new LinkedHashMap<>();
    for (int region = 0; region < REGIONS.length; region++) {
      String macro = MACRO_REGIONS[MACRO_OF_REGION[region]];
      for (int d = 0; d < DISTRICTS_PER_REGION; d++) {
        String prefix = Integer.toString(10 + DISTRICTS_PER_REGION * region + d);
        String district = prefix + "***";
        for (int local = 0; local < 1000; local++) {
          String postcode = prefix + String.valueOf(1000 + local).substring(1);
          chains.put(postcode, List.of(postcode, district, REGIONS[region], macro, AttributeHierarchy.TOP));
        }
      }
    }
    return AttributeHierarchy.of(chains);
  }

  /**
   * The region hierarchy with 2 levels: region (level 0, e.g. {@code North-West}) → macro-region
   * (level 1, {@code Northern}, {@code Central} or {@code Southern}, as in {@link #geography()}) →
   * {@code *} (level 2). Covers the ten regions; thread-safe.
   */
  public static AttributeHierarchy regionHierarchy() {
    Map<String, List<String>> chains = new LinkedHashMap<>();
    for (int region = 0; region < REGIONS.length; region++) {
      chains.put(REGIONS[region], List.of(REGIONS[region], MACRO_REGIONS[MACRO_OF_REGION[region]],
          AttributeHierarchy.TOP));
    }
    return AttributeHierarchy.of(chains);
  }

  /**
   * The customers' quasi-identifiers as a table for cohorts and anonymisation: one row per
   * customer id, in {@link #customers()} order, with the columns
   * <ul>
   *   <li>{@code region}: the region name, e.g. {@code North-West}, with the hierarchy
   *       {@link #regionHierarchy()} (region → macro-region → {@code *});
   *   <li>{@code postcode}: the five-digit postcode, e.g. {@code 20417}, with the hierarchy
   *       {@link #geography()} (postcode → district → region → macro-region → {@code *});
   *   <li>{@code age-band}: {@code 18-24}, {@code 25-34}, {@code 35-44}, {@code 45-54},
   *       {@code 55-64} or {@code 65+} (no hierarchy);
   *   <li>{@code gender}: {@code female}, {@code male} or {@code other} (no hierarchy);
   *   <li>{@code age}: the age in years as a decimal integer, {@code 18} to {@code 80} (no
   *       hierarchy).
   * </ul>
   * So {@code region,age-band} cohorts cut at region level (or macro-region level through the
   * region hierarchy), and {@code postcode} cohorts at district, region or macro-region level.
   * Built on first call and cached; thread-safe.
   */
  public CustomerAttributes customerAttributes() {
    CustomerAttributes a = customerAttributes;
    if (a == null) {
      synchronized (this) {
        a = customerAttributes;
        if (a == null) {
          Map<String, List<String>> rows = new LinkedHashMap<>();
          for (Customer c : customers) {
            rows.put(c.id(), List.of(c.region(), c.postcode(), ageBand(c.age()),
                c.gender().name().toLowerCase(Locale.ROOT), Integer.toString(c.age())));
          }
          a = CustomerAttributes.of(List.of("region", "postcode", "age-band", "gender", "age"), rows)
              .withHierarchy("region", regionHierarchy()).withHierarchy("postcode", geography());
          customerAttributes = a;
        }
      }
    }
    return a;
  }

  /** The age band of {@code age}: {@code 18-24}, {@code 25-34}, ..., {@code 55-64}, {@code 65+}. */
  static String ageBand(int age) {
    return AGE_BANDS[age < 25 ? 0 : Math.min(AGE_BANDS.length - 1, (age - 15) / 10)];
  }

  /** Index of the region named {@code region} in the store's region list. */
  static int regionIndex(String region) {
    for (int i = 0; i < REGIONS.length; i++) {
      if (REGIONS[i].equals(region)) {
        return i;
      }
    }
    throw CorePreconditions.unknown("region", region, List.of(REGIONS));
  }

  /** Number of regions. */
  static int numRegions() {
    return REGIONS.length;
  }

  /**
   * How many of the garment's colour, category and brand region {@code region} prefers (0 to 3);
   * ground truth for tests.
   */
  int regionalMatches(int region, Garment g) {
    return (contains(regionColours[region], COLOURS, g.colour()) ? 1 : 0)
        + (contains(regionCategories[region], CATEGORIES, g.category()) ? 1 : 0)
        + (contains(regionBrands[region], BRANDS, g.brand()) ? 1 : 0);
  }

  /**
   * Probability that a draw from region {@code region}'s taste is a garment with at least one
   * attribute the region prefers; ground truth for tests.
   */
  double regionalMatchProbability(int region) {
    return regionalMatchProbability[region];
  }

  private static boolean contains(int[] preferred, String[] names, String value) {
    for (int i : preferred) {
      if (names[i].equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** The seed the store was built from. */
  public long seed() {
    return params.seed;
  }

  /** Number of events {@link #forEachEvent} emits. */
  public long numEvents() {
    return params.events;
  }

  /** Number of latent style groups. */
  public int styleGroups() {
    return params.styleGroups;
  }

  /** The calendar year the events fall in (returns may spill up to three weeks into the next). */
  public int year() {
    return params.year;
  }

  /**
   * The events as a matrix with timestamps, weighted by {@link EventWeights#DEFAULT} and combined
   * by {@link DuplicatePolicy#SUM}; every customer and garment is in the indices, in list order,
   * even without events (so the item index holds exactly the {@link #catalogue()}'s ids in its
   * order). Built on first call and cached.
   */
  public InteractionMatrix interactions() {
    InteractionMatrix m = interactions;
    if (m == null) {
      synchronized (this) {
        m = interactions;
        if (m == null) {
          m = interactions(EventWeights.DEFAULT);
          interactions = m;
        }
      }
    }
    return m;
  }

  /**
   * The events as a fresh matrix weighted by {@code weights}, combined by
   * {@link DuplicatePolicy#SUM} (pairs whose weights sum to {@code <= 0} are dropped).
   *
   * @throws NullPointerException if {@code weights} is null
   */
  public InteractionMatrix interactions(EventWeights weights) {
    requireNonNull(weights, "weights");
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM);
    for (Customer c : customers) {
      builder.internUser(c.id());
    }
    for (Garment g : garments) {
      builder.internItem(g.id());
    }
    float[] weightOf = new float[EventKind.values().length];
    for (EventKind kind : EventKind.values()) {
      weightOf[kind.ordinal()] = kind == EventKind.RATING ? 1f : weights.weightOf(kind, 0f);
    }
    forEachEvent((customer, garment, kind, t) -> builder.addIndexed(customer, garment, weightOf[kind.ordinal()], t));
    return builder.build();
  }

  /**
   * Streams all {@link #numEvents()} events to {@code consumer}, customer by customer, in constant
   * memory. The same store always emits the same sequence.
   *
   * @throws NullPointerException if {@code consumer} is null
   */
  public void forEachEvent(EventConsumer consumer) {
    requireNonNull(consumer, "consumer");
    for (int c = 0; c < budget.length; c++) {
      if (budget[c] > 0) {
        customerEvents(c, consumer);
      }
    }
  }

  private void customerEvents(int c, EventConsumer out) {
    SplittableRandom r = new SplittableRandom(eventSeed + GOLDEN * c);
    int left = budget[c];
    if (oneOff[c]) {
      int day = days.sample(r);
      int g = garment(c, r, day, P_PRIMARY_ONE_OFF, P_SECONDARY_ONE_OFF, REGIONAL_SHARE_ONE_OFF);
      chain(c, g, time(day, r), left, true, r, out);
      return;
    }
    int last = -1;
    while (left > 0) {
      int day = days.sample(r);
      long t = time(day, r);
      do {
        int g = last >= 0 && r.nextDouble() < P_REVISIT ? last : garment(c, r, day, P_PRIMARY_REGULAR, P_SECONDARY_REGULAR,
            REGIONAL_SHARE_REGULAR);
        left -= chain(c, g, t, left, false, r, out);
        last = g;
        t += 30 + r.nextInt(300);
      } while (left > 0 && r.nextDouble() < P_CONTINUE_SESSION);
    }
  }

  /** Emits view, maybe cart, purchase and return (all of them up to {@code max} if forced). */
  private static int chain(int c, int g, long t, int max, boolean forced, SplittableRandom r, EventConsumer out) {
    out.accept(c, g, EventKind.VIEW, t);
    int n = 1;
    if (n < max && (forced || r.nextDouble() < P_CART)) {
      t += 20 + r.nextInt(900);
      out.accept(c, g, EventKind.CART, t);
      n++;
      if (n < max && (forced || r.nextDouble() < P_PURCHASE)) {
        t += 60 + r.nextInt(1800);
        out.accept(c, g, EventKind.PURCHASE, t);
        n++;
        if (n < max && (forced || r.nextDouble() < P_RETURN)) {
          t += 86_400L * (3 + r.nextInt(19));
          out.accept(c, g, EventKind.RETURN, t);
          n++;
        }
      }
    }
    return n;
  }

  private long time(int day, SplittableRandom r) {
    return yearStart + 86_400L * day + r.nextInt(86_400);
  }

  private int garment(int c, SplittableRandom r, int day, double pPrimary, double pSecondary, double pRegional) {
    for (int attempt = 0; ; attempt++) {
      double u = r.nextDouble();
      int g;
      if (u < pPrimary) {
        g = groupMembers[primary[c]][groupTables[primary[c]].sample(r)];
      } else if (u < pPrimary + pSecondary) {
        g = groupMembers[secondary[c]][groupTables[secondary[c]].sample(r)];
      } else if (u < pPrimary + pSecondary + pRegional) {
        g = regionTables[regionOf[c]].sample(r);
      } else {
        g = popularity.sample(r);
      }
      Season s = garmentSeason[g];
      boolean inSeason = s == Season.ALL_YEAR || (s == Season.SPRING_SUMMER) == springSummerDay[day];
      if (inSeason || attempt == 2 || r.nextDouble() < P_OUT_OF_SEASON) {
        return g;
      }
    }
  }

  /** Events per customer: 1-4 for one-off customers, the rest by activity; sums to {@code events}. */
  private static int[] budgets(long events, boolean[] oneOff, double[] activity, SplittableRandom r) {
    int n = oneOff.length;
    int[] budget = new int[n];
    long left = events;
    double totalActivity = 0;
    for (int c = 0; c < n; c++) {
      if (oneOff[c]) {
        double u = r.nextDouble();
        int chain = u < 0.50 ? 1 : u < 0.70 ? 2 : u < 0.95 ? 3 : 4;
        budget[c] = (int) Math.min(chain, left);
        left -= budget[c];
      } else {
        totalActivity += activity[c];
      }
    }
    if (left > 0 && totalActivity == 0) { // no regular customer: the last one becomes regular
      oneOff[n - 1] = false;
      left += budget[n - 1];
      budget[n - 1] = 0;
      activity[n - 1] = 1;
      totalActivity = 1;
    }
    // Cumulative rounding: budgets sum exactly to the events left.
    double cumulative = 0;
    long assigned = 0;
    int lastRegular = -1;
    for (int c = 0; c < n; c++) {
      if (!oneOff[c]) {
        cumulative += activity[c];
        long upTo = Math.min(left, Math.round(left * (cumulative / totalActivity)));
        long b = upTo - assigned;
        CorePreconditions.checkArgument(b <= Integer.MAX_VALUE, "too many events per customer: raise customers");
        budget[c] = (int) b;
        assigned = upTo;
        lastRegular = c;
      }
    }
    if (lastRegular >= 0) {
      long b = budget[lastRegular] + (left - assigned);
      CorePreconditions.checkArgument(b <= Integer.MAX_VALUE, "too many events per customer: raise customers");
      budget[lastRegular] = (int) b;
    }
    return budget;
  }

  private static double dayWeight(LocalDate date, LocalDate blackFriday) {
    double w = 1;
    DayOfWeek dow = date.getDayOfWeek();
    if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
      w *= 1.25;
    } else if (dow == DayOfWeek.FRIDAY) {
      w *= 1.1;
    }
    Month month = date.getMonth();
    int dom = date.getDayOfMonth();
    if (month == Month.JANUARY && dom <= 15) {
      w *= 1.6; // January sales
    } else if (month == Month.MARCH || month == Month.APRIL) {
      w *= 1.1; // new spring collections
    } else if ((month == Month.JUNE && dom >= 20) || (month == Month.JULY && dom <= 20)) {
      w *= 1.35; // summer sales
    } else if (month == Month.AUGUST) {
      w *= 0.85;
    } else if (month == Month.DECEMBER && dom <= 20) {
      w *= 1.5;
    } else if (month == Month.DECEMBER && dom >= 24 && dom <= 26) {
      w *= 0.5;
    }
    long fromBlackFriday = date.toEpochDay() - blackFriday.toEpochDay();
    if (fromBlackFriday >= -3 && fromBlackFriday <= 3) {
      w *= 2.5; // Black Friday week up to Cyber Monday
    }
    return w;
  }

  private static Customer customer(String id, int styleGroup, Group group, AliasTable regions, SplittableRandom r) {
    double u = r.nextDouble();
    Gender gender = u < 0.78 ? Gender.FEMALE : u < 0.98 ? Gender.MALE : Gender.OTHER;
    int age = (int) clamp(Math.round(group.meanAge + 9 * r.nextGaussian()), 18, 80);
    int region = regions.sample(r);
    int prefix = 10 + 8 * region + r.nextInt(8);
    int local = r.nextInt(1 + r.nextInt(1000)); // denser low numbers: towns
    String postcode = prefix + String.valueOf(1000 + local).substring(1);
    double meanHeight = gender == Gender.FEMALE ? 165 : gender == Gender.MALE ? 178 : 171;
    int height = (int) clamp(Math.round(meanHeight + 7 * r.nextGaussian()), 140, 205);
    double bmi = clamp(23 + 0.06 * (age - 35) + 3.5 * r.nextGaussian(), 16, 45);
    double metres = height / 100.0;
    int weight = (int) clamp(Math.round(bmi * metres * metres), 38, 160);
    long size = 2 * Math.round((10 + 1.1 * (bmi - 22) + 0.8 * r.nextGaussian()) / 2);
    int dressSize = (int) clamp(size, 4, 26);
    return new Customer(id, age, gender, REGIONS[region], postcode, height, weight, dressSize,
        bodyType(gender, height, bmi, r), styleGroup);
  }

  private static BodyType bodyType(Gender gender, int height, double bmi, SplittableRandom r) {
    double u = r.nextDouble();
    if (gender == Gender.MALE) {
      if (bmi > 28 && u < 0.6) {
        return BodyType.APPLE;
      }
      return u < 0.5 ? BodyType.ATHLETIC : BodyType.STRAIGHT_AND_NARROW;
    }
    if (height < 158 && u < 0.7) {
      return BodyType.PETITE;
    }
    if (bmi > 29 && u < 0.5) {
      return BodyType.APPLE;
    }
    u = r.nextDouble();
    return u < 0.38 ? BodyType.HOURGLASS : u < 0.62 ? BodyType.ATHLETIC : u < 0.74 ? BodyType.PEAR
        : u < 0.84 ? BodyType.STRAIGHT_AND_NARROW : u < 0.95 ? BodyType.FULL_BUST : BodyType.PETITE;
  }

  /** Taste of one latent style group. */
  private static final class Group {
    final double meanAge;
    final double logPrice;
    final int[] categories;
    final int[] brands;
    final int[] colours;

    Group(SplittableRandom r) {
      meanAge = 22 + 30 * r.nextDouble();
      logPrice = Math.log(35 + 165 * r.nextDouble() * r.nextDouble());
      categories = choose(CATEGORIES.length, 3, r);
      brands = choose(BRANDS.length, 4, r);
      colours = choose(COLOURS.length, 3, r);
    }

    Garment garment(String id, int styleGroup, SplittableRandom r) {
      int category = r.nextDouble() < 0.7 ? categories[r.nextInt(categories.length)] : r.nextInt(CATEGORIES.length);
      String brand = BRANDS[r.nextDouble() < 0.8 ? brands[r.nextInt(brands.length)] : r.nextInt(BRANDS.length)];
      String colour = COLOURS[r.nextDouble() < 0.6 ? colours[r.nextInt(colours.length)] : r.nextInt(COLOURS.length)];
      double raw = Math.exp(logPrice + 0.35 * r.nextGaussian()) * CATEGORY_PRICE[category];
      double price = Math.max(4, Math.floor(raw)) + (r.nextBoolean() ? 0.99 : 0.49);
      return new Garment(id, CATEGORIES[category], brand, colour, price, season(CATEGORIES[category], r), styleGroup);
    }

    private static Season season(String category, SplittableRandom r) {
      switch (category) {
        case "shorts":
        case "swimwear":
          return Season.SPRING_SUMMER;
        case "coat":
        case "knitwear":
          return Season.AUTUMN_WINTER;
        case "dress":
        case "skirt":
          return r.nextBoolean() ? Season.SPRING_SUMMER : Season.ALL_YEAR;
        case "jacket":
          return r.nextBoolean() ? Season.AUTUMN_WINTER : Season.ALL_YEAR;
        default:
          return Season.ALL_YEAR;
      }
    }
  }

  /** {@code k} distinct values of {@code [0, n)}. */
  private static int[] choose(int n, int k, SplittableRandom r) {
    return Arrays.copyOf(permutation(n, r), k);
  }

  private static int[] permutation(int n, SplittableRandom r) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  private static double clamp(double x, double lo, double hi) {
    return Math.max(lo, Math.min(hi, x));
  }

  /** {@code prefix} followed by {@code n} zero-padded to {@code width} digits. */
  static String id(char prefix, int n, int width) {
    String digits = Integer.toString(n);
    StringBuilder s = new StringBuilder(width + 1).append(prefix);
    for (int k = digits.length(); k < width; k++) {
      s.append('0');
    }
    return s.append(digits).toString();
  }

  private static int digits(int n) {
    return Math.max(1, String.valueOf(Math.max(0, n)).length());
  }

  @Override
  public String toString() {
    return "SyntheticStore{seed=" + params.seed + ", customers=" + params.customers + ", garments=" + params.garments
        + ", events=" + params.events + ", styleGroups=" + params.styleGroups + ", year=" + params.year + "}";
  }

  /**
   * Parameters of a {@link SyntheticStore}; {@link #build()} validates them. Not thread-safe.
   */
  public static final class Builder {
    private long seed = 42;
    private int customers = 50_000;
    private int garments = 5_000;
    private long events = 1_000_000;
    private int styleGroups; // 0 until set: min(16, garments)
    private double oneOffShare = 0.30;
    private double popularityExponent = 0.9;
    private int year = 2024;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.seed = seed;
      b.customers = customers;
      b.garments = garments;
      b.events = events;
      b.styleGroups = styleGroups;
      b.oneOffShare = oneOffShare;
      b.popularityExponent = popularityExponent;
      b.year = year;
      return b;
    }

    /** Seed of all randomness (default 42); any value. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Number of customers, {@code >= 1} (default 50,000); checked by {@link #build()}. */
    public Builder customers(int customers) {
      this.customers = customers;
      return this;
    }

    /** Number of garments, {@code >= 1} (default 5,000); checked by {@link #build()}. */
    public Builder garments(int garments) {
      this.garments = garments;
      return this;
    }

    /** Exact number of events, {@code >= 0} (default 1,000,000); checked by {@link #build()}. */
    public Builder events(long events) {
      this.events = events;
      return this;
    }

    /**
     * Number of latent style groups, in {@code [1, garments]} (default {@code min(16, garments)});
     * checked by {@link #build()}.
     */
    public Builder styleGroups(int styleGroups) {
      if (styleGroups == 0) { // 0 is the internal "not set" marker
        throw CorePreconditions.fail("styleGroups", "must be in [1, garments]", 0);
      }
      this.styleGroups = styleGroups;
      return this;
    }

    /**
     * Share of one-off customers (a single garment, 1 to 4 events), in {@code [0, 1)} (default
     * 0.30); checked by {@link #build()}.
     */
    public Builder oneOffShare(double oneOffShare) {
      this.oneOffShare = oneOffShare;
      return this;
    }

    /**
     * Power-law exponent of garment popularity, finite and {@code >= 0} (default 0.9; 0 is
     * uniform); checked by {@link #build()}.
     */
    public Builder popularityExponent(double popularityExponent) {
      this.popularityExponent = popularityExponent;
      return this;
    }

    /** Calendar year of the events, in {@code [1971, 2200]} (default 2024); checked by {@link #build()}. */
    public Builder year(int year) {
      this.year = year;
      return this;
    }

    /**
     * Generates customers and garments (events are generated on demand).
     *
     * @throws IllegalArgumentException naming the parameter for a value out of range
     */
    public SyntheticStore build() {
      CorePreconditions.checkPositive("customers", customers);
      CorePreconditions.checkPositive("garments", garments);
      CorePreconditions.checkNonNegative("events", events);
      if (styleGroups != 0 && (styleGroups < 1 || styleGroups > garments)) {
        throw CorePreconditions.fail("styleGroups", "must be in [1, garments=" + garments + "]", styleGroups);
      }
      CorePreconditions.checkInRangeExcludingUpper("oneOffShare", oneOffShare, 0, 1);
      CorePreconditions.checkNonNegative("popularityExponent", popularityExponent);
      CorePreconditions.checkInRange("year", year, 1971, 2200);
      Builder resolved = copy();
      if (styleGroups == 0) {
        resolved.styleGroups = Math.min(16, garments);
      }
      return new SyntheticStore(resolved);
    }
  }
}
