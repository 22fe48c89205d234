package io.privrec.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module descriptors of privrec-core and privrec-dp export exactly their API packages: every
 * package without an {@code internal} segment, none with one (dp's {@code internal} only to core).
 * The tests run inside the named module, so this also shows the descriptors are in effect.
 */
class ModuleDescriptorTest {

  @Test
  void core_exportsEveryApiPackageAndNoInternalOne() {
    Module core = PrivateRecommender.class.getModule();
    assertThat(core.isNamed()).as("tests run on the module path").isTrue();
    ModuleDescriptor d = core.getDescriptor();

    assertThat(d.name()).isEqualTo("io.privrec.core");
    assertThat(unqualifiedExports(d)).isEqualTo(apiPackages(d)).isNotEmpty();
    assertThat(d.exports()).allMatch(e -> !e.isQualified());
    assertThat(d.requires().stream().filter(r -> r.name().equals("io.privrec.dp")).findFirst())
        .hasValueSatisfying(r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
  }

  @Test
  void dp_exportsEveryApiPackage_andItsInternalsOnlyToCore() {
    Module dp = io.privrec.dp.budget.PrivacyAccountant.class.getModule();
    assertThat(dp.isNamed()).isTrue();
    ModuleDescriptor d = dp.getDescriptor();

    assertThat(d.name()).isEqualTo("io.privrec.dp");
    assertThat(unqualifiedExports(d)).isEqualTo(apiPackages(d)).isNotEmpty();
    assertThat(d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
        .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets)))
        .isEqualTo(java.util.Map.of("io.privrec.dp.internal", Set.of("io.privrec.core")));
    assertThat(dp.isExported("io.privrec.dp.kanon.internal")).isFalse();
  }

  @Test
  void internalPackages_areNotAccessibleToOtherModules() {
    Module core = PrivateRecommender.class.getModule();
    Module outsider = ModuleLayer.boot().findModule("java.logging").orElseThrow();
    for (String p : core.getPackages()) {
      assertThat(core.isExported(p, outsider)).as(p).isEqualTo(!p.contains(".internal"));
    }
  }

  private static Set<String> unqualifiedExports(ModuleDescriptor d) {
    return d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The descriptor's packages without an {@code internal} segment (tests patched in excluded). */
  private static Set<String> apiPackages(ModuleDescriptor d) {
    return d.packages().stream().filter(p -> !p.matches(".*\\binternal\\b.*"))
        .filter(p -> !p.endsWith(".testing"))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
