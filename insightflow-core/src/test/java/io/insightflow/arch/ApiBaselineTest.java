package io.insightflow.arch;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.Insightflow;
import io.insightflow.api.Evolving;
import io.insightflow.api.Internal;
import io.insightflow.api.Stable;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * [#20] The public API baseline, as OkHttp keeps {@code okhttp.api}: {@code api/insightflow-core.api}
 * lists every public or protected type, constructor, method and field of the types marked
 * {@link Stable} or {@link Evolving} (and their public nested types), one sorted line each, with
 * generic signatures. This test writes today's list to {@code target/api/insightflow-core.api} and
 * fails when it differs from the committed file, so every change to the public surface shows up in
 * review as a change to that file. To accept an intended change, copy the generated file over the
 * baseline (the failure message gives the command) and commit it with the code.
 *
 * <p>Why not japicmp or revapi: both compare against a previous release's jar, and no release is on
 * Maven Central yet (nor reachable offline); a committed text dump works from the first commit and
 * shows the change in the diff itself. Once releases exist, japicmp can be added next to it.
 */
class ApiBaselineTest {

  static final Path BASELINE = Path.of("api", "insightflow-core.api");
  static final Path GENERATED = Path.of("target", "api", "insightflow-core.api");

  @Test
  void publicApi_matchesCommittedBaseline() throws Exception {
    List<String> actual = dump(classesDir());
    Files.createDirectories(GENERATED.getParent());
    Files.write(GENERATED, actual, StandardCharsets.UTF_8);
    List<String> expected = Files.exists(BASELINE) ? Files.readAllLines(BASELINE, StandardCharsets.UTF_8) : List.of();
    if (!expected.equals(actual)) {
      throw new AssertionError("The public API of insightflow-core differs from " + BASELINE.toAbsolutePath()
          + ":\n" + diff(expected, actual)
          + "\nIf the change is intended, accept it and commit the file with the change:\n"
          + "  cp insightflow-core/" + GENERATED + " insightflow-core/" + BASELINE + "\n"
          + "(Types marked @Stable change only compatibly; see io.insightflow.api.Stable.)");
    }
  }

  @Test
  void dump_listsMarkedTypesAndLeavesOutInternalOnes() throws Exception {
    List<String> lines = dump(classesDir());
    assertThat(lines).anyMatch(l -> l.startsWith("@Evolving public final class io.insightflow.Insightflow"));
    assertThat(lines).anyMatch(l -> l.startsWith("@Stable public class io.insightflow.api.InsightflowException"));
    assertThat(lines).noneMatch(l -> l.contains("io.insightflow.internal."));
    assertThat(lines).noneMatch(l -> l.contains("class io.insightflow.connect.jdbc.PostgresDialect"));
  }

  @Test
  void publicSignatures_exposeNoInternalType() throws Exception {
    Path classes = classesDir();
    List<String> hidden = new ArrayList<>(List.of("io.insightflow.internal."));
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
        String n = classes.relativize(p).toString().replace('\\', '/').replace('/', '.');
        n = n.substring(0, n.length() - ".class".length());
        if (!n.endsWith("package-info") && Class.forName(n, false, getClass().getClassLoader())
            .isAnnotationPresent(Internal.class)) {
          hidden.add(n + " ");
          hidden.add(n + "$");
          hidden.add(n + ">");
          hidden.add(n + ",");
          hidden.add(n + ")");
        }
      }
    }
    assertThat(dump(classes).stream().filter(l -> !l.startsWith("@") && hidden.stream().anyMatch(l::contains)))
        .as("members of @Stable/@Evolving types whose signature names an internal type").isEmpty();
  }

  @Test
  void diff_removedMemberSharedWithAnotherType_namesItsType() {
    List<String> was = List.of("@Evolving public class a.A {", "  public java.lang.String toString()", "}",
        "@Evolving public class a.B {", "  public java.lang.String toString()", "}");
    List<String> now = List.of("@Evolving public class a.A {", "}",
        "@Evolving public class a.B {", "  public java.lang.String toString()", "}");
    assertThat(diff(was, now)).isEqualTo("- @Evolving public class a.A: public java.lang.String toString()");
  }

  static Path classesDir() throws URISyntaxException {
    return Path.of(Insightflow.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** The baseline's lines for the classes under {@code classes}. */
  static List<String> dump(Path classes) throws IOException, ClassNotFoundException {
    List<String> names;
    try (Stream<Path> files = Files.walk(classes)) {
      names = files.map(p -> classes.relativize(p).toString().replace('\\', '/'))
          .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.endsWith("package-info.class")
              && !n.endsWith("module-info.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
          .sorted().toList();
    }
    List<String> out = new ArrayList<>();
    out.add("# insightflow-core public API: generated by ApiBaselineTest, do not edit by hand.");
    for (String name : names) {
      if (name.startsWith("io.insightflow.internal.")) {
        continue;
      }
      Class<?> type = Class.forName(name, false, ApiBaselineTest.class.getClassLoader());
      String mark = type.isAnnotationPresent(Stable.class) ? "@Stable"
          : type.isAnnotationPresent(Evolving.class) ? "@Evolving" : null;
      if (Modifier.isPublic(type.getModifiers()) && mark != null && !type.isAnnotationPresent(Internal.class)) {
        describe(type, mark, out);
      }
    }
    return out;
  }

  private static void describe(Class<?> type, String mark, List<String> out) {
    out.add("");
    out.add(mark + " " + header(type) + " {");
    Set<String> members = new TreeSet<>();
    for (Field f : type.getDeclaredFields()) {
      if (visible(f.getModifiers()) && !f.isSynthetic()) {
        members.add(strip(f.toGenericString(), type));
      }
    }
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (visible(c.getModifiers()) && !c.isSynthetic()) {
        members.add(strip(c.toGenericString(), type));
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
        members.add(strip(m.toGenericString(), type));
      }
    }
    members.forEach(m -> out.add("  " + m));
    out.add("}");
    Arrays.stream(type.getDeclaredClasses()).filter(c -> visible(c.getModifiers()))
        .sorted((a, b) -> a.getName().compareTo(b.getName()))
        .forEach(nested -> describe(nested, mark, out));
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  /** Modifiers, kind, name with type parameters, superclass and interfaces. */
  private static String header(Class<?> type) {
    StringBuilder s = new StringBuilder(type.toGenericString());
    Type sup = type.getGenericSuperclass();
    if (sup != null && sup != Object.class && !type.isEnum() && !type.isRecord()) {
      s.append(" extends ").append(sup.getTypeName());
    }
    Set<String> interfaces = new LinkedHashSet<>();
    for (Type i : type.getGenericInterfaces()) {
      interfaces.add(i.getTypeName());
    }
    interfaces.remove("java.lang.annotation.Annotation");
    if (!interfaces.isEmpty()) {
      s.append(type.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
    }
    return s.toString();
  }

  /** A member's signature without its declaring class's name in front of the member name. */
  private static String strip(String signature, Class<?> type) {
    return signature.replace(" " + type.getTypeName() + ".", " ").replace("(" + type.getTypeName() + ".", "(");
  }

  /**
   * The lines only in one of the two dumps, marked - (baseline) and + (now), members named with their
   * type (the same member line can belong to many types); at most 60.
   */
  static String diff(List<String> expected, List<String> actual) {
    List<String> was = qualified(expected);
    List<String> now = qualified(actual);
    Set<String> wasSet = new LinkedHashSet<>(was);
    Set<String> nowSet = new LinkedHashSet<>(now);
    List<String> lines = new ArrayList<>();
    was.stream().filter(l -> !nowSet.contains(l)).forEach(l -> lines.add("- " + l));
    now.stream().filter(l -> !wasSet.contains(l)).forEach(l -> lines.add("+ " + l));
    if (lines.isEmpty()) {
      lines.add("(same lines, different order)");
    }
    return lines.stream().limit(60).collect(Collectors.joining("\n"))
        + (lines.size() > 60 ? "\n… and " + (lines.size() - 60) + " more lines" : "");
  }

  /** Type lines as they are, member lines as {@code <type>: <member>}; blank lines and braces dropped. */
  private static List<String> qualified(List<String> dump) {
    List<String> out = new ArrayList<>();
    String type = "";
    for (String line : dump) {
      if (line.isBlank() || line.equals("}")) {
        continue;
      }
      if (line.startsWith("  ")) {
        out.add(type + ": " + line.strip());
      } else {
        type = line.endsWith(" {") ? line.substring(0, line.length() - 2) : line;
        out.add(type);
      }
    }
    return out;
  }
}
