package io.insightflow.lambda;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.insightflow.api.Internal;
import org.junit.jupiter.api.Test;

/**
 * The Lambda module is an adapter: it may use core's public packages only (STYLE.md §1), and of them
 * no type marked {@link Internal}.
 */
class PublicApiOnlyTest {

  @Test
  void handlers_useNoInternalCorePackage() {
    noClasses().that().resideInAPackage("io.insightflow.lambda..")
        .should().dependOnClassesThat().resideInAPackage("io.insightflow.internal..")
        .orShould().dependOnClassesThat().areAnnotatedWith(Internal.class)
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.insightflow.lambda"));
  }
}
