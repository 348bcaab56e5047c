import io.insightflow.config.ConfigKey;
import io.insightflow.config.InsightflowProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders each goal's {@code <Goal>Parameters} base from core's keys, during the build
 * (generate-sources, before the goals compile): one String parameter per key the goal's
 * {@code @GoalKeys} names, named after it ({@code insightflow.sync.threads} is {@code <syncThreads>})
 * and documented by its description, default and constraint, plus {@code parameters()}, which maps the
 * fields back onto the keys. So a key is declared once, in core, and nothing here is edited by hand.
 *
 * <p>Run as a single-file program: {@code java -cp <compile class path> GoalParameters.java <goal sources> <out>}.
 */
public final class GoalParameters {

  private static final Pattern GOAL = Pattern.compile("@GoalKeys\\(\\{(.*?)}\\).*?class (\\w+)Mojo extends (\\w+)Parameters",
      Pattern.DOTALL);
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
  /** Every goal's keys, besides those its {@code @GoalKeys} name. */
  private static final List<String> EVERY_GOAL = List.of("insightflow.configFile", "insightflow.skip", "insightflow.tables",
      "insightflow.naming");

  public static void main(String[] args) throws IOException {
    Path sources = Path.of(args[0]);
    Path out = Path.of(args[1], "io", "insightflow", "maven");
    Files.createDirectories(out);
    try (Stream<Path> files = Files.list(sources)) {
      for (Path mojo : files.filter(f -> f.toString().endsWith("Mojo.java")).toList()) {
        Matcher m = GOAL.matcher(Files.readString(mojo, StandardCharsets.UTF_8));
        if (m.find()) {
          List<String> read = new ArrayList<>(EVERY_GOAL);
          QUOTED.matcher(m.group(1)).results().forEach(r -> read.add(r.group(1)));
          Files.writeString(out.resolve(m.group(3) + "Parameters.java"), render(m.group(2) + "Mojo", m.group(3) + "Parameters",
              read), StandardCharsets.UTF_8);
        }
      }
    }
  }

  private static String render(String goal, String base, List<String> read) {
    List<ConfigKey<?>> keys = InsightflowProperties.all().stream().filter(k -> !k.secret() && !k.lambdaOnly())
        .filter(k -> read.stream().anyMatch(r -> r.endsWith(".") ? k.name().startsWith(r) : k.name().equals(r)))
        .toList();
    StringBuilder java = new StringBuilder("""
        package io.insightflow.maven;

        import java.util.LinkedHashMap;
        import java.util.Map;
        import org.apache.maven.plugins.annotations.Parameter;
        import org.codehaus.plexus.configuration.PlexusConfiguration;

        /**
         * The parameters of {@link %s}, generated from the keys its {@link GoalKeys} name by
         * {@code src/build/GoalParameters.java}. Values are strings, which core parses naming the key;
         * URLs, which may hold a password, are injected unevaluated ({@link PlexusConfiguration}) so that
         * {@code -X} shows only their expression.
         */
        public abstract class %s extends AbstractInsightflowMojo {

        """.formatted(goal, base));
    StringBuilder map = new StringBuilder();
    for (ConfigKey<?> key : keys) {
      String name = parameterName(key);
      java.append("  /** {@code ").append(key.name()).append("}: ").append(html(key.description()))
          .append(key.constraint() == null ? "" : " (" + html(key.constraint()) + ")")
          .append(key.defaultValue() == null ? "" : ". Default {@code " + html(key.defaultText()) + "}").append(". */\n")
          .append("  @Parameter(property = \"").append(key.name()).append("\")\n")
          .append("  ").append(name.matches(".*(Url|Endpoint)") ? "PlexusConfiguration" : "String").append(' ')
          .append(name).append(";\n");
      map.append("    values.put(\"").append(key.name()).append("\", ").append(name).append(");\n");
    }
    return java.append("\n  @Override\n  Map<String, Object> parameters() {\n")
        .append("    Map<String, Object> values = new LinkedHashMap<>();\n").append(map)
        .append("    return values;\n  }\n}\n").toString();
  }

  /** {@code insightflow.sync.threads} → {@code syncThreads}, the pom element of a key. */
  private static String parameterName(ConfigKey<?> key) {
    String[] parts = key.name().substring("insightflow.".length()).split("\\.");
    StringBuilder name = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      name.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
    }
    return name.toString();
  }

  private static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
