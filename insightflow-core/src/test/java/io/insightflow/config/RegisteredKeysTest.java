package io.insightflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.metrics.MetricNames;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * [#8] Every {@code insightflow.*} key the code names (read, validated or mentioned in a message or
 * javadoc) is registered in {@link InsightflowProperties}, hence documented and settable: no key
 * can be read that a user cannot set, and no message can point at a key that does not exist.
 */
class RegisteredKeysTest {

  private static final Pattern KEY = Pattern.compile("(?<![\\w.])insightflow(?:\\.[a-z][A-Za-z0-9]*)+(?![\\w*_]|\\.[\\w*])");

  /** The metric names ({@link MetricNames}) share the prefix but are no keys [#23]. */
  private static final Set<String> METRICS = metricNames();

  @Test
  void everyKeyNamedInTheSources_isRegistered() throws IOException {
    Set<String> unregistered = new TreeSet<>();
    int files = 0;
    for (Path root : new Path[] {Path.of("src", "main", "java"), Path.of("..", "insightflow-maven-plugin", "src", "main", "java"),
        Path.of("..", "insightflow-lambda", "src", "main", "java")}) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> sources = Files.walk(root)) {
        for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
          files++;
          String text = Files.readString(file);
          Matcher m = KEY.matcher(text);
          while (m.find()) {
            if (InsightflowProperties.find(m.group()).isEmpty() && !m.group().equals("insightflow.version")
                && !isGroupOfKeys(text, m) && !METRICS.contains(m.group())) {
              unregistered.add(m.group() + " in " + file.getFileName());
            }
          }
        }
      }
    }
    assertThat(files).isGreaterThan(50);
    assertThat(unregistered).isEmpty();
  }

  private static Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    for (Field f : MetricNames.class.getFields()) {
      try {
        names.add((String) f.get(null));
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
    return names;
  }

  /** A group of keys as the goals name them, {@code "insightflow.sync."}: a name ending in a dot that starts keys. */
  private static boolean isGroupOfKeys(String text, Matcher m) {
    return (text.startsWith(".\"", m.end()) || text.startsWith(".}", m.end()))
        && InsightflowProperties.all().stream().anyMatch(k -> k.name().startsWith(m.group() + "."));
  }
}
