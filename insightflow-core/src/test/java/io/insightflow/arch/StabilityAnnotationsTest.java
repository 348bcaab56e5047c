package io.insightflow.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.insightflow.api.Evolving;
import io.insightflow.api.Internal;
import io.insightflow.api.Stable;
import io.insightflow.arch.fixture.a.Ping;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * [#20] Every public top-level type of a public package (outside {@code io.insightflow.internal..})
 * says what it promises: exactly one of {@link Stable}, {@link Evolving} or {@link Internal}.
 */
class StabilityAnnotationsTest {

  static final List<Class<? extends java.lang.annotation.Annotation>> MARKS =
      List.of(Stable.class, Evolving.class, Internal.class);

  static final ArchRule ONE_STABILITY_MARK = classes().that().arePublic().and().areTopLevelClasses()
      .and().resideOutsideOfPackage(CoreClasses.INTERNAL)
      .should(new ArchCondition<JavaClass>("carry exactly one of @Stable, @Evolving, @Internal") {
        @Override
        public void check(JavaClass type, ConditionEvents events) {
          long marks = MARKS.stream().filter(type::isAnnotatedWith).count();
          if (marks != 1) {
            events.add(SimpleConditionEvent.violated(type, type.getName() + " carries " + marks
                + " of @Stable, @Evolving, @Internal (io.insightflow.api); public types of public packages carry one"));
          }
        }
      });

  @Test
  void publicTypesOfPublicPackages_carryOneStabilityMark() {
    ONE_STABILITY_MARK.check(CoreClasses.main());
  }

  @Test
  void rule_publicTypeWithoutMark_fails() {
    assertThatThrownBy(() -> ONE_STABILITY_MARK.check(new ClassFileImporter().importClasses(Ping.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(Ping.class.getName() + " carries 0");
  }
}
