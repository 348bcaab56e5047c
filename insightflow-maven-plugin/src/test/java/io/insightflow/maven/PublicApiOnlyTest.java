package io.insightflow.maven;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.insightflow.api.Internal;
import io.insightflow.connect.jdbc.PostgresDialect;
import io.insightflow.internal.Json;
import org.junit.jupiter.api.Test;

/**
 * The plugin is an adapter: it may use core's public packages only (STYLE.md §1), and of them no
 * type marked {@link Internal}.
 */
class PublicApiOnlyTest {

  static final ArchRule PUBLIC_API_ONLY = noClasses().that().resideInAPackage("io.insightflow.maven..")
      .should().dependOnClassesThat().resideInAPackage("io.insightflow.internal..")
      .orShould().dependOnClassesThat().areAnnotatedWith(Internal.class);

  @Test
  void goals_useNoInternalCorePackage() {
    PUBLIC_API_ONLY.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.insightflow.maven"));
  }

  @Test
  void rule_goalThatUsesInternal_fails() {
    assertThatThrownBy(() -> PUBLIC_API_ONLY.check(new ClassFileImporter().importClasses(InternalUser.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(Json.class.getName());
  }

  @Test
  void rule_goalThatUsesInternalMarkedType_fails() {
    assertThatThrownBy(() -> PUBLIC_API_ONLY.check(new ClassFileImporter().importClasses(InternalMarkedUser.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(PostgresDialect.class.getName());
  }

  /** What the rule must catch: a class of the plugin's package that reaches into core's internals. */
  static final class InternalUser {
    String json(Object value) throws Exception {
      return Json.MAPPER.writeValueAsString(value);
    }
  }

  /** What the rule must catch: a class of the plugin's package that uses a type core marks {@link Internal}. */
  static final class InternalMarkedUser {
    Object dialect() {
      return new PostgresDialect();
    }
  }
}
