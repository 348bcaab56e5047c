package io.insightflow.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.insightflow.arch.fixture.c.Metered;
import io.insightflow.metrics.Measurements;
import io.insightflow.metrics.MicrometerMetrics;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * [#23] Micrometer is an optional dependency of core: only {@link MicrometerMetrics} refers to it,
 * and core's metrics work on a class path without it.
 */
class OptionalMicrometerTest {

  static final ArchRule ONLY_THE_BINDING_USES_MICROMETER = noClasses().that()
      .doNotHaveFullyQualifiedName(MicrometerMetrics.class.getName())
      .should().dependOnClassesThat().resideInAPackage("io.micrometer..");

  @Test
  void coreClasses_otherThanTheBinding_doNotReferToMicrometer() {
    ONLY_THE_BINDING_USES_MICROMETER.check(CoreClasses.main());
  }

  @Test
  void rule_classReferringToMicrometer_fails() {
    assertThatThrownBy(() -> ONLY_THE_BINDING_USES_MICROMETER.check(new ClassFileImporter().importClasses(Metered.class)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("io.micrometer");
  }

  @Test
  void measurements_withoutMicrometerOnTheClassPath_work() throws Exception {
    URL[] path = {codeSource(Measurements.class), codeSource(LoggerFactory.class)};
    try (URLClassLoader noMicrometer = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
      Class<?> type = Class.forName(Measurements.class.getName(), true, noMicrometer);
      Object empty = type.getMethod("empty").invoke(null);
      Object withCount = type.getMethod("verifyMismatches", long.class).invoke(empty, 2L);

      assertThat(type.getMethod("summary").invoke(withCount)).isEqualTo("insightflow.verify.mismatches=2");
      // The loader really lacks Micrometer: the binding's constructors (taking a registry) cannot be resolved.
      assertThatThrownBy(() -> Class.forName(MicrometerMetrics.class.getName(), true, noMicrometer).getConstructors())
          .isInstanceOf(NoClassDefFoundError.class).hasMessageContaining("io/micrometer");
    }
  }

  private static URL codeSource(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }
}
