package io.insightflow.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.config.ConfigKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The goals' parameters follow from core's keys: each goal's {@code <Goal>Parameters} base is rendered
 * here from the keys its {@link GoalKeys} name ({@link AbstractInsightflowMojo#parameterKeys(Class)}:
 * name, description, default), and this test fails when a checked-in file differs, writing the fresh
 * ones to {@code target/parameters/} to copy over them, as {@code ConfigurationDocTest} does for
 * {@code docs/configuration.md}. Maven reads parameters and their documentation from the source, so
 * the files are generated rather than built at run time.
 */
class ParametersSourceTest {

  private static final Path SOURCES = Path.of("src", "main", "java", "io", "insightflow", "maven");
  static final List<Class<? extends AbstractInsightflowMojo>> GOALS = List.of(CatalogMojo.class, ConsumeMojo.class,
      GenerateMojo.class, IngestMojo.class, LoadWarehouseMojo.class, PlanMojo.class, PublishMojo.class,
      StatusMojo.class, SyncMojo.class);

  /** {@code SyncMojo} → {@code SyncParameters}. */
  static String baseName(Class<?> goal) {
    return goal.getSimpleName().replaceFirst("Mojo$", "Parameters");
  }

  static String render(Class<?> goal) {
    StringBuilder java = new StringBuilder()
        .append("package io.insightflow.maven;\n\n")
        .append("import org.apache.maven.plugins.annotations.Parameter;\n")
        .append("import org.codehaus.plexus.configuration.PlexusConfiguration;\n\n")
        .append("/**\n")
        .append(" * The parameters of {@link ").append(goal.getSimpleName())
        .append("}: one per key its {@link GoalKeys} name, named after\n")
        .append(" * it ({@code insightflow.sync.threads} is {@code <syncThreads>}) and documented by its description.\n")
        .append(" * Values are strings, which core parses naming the key; URLs, which may hold a password, are\n")
        .append(" * injected unevaluated ({@link PlexusConfiguration}) so that {@code -X} shows only their expression.\n")
        .append(" *\n")
        .append(" * <p>Generated from the keys by {@code ParametersSourceTest}: do not edit; after changing keys,\n")
        .append(" * copy {@code target/parameters/").append(baseName(goal)).append(".java} over this file.\n")
        .append(" */\n")
        .append("public abstract class ").append(baseName(goal)).append(" extends AbstractInsightflowMojo {\n\n");
    for (ConfigKey<?> key : AbstractInsightflowMojo.parameterKeys(goal)) {
      String name = AbstractInsightflowMojo.parameterName(key);
      java.append(javadoc(key))
          .append("  @Parameter(property = \"").append(key.name()).append("\")\n")
          .append("  ").append(name.matches(".*(Url|Endpoint)") ? "PlexusConfiguration" : "String").append(' ')
          .append(name).append(";\n");
    }
    return java.append("}\n").toString();
  }

  /** One line per parameter, however long: the file is generated and read through Maven's help goal. */
  private static String javadoc(ConfigKey<?> key) {
    return "  /** {@code " + key.name() + "}: " + html(key.description())
        + (key.defaultValue() == null ? "" : ". Default {@code " + html(key.defaultText()) + "}") + ". */\n";
  }

  private static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Test
  void everyGoalsParameters_areGeneratedFromTheKeysItReads() throws IOException {
    List<String> stale = new ArrayList<>();
    for (Class<?> goal : GOALS) {
      String expected = render(goal);
      Path source = SOURCES.resolve(baseName(goal) + ".java");
      String actual = Files.exists(source) ? Files.readString(source, StandardCharsets.UTF_8) : "";
      if (!actual.equals(expected)) {
        Path fresh = Path.of("target", "parameters", baseName(goal) + ".java");
        Files.createDirectories(fresh.getParent());
        Files.writeString(fresh, expected, StandardCharsets.UTF_8);
        stale.add(fresh.toAbsolutePath().toString());
      }
    }
    assertThat(stale).as("out of date: copy target/parameters/*.java over src/main/java/io/insightflow/maven/").isEmpty();
  }

  @Test
  void everyGoal_extendsItsGeneratedParameters() {
    for (Class<?> goal : GOALS) {
      assertThat(goal.getSuperclass().getSimpleName()).as(goal.getSimpleName()).isEqualTo(baseName(goal));
    }
  }
}
