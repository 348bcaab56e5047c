package io.insightflow.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.insightflow.arch.fixture.a.Ping;
import io.insightflow.arch.fixture.b.Pong;
import org.junit.jupiter.api.Test;

/**
 * [#20] No package cycle in core: every package, the root facade's included, is one slice
 * ({@code io.(**)} captures {@code insightflow}, {@code insightflow.spi}, {@code insightflow.connect.jdbc}…),
 * and no slice may reach itself again through others. The layering this keeps is written down in
 * {@code io/insightflow/api/package-info.java}.
 */
class PackageCyclesTest {

  static final ArchRule NO_PACKAGE_CYCLE = slices().matching("io.(**)").namingSlices("$1")
      .should().beFreeOfCycles();

  @Test
  void corePackages_areFreeOfCycles() {
    assertThat(CoreClasses.main().contain("io.insightflow.Insightflow")).isTrue();
    NO_PACKAGE_CYCLE.check(CoreClasses.main());
  }

  @Test
  void rule_twoPackagesThatImportEachOther_fails() {
    assertThatThrownBy(() -> NO_PACKAGE_CYCLE.check(new ClassFileImporter().importClasses(Ping.class, Pong.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected")
        .hasMessageContaining("insightflow.arch.fixture.a");
  }
}
