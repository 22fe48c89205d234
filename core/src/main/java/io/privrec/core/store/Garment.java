package io.privrec.core.store;

import static java.util.Objects.requireNonNull;

/**
 * A garment sold by the {@link SyntheticStore}.
 *
 * @param id external id, {@code "g"} followed by a zero-padded number, e.g. {@code g01234}
 * @param category garment category, e.g. {@code "dress"}, {@code "coat"}
 * @param brand brand name
 * @param colour main colour
 * @param price price in euros, {@code > 0}, ending in .99 or .49
 * @param season the season it is sold for
 * @param styleGroup latent taste group it belongs to, {@code >= 0} (ground truth for evaluation)
 */
public record Garment(String id, String category, String brand, String colour, double price, Season season,
    int styleGroup) {

  /**
   * Checks that the reference components are present.
   *
   * @throws NullPointerException if a reference component is null
   */
  public Garment {
    requireNonNull(id, "id");
    requireNonNull(category, "category");
    requireNonNull(brand, "brand");
    requireNonNull(colour, "colour");
    requireNonNull(season, "season");
  }

  /** When a garment sells best. */
  public enum Season {
    /** March to August. */
    SPRING_SUMMER,
    /** September to February. */
    AUTUMN_WINTER,
    /** All year round. */
    ALL_YEAR
  }
}
