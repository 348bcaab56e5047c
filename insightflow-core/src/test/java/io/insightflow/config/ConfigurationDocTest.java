package io.insightflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps docs/configuration.md in step with the keys defined in {@link InsightflowProperties}. */
class ConfigurationDocTest {

  static final Path DOC = Path.of("..", "docs", "configuration.md");

  static String render() {
    StringBuilder md = new StringBuilder()
        .append("# Configuration keys\n\n")
        .append("Generated from `InsightflowProperties` (`ConfigurationDocTest` fails when this file is out of date).\n")
        .append("The same key works as a Java property, a Maven `-D` property or `<configuration>` element, and an\n")
        .append("environment variable (Lambda). Precedence, lowest first: built-in defaults < config file\n")
        .append("(`insightflow.configFile`) < pom `<configuration>` < environment < `-D`. Secret values are never printed.\n")
        .append("Booleans are `true` or `false` (any case); any other value fails naming the key. An `INSIGHTFLOW_*`\n")
        .append("variable that names no key gets one warning line. A key marked per table also takes one value per\n")
        .append("table (`<key>.<table>`, environment `<VARIABLE>_<TABLE>`), which overrides the key for that table.\n")
        .append("Connector jars add keys of their own (their providers' `configKeys()`), checked, mapped and masked alike.\n\n")
        .append("A value outside a key's allowed values (last column) fails naming the key, wherever it is read.\n\n")
        .append("| key | environment variable | default | description | allowed values |\n")
        .append("|---|---|---|---|---|\n");
    for (ConfigKey<?> key : InsightflowProperties.all()) {
      md.append("| `").append(key.name()).append(key.perTable() ? "` (per table) | `" : "` | `").append(key.envName()).append("` | ")
          .append(key.defaultValue() == null ? "" : "`" + key.defaultText() + "`").append(" | ")
          .append(key.secret() ? "**secret.** " : "").append(key.description().replace("|", "\\|")).append(" | ")
          .append(key.constraint() == null ? "" : key.constraint().replace("|", "\\|")).append(" |\n");
    }
    return md.toString();
  }

  @Test
  void configurationDoc_listsEveryKeyAsDefined() throws IOException {
    String expected = render();
    String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
    if (!actual.equals(expected)) {
      Path fresh = Path.of("target", "configuration.md");
      Files.writeString(fresh, expected, StandardCharsets.UTF_8);
      assertThat(actual).as("docs/configuration.md is out of date: copy %s over it", fresh.toAbsolutePath())
          .isEqualTo(expected);
    }
  }
}
