package io.insightflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * [#8] What the public API throws is an {@link InsightflowException} (or a subtype), never a bare
 * {@code IllegalArgumentException}, {@code IllegalStateException}, {@code UncheckedIOException} or
 * {@code RuntimeException}. The exceptions listed below never leave the library.
 */
class ExceptionTypesTest {

  private static final Pattern BARE = Pattern.compile(
      "new (?:java\\.\\w+\\.)?(IllegalArgumentException|IllegalStateException|UncheckedIOException|RuntimeException)\\(");

  /** File → why its bare exceptions do not escape. */
  private static final Map<String, String> CONTAINED = Map.of(
      "InstacartGenerator.java", "main(): command-line arguments, caught and printed as usage");

  @Test
  void mainSources_throwNoBareJdkExceptions() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
      for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (CONTAINED.containsKey(file.getFileName().toString())) {
          continue;
        }
        Matcher m = BARE.matcher(Files.readString(file));
        while (m.find()) {
          found.add(file.getFileName() + ": new " + m.group(1));
        }
      }
    }
    assertThat(found).isEmpty();
  }
}
