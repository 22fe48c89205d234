package io.privrec.core.scoring.internal;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Chooses the {@link FloatKernels} implementation once, at class initialisation.
 *
 * <p>The Vector API implementation is used when the boot layer contains {@code
 * jdk.incubator.vector} (the JVM was started with {@code --add-modules jdk.incubator.vector}) and
 * it loads and passes a self-check; otherwise {@link ScalarFloatKernels}. The system property
 * {@code privrec.kernels=scalar} forces the scalar implementation (for comparisons). The choice
 * never changes results beyond float rounding. Thread-safe.
 */
public final class FloatKernelsProvider {
  /** Fully-qualified name of the vector implementation, loaded only by name. */
  static final String VECTOR_CLASS = "io.privrec.core.scoring.internal.VectorFloatKernels";

  private static final FloatKernels KERNELS = choose();

  private FloatKernelsProvider() {}

  /** The implementation in use. */
  public static FloatKernels kernels() {
    return KERNELS;
  }

  /** True if the running JVM resolved the {@code jdk.incubator.vector} module at boot. */
  public static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /**
   * Lets this module read {@code vector}. On the module path the core module's descriptor does not
   * name the incubator module (it must stay optional), so the edge is added at run time; on the
   * class path (unnamed module) every module is read already.
   */
  private static void readVectorModule() {
    Module self = FloatKernelsProvider.class.getModule();
    ModuleLayer.boot().findModule("jdk.incubator.vector").ifPresent(vector -> {
      if (self.isNamed() && !self.canRead(vector)) {
        self.addReads(vector);
      }
    });
  }

  /**
   * Loads the Vector API implementation.
   *
   * @throws IllegalStateException if the module is absent or the class cannot be loaded
   */
  public static FloatKernels loadVector() {
    return loadVectorImplementation(VECTOR_CLASS, FloatKernels.class);
  }

  /**
   * Instantiates {@code className} (a class of this module compiled against {@code
   * jdk.incubator.vector}, with a public no-argument constructor) as a {@code type}, after letting
   * this module read the incubator module. Shared by every Vector API kernel of the library.
   *
   * @throws IllegalStateException if the module is absent or the class cannot be loaded
   */
  public static <T> T loadVectorImplementation(String className, Class<T> type) {
    if (!vectorModulePresent()) {
      throw new IllegalStateException("module jdk.incubator.vector is not in the boot layer (start the JVM with --add-modules jdk.incubator.vector)");
    }
    readVectorModule();
    try {
      return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      throw new IllegalStateException("cannot load " + className, e);
    }
  }

  /**
   * True unless the system property {@code privrec.kernels} is {@code scalar}: whether the Vector
   * API kernels may be used at all.
   */
  public static boolean vectorAllowed() {
    String forced = System.getProperty("privrec.kernels", "").trim().toLowerCase(Locale.ROOT);
    return !forced.equals("scalar");
  }

  private static FloatKernels choose() {
    return choose(VECTOR_CLASS, FloatKernels.class, ScalarFloatKernels.INSTANCE, FloatKernelsProvider::selfCheck);
  }

  /**
   * The rule by which every kernel family of the library picks its implementation: {@code
   * className} (loaded by {@link #loadVectorImplementation}) if the Vector API may be used ({@link
   * #vectorAllowed()}), its module is in the boot layer, the class loads and it passes {@code
   * selfCheck}; otherwise {@code scalar}.
   */
  public static <T> T choose(String className, Class<T> type, T scalar, Predicate<? super T> selfCheck) {
    if (!vectorAllowed() || !vectorModulePresent()) {
      return scalar;
    }
    try {
      T vector = loadVectorImplementation(className, type);
      return selfCheck.test(vector) ? vector : scalar;
    } catch (IllegalStateException e) {
      return scalar;
    }
  }

  /** A tiny exact-arithmetic check: small integers sum exactly in float in any order. */
  private static boolean selfCheck(FloatKernels k) {
    float[] a = new float[37];
    float[] b = new float[37];
    float expected = 0;
    for (int i = 0; i < a.length; i++) {
      a[i] = i % 5 - 2;
      b[i] = i % 3 + 1;
      expected += a[i] * b[i];
    }
    return k.dot(a, 0, b, 0, a.length) == expected;
  }
}
