package io.insightflow.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.config.InsightflowProperties;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks the generated plugin descriptor against core's key list, so the pom names, {@code -D}
 * names and documentation cannot drift from {@link InsightflowProperties}.
 */
class DescriptorTest {

  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(insightflow\\.[^}]+)}");

  @Test
  void everyGoalParameter_isACoreKeyNamedAfterIt_andDocumented() throws Exception {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    Element mojos = elements(descriptor().getDocumentElement(), "mojos").get(0);
    for (Element mojo : elements(mojos, "mojo")) {
      String goal = text(mojo, "goal");
      if (goal.equals("help")) {
        continue;
      }
      assertThat(text(mojo, "threadSafe")).as(goal).isEqualTo("true");
      assertThat(text(mojo, "requiresProject")).as(goal).isEqualTo("false");
      Element configuration = elements(mojo, "configuration").get(0);
      for (Element parameter : elements(elements(mojo, "parameters").get(0), "parameter")) {
        String name = text(parameter, "name");
        if (text(parameter, "editable").equals("false")) {
          continue; // ${session}, ${project.basedir}
        }
        Matcher m = EXPRESSION.matcher(elements(configuration, name).get(0).getTextContent());
        if (!m.matches()) {
          problems.add(goal + "." + name + " has no insightflow.* property");
          continue;
        }
        String key = m.group(1);
        if (InsightflowProperties.find(key).isEmpty()) {
          problems.add(goal + "." + name + " uses unknown key " + key);
        } else if (InsightflowProperties.find(key).get().secret()) {
          problems.add(goal + "." + name + " exposes secret " + key + " as a pom parameter (shown by -X)");
        }
        if (!name.equals(parameterName(key))) {
          problems.add(goal + "." + name + " should be named " + parameterName(key));
        }
        if (!text(parameter, "description").contains(key)) {
          problems.add(goal + "." + name + " javadoc does not name its key " + key);
        }
        checked++;
      }
    }
    assertThat(problems).isEmpty();
    assertThat(checked).isGreaterThan(10);
  }

  @Test
  void goals_coverEveryOperation_andEveryCoreKeyButSecretsAndLambdaOnly() throws Exception {
    List<String> goals = new ArrayList<>();
    Set<String> keys = new TreeSet<>();
    Element mojos = elements(descriptor().getDocumentElement(), "mojos").get(0);
    for (Element mojo : elements(mojos, "mojo")) {
      goals.add(text(mojo, "goal"));
      for (Element property : elements(elements(mojo, "configuration").get(0), null)) {
        Matcher m = EXPRESSION.matcher(property.getTextContent());
        if (m.matches()) {
          keys.add(m.group(1));
        }
      }
    }
    Set<String> expectedKeys = new TreeSet<>();
    InsightflowProperties.all().stream().filter(k -> !k.secret() && !InsightflowProperties.lambdaOnly().contains(k))
        .forEach(k -> expectedKeys.add(k.name()));

    assertThat(goals).containsExactlyInAnyOrder("generate", "load-warehouse", "ingest", "sync", "status", "verify", "plan",
        "publish", "consume", "catalog", "help");
    assertThat(keys).isEqualTo(expectedKeys);
  }

  /**
   * [#19] With {@code -X}, Maven prints every injected parameter value ({@code (f) s3Endpoint = http://key:secret@host}).
   * A parameter injected as {@code PlexusConfiguration} shows only its expression; every URL, which may
   * hold a password, must be one.
   */
  @Test
  void everyUrlParameter_isInjectedUnevaluated_soMavenDebugOutputShowsNoValue() throws Exception {
    List<String> problems = new ArrayList<>();
    Set<String> urls = new TreeSet<>();
    Element mojos = elements(descriptor().getDocumentElement(), "mojos").get(0);
    for (Element mojo : elements(mojos, "mojo")) {
      for (Element parameter : elements(elements(mojo, "parameters").get(0), "parameter")) {
        String name = text(parameter, "name");
        if (name.matches(".*(Url|Endpoint)")) {
          urls.add(name);
          if (!text(parameter, "type").equals("org.codehaus.plexus.configuration.PlexusConfiguration")) {
            problems.add(text(mojo, "goal") + "." + name + " is injected as " + text(parameter, "type"));
          }
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(urls).containsExactlyInAnyOrder("sourceUrl", "targetUrl", "s3Endpoint", "catalogGlueEndpoint",
        "kinesisEndpoint");
  }

  /** {@code insightflow.sync.threads} → {@code syncThreads}. */
  private static String parameterName(String key) {
    String[] parts = key.substring("insightflow.".length()).split("\\.");
    StringBuilder name = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      name.append(parts[i].substring(0, 1).toUpperCase(Locale.ROOT)).append(parts[i].substring(1));
    }
    return name.toString();
  }

  private static Document descriptor() throws Exception {
    try (InputStream in = DescriptorTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
      assertThat(in).as("plugin.xml (run through mvn, which generates it)").isNotNull();
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
  }

  /** The child elements named {@code tag}, or all of them when it is null. */
  private static List<Element> elements(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && (tag == null || e.getTagName().equals(tag))) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String tag) {
    List<Element> found = elements(parent, tag);
    return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
  }
}
