package io.insightflow.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Core's main classes, imported once for the architecture tests. */
final class CoreClasses {

  static final String BASE = "io.insightflow";

  /** Packages with no compatibility promise: {@code io.insightflow.internal} and everything below it. */
  static final String INTERNAL = "io.insightflow.internal..";

  private static JavaClasses main;

  private CoreClasses() {}

  static synchronized JavaClasses main() {
    if (main == null) {
      main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages(BASE);
    }
    return main;
  }
}
