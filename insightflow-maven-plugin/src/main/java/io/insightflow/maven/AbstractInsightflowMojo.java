package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.ConfigKey;
import io.insightflow.config.KeyRegistry;
import io.insightflow.spi.Connectors;
import io.insightflow.api.Secrets;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.PluginParameterExpressionEvaluator;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluationException;
import org.codehaus.plexus.configuration.PlexusConfiguration;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Base of every insightflow goal: collects the settings, checks {@code insightflow.skip}, runs one
 * core operation and logs its one-line summary.
 *
 * <p>Every parameter is a key of {@code InsightflowProperties}: a goal names the keys it reads with
 * {@link GoalKeys}, and the build generates its {@code <Goal>Parameters} base from them (never written
 * by hand, so no parameter is declared twice): the pom element is the key without
 * {@code insightflow.}, camel-cased ({@code insightflow.sync.threads} is {@code <syncThreads>}), the
 * {@code -D} property is the key itself, and the environment variable is the key upper-cased with
 * {@code _} ({@code INSIGHTFLOW_SYNC_THREADS}). Precedence, lowest first: built-in defaults &lt;
 * {@code insightflow.configFile} &lt; pom {@code <configuration>} &lt; environment &lt; {@code -D}.
 * Passwords ({@code insightflow.source.password}, {@code insightflow.target.password}) are no pom
 * parameters, so they never appear in a pom or in Maven's {@code -X} output: give them in the
 * environment, as {@code -D} or in the configuration file.
 *
 * <p>Parameters are strings so that core validates them and names the offending key. URLs, which may
 * hold a password (JDBC URLs, and the S3, Glue and Kinesis endpoints as {@code http://key:secret@host}),
 * are injected unevaluated ({@link PlexusConfiguration}) and evaluated by {@link #evaluate}: Maven's
 * {@code -X} output prints every injected value, but only the expression of these.
 */
public abstract class AbstractInsightflowMojo extends AbstractMojo {

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  @Parameter(defaultValue = "${project.basedir}", readonly = true)
  private File basedir;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  private MojoExecution mojoExecution;

  /** Core's keys and those of the connectors on the plugin's class path. */
  private final KeyRegistry keys = Connectors.registry(AbstractInsightflowMojo.class.getClassLoader());

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    try {
      Insightflow flow = configure(pomValues(), System.getenv(),
          InsightflowProperties.fromProperties(session.getUserProperties()));
      requireKnownPomSettings();
      if (InsightflowProperties.SKIP.value(flow.settings())) {
        getLog().info("Skipping: insightflow.skip=true");
        return;
      }
      getLog().debug("Settings: " + keys.masked(flow.settings()));
      settleHeap();
      run(flow).lines().forEach(getLog()::info);
    } catch (InsightflowConfigException e) {
      throw new MojoFailureException(Secrets.mask(e.getMessage()), Secrets.scrub(e));
    } catch (RuntimeException e) {
      // Maven prints the messages of the whole cause chain: none may hold a credential.
      throw new MojoExecutionException(Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
  }

  /**
   * One collection before the job. Maven's JVM starts with a heap sized from the machine (1/64 of
   * its memory), and the slow collections of Maven's own start-up make G1 grow it further; the job
   * then fills that eden with short-lived rows and the process peaks far above what the job keeps.
   * After this ~20 ms collection G1 sizes the heap from the job's few live megabytes (measured at
   * full size: PostgreSQL ingest 440-467 MB RSS without, 286-293 MB with). {@code
   * -XX:+DisableExplicitGC} turns it off. [#13]
   */
  private static void settleHeap() {
    System.gc();
  }

  /**
   * Runs the goal's core operation.
   *
   * @return the summary line to log (for {@code plan} and {@code status}: one entry per line)
   * @throws MojoFailureException when the data is at fault (a bad row), which fails the build like
   *     a failed test
   */
  protected abstract String run(Insightflow flow) throws MojoFailureException;

  /**
   * Applies the precedence order to the goal's inputs. The configuration file's own location
   * follows the same order, then the file becomes the lowest layer above the defaults.
   */
  Insightflow configure(Map<String, String> pom, Map<String, String> environment, Map<String, String> cli) {
    Path base = basedir != null ? basedir.toPath() : Path.of("").toAbsolutePath();
    List<String> unknownEnv = keys.unknownEnvironment(environment);
    if (!unknownEnv.isEmpty()) {
      getLog().warn("Ignoring environment variables that name no insightflow key: " + String.join(", ", unknownEnv));
    }
    keys.requireKnown(cli, "-D");
    Map<String, String> env = keys.fromEnvironment(environment);
    String file = InsightflowProperties.merge(pom, env, cli).get(InsightflowProperties.CONFIG_FILE.name());
    Map<String, String> fromFile = file == null || file.isBlank() ? Map.of()
        : InsightflowProperties.fromFile(base.resolve(file));
    keys.requireKnown(fromFile, "the configuration file " + base.resolve(file == null ? "" : file));
    return Insightflow.configure().baseDirectory(base)
        .properties(fromFile).properties(pom).properties(env).properties(cli).build();
  }

  /**
   * The value of a parameter injected unevaluated, such as {@code ${insightflow.target.url}} or a
   * literal from the pom, evaluated as Maven would have (user, system and project properties).
   */
  private String evaluate(PlexusConfiguration parameter) {
    if (parameter == null || parameter.getValue(null) == null) {
      return null;
    }
    try {
      Object value = new PluginParameterExpressionEvaluator(session, mojoExecution).evaluate(parameter.getValue(null));
      return value == null ? null : value.toString();
    } catch (ExpressionEvaluationException e) {
      throw new InsightflowConfigException("insightflow." + parameter.getName(), "Cannot evaluate the parameter "
          + parameter.getName() + ": " + Secrets.mask(e.getMessage()));
    }
  }

  /**
   * Fails on pom settings that would otherwise be ignored: {@code insightflow.*} properties of the
   * project that name no key, and {@code <configuration>} elements (of the plugin or of this
   * execution) that are no parameter of any goal of this plugin.
   */
  private void requireKnownPomSettings() {
    if (session.getCurrentProject() != null) {
      keys.requireKnown(InsightflowProperties.fromProperties(session.getCurrentProject().getProperties()),
          "the pom's <properties>");
    }
    if (mojoExecution == null || mojoExecution.getPlugin() == null) {
      return;
    }
    Set<String> parameters = new TreeSet<>();
    for (MojoDescriptor goal : mojoExecution.getMojoDescriptor().getPluginDescriptor().getMojos()) {
      if (goal.getParameters() != null) {
        goal.getParameters().forEach(p -> parameters.add(p.getName()));
      }
    }
    Plugin plugin = mojoExecution.getPlugin();
    PluginExecution execution = plugin.getExecutionsAsMap().get(mojoExecution.getExecutionId());
    for (Object configuration : Arrays.asList(plugin.getConfiguration(), execution == null ? null : execution.getConfiguration())) {
      if (configuration instanceof Xpp3Dom dom) {
        for (Xpp3Dom element : dom.getChildren()) {
          if (!parameters.contains(element.getName())) {
            throw new InsightflowConfigException("<" + element.getName() + ">", "Unknown parameter in the pom's"
                + " <configuration> of insightflow-maven-plugin; did you mean <"
                + KeyRegistry.nearest(element.getName(), parameters) + ">? (mvn insightflow:help -Ddetail)");
          }
        }
      }
    }
  }

  /**
   * The pom's parameters by key ({@link #parameters()}), URLs evaluated; null means "not set".
   */
  Map<String, String> pomValues() {
    Map<String, String> values = new LinkedHashMap<>();
    parameters().forEach((key, value) -> values.put(key, value instanceof PlexusConfiguration p ? evaluate(p)
        : (String) value));
    if (session != null && session.getCurrentProject() != null) {
      values.putAll(tableValues(session.getCurrentProject().getProperties()));
    }
    return values;
  }

  /**
   * The one-table values of per-table keys among a pom's {@code <properties>}, such as
   * {@code <insightflow.sync.writeMode.orders>replace</insightflow.sync.writeMode.orders>}: a value
   * per table has no parameter of its own, so the pom gives it as a property, named as in {@code -D}.
   */
  Map<String, String> tableValues(java.util.Properties projectProperties) {
    Map<String, String> out = new LinkedHashMap<>();
    InsightflowProperties.fromProperties(projectProperties).forEach((name, value) -> keys.find(name)
        .filter(key -> key.perTable() && !key.name().equals(name)).ifPresent(key -> out.put(name, value)));
    return out;
  }

  /**
   * Every parameter of this goal by its key, as injected: implemented by the goal's {@code <Goal>Parameters}
   * base, which the build renders from the keys the goal's {@link GoalKeys} name
   * ({@code src/build/GoalParameters.java}).
   */
  abstract Map<String, Object> parameters();

  /** The keys that are parameters of {@code goal}. */
  static List<ConfigKey<?>> parameterKeys(Class<? extends AbstractInsightflowMojo> goal) {
    try {
      return goal.getDeclaredConstructor().newInstance().parameters().keySet().stream()
          .<ConfigKey<?>>map(k -> InsightflowProperties.find(k).orElseThrow()).toList();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create " + goal.getName(), e);
    }
  }
}
