package io.insightflow.maven;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The plugin is an adapter: it may use core's public packages only (STYLE.md §1). */
class PublicApiOnlyTest {

  @Test
  void goals_useNoInternalCorePackage() {
    noClasses().that().resideInAPackage("io.insightflow.maven..")
        .should().dependOnClassesThat().resideInAPackage("io.insightflow.internal..")
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.insightflow.maven"));
  }
}
