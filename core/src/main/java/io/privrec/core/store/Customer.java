package io.privrec.core.store;

import static java.util.Objects.requireNonNull;

/**
 * A customer of the {@link SyntheticStore} with the quasi-identifiers a fashion shop typically
 * holds: age, gender, region and postcode, and body measurements used for fit.
 *
 * <p>Together these attributes single out most customers (as in the RentTheRunway data), which is
 * what the anonymisation tools are tested against. The latent {@code styleGroup} drives the
 * customer's taste and is ground truth for evaluation, not something a shop would know.
 *
 * @param id external id, {@code "c"} followed by a zero-padded number, e.g. {@code c000123}
 * @param age age in years, 18 to 80
 * @param gender the gender
 * @param region one of the store's regions, e.g. {@code "North-West"}
 * @param postcode five-digit postcode inside the region, e.g. {@code "20417"}
 * @param heightCm height in centimetres, 140 to 205
 * @param weightKg body weight in kilograms, 38 to 160
 * @param dressSize UK dress size on the women's scale (even, 4 to 26), also used as the size
 *     equivalent for other genders
 * @param bodyType body shape as in the RentTheRunway data
 * @param styleGroup latent taste group, {@code >= 0}
 */
public record Customer(String id, int age, Gender gender, String region, String postcode, int heightCm,
    int weightKg, int dressSize, BodyType bodyType, int styleGroup) {

  /**
   * Checks that the reference components are present.
   *
   * @throws NullPointerException if a reference component is null
   */
  public Customer {
    requireNonNull(id, "id");
    requireNonNull(gender, "gender");
    requireNonNull(region, "region");
    requireNonNull(postcode, "postcode");
    requireNonNull(bodyType, "bodyType");
  }

  /** Gender as recorded by the shop. */
  public enum Gender {
    /** Female. */
    FEMALE,
    /** Male. */
    MALE,
    /** Another gender or not stated. */
    OTHER
  }

  /** Body shape, with the categories of the RentTheRunway data. */
  public enum BodyType {
    /** Hourglass. */
    HOURGLASS,
    /** Athletic. */
    ATHLETIC,
    /** Petite. */
    PETITE,
    /** Pear. */
    PEAR,
    /** Straight and narrow. */
    STRAIGHT_AND_NARROW,
    /** Full bust. */
    FULL_BUST,
    /** Apple. */
    APPLE
  }
}
