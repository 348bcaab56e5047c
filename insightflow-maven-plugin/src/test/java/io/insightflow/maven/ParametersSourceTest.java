package io.insightflow.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.config.ConfigKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The goals' parameters follow from core's keys: {@code InsightflowParameters} is rendered here from
 * {@link AbstractInsightflowMojo#parameterKeys()} (name, description, default), and this test fails
 * when the checked-in file differs, writing the fresh one to {@code target/} to copy over it, as
 * {@code ConfigurationDocTest} does for {@code docs/configuration.md}. Maven reads parameters and
 * their documentation from the source, so the file is generated rather than built at run time.
 */
class ParametersSourceTest {

  private static final Path SOURCE = Path.of("src", "main", "java", "io", "insightflow", "maven",
      "InsightflowParameters.java");

  static String render() {
    StringBuilder java = new StringBuilder()
        .append("package io.insightflow.maven;\n\n")
        .append("import org.apache.maven.plugin.AbstractMojo;\n")
        .append("import org.apache.maven.plugins.annotations.Parameter;\n")
        .append("import org.codehaus.plexus.configuration.PlexusConfiguration;\n\n")
        .append("/**\n")
        .append(" * The goals' parameters, one per key of {@code InsightflowProperties} but secrets and Lambda-only\n")
        .append(" * keys, named after it ({@code insightflow.sync.threads} is {@code <syncThreads>}) and documented by\n")
        .append(" * its description. Every goal has every parameter and reads those its operation needs. Values are\n")
        .append(" * strings, which core parses naming the key; URLs, which may hold a password, are injected\n")
        .append(" * unevaluated ({@link PlexusConfiguration}) so that {@code -X} shows only their expression.\n")
        .append(" *\n")
        .append(" * <p>Generated from the keys by {@code ParametersSourceTest}: do not edit; after changing keys,\n")
        .append(" * copy {@code target/InsightflowParameters.java} over this file.\n")
        .append(" */\n")
        .append("public abstract class InsightflowParameters extends AbstractMojo {\n\n");
    for (ConfigKey<?> key : AbstractInsightflowMojo.parameterKeys()) {
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
  void insightflowParameters_isGeneratedFromTheKeys() throws IOException {
    String expected = render();
    String actual = Files.exists(SOURCE) ? Files.readString(SOURCE, StandardCharsets.UTF_8) : "";
    if (!actual.equals(expected)) {
      Path fresh = Path.of("target", "InsightflowParameters.java");
      Files.writeString(fresh, expected, StandardCharsets.UTF_8);
      assertThat(actual).as("InsightflowParameters.java is out of date: copy %s over it", fresh.toAbsolutePath())
          .isEqualTo(expected);
    }
  }
}
