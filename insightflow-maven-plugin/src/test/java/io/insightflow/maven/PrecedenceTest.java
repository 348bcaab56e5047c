package io.insightflow.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.Insightflow;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrecedenceTest {

  private static final String THREADS = "insightflow.sync.threads";

  @TempDir
  Path dir;

  private final IngestMojo mojo = new IngestMojo();

  @ParameterizedTest(name = "file={0} pom={1} env={2} cli={3} -> {4}")
  @CsvSource(nullValues = "-", value = {
      "-, -, -, -, -",
      "1, -, -, -, 1",
      "1, 2, -, -, 2",
      "1, 2, 3, -, 3",
      "1, 2, 3, 4, 4",
      "-, 2, -, 4, 4",
      "1, -, 3, -, 3",
      "1, -, -, 4, 4",
  })
  void configure_eachLayer_overridesTheOnesBelow(String file, String pom, String env, String cli,
      String expected) throws IOException {
    Map<String, String> pomValues = new HashMap<>();
    if (file != null) {
      Files.writeString(dir.resolve("insightflow.properties"), THREADS + "=" + file + "\n");
      pomValues.put(InsightflowProperties.CONFIG_FILE.name(), dir.resolve("insightflow.properties").toString());
    }
    pomValues.put(THREADS, pom);
    Map<String, String> environment = env == null ? Map.of() : Map.of("INSIGHTFLOW_SYNC_THREADS", env);
    Map<String, String> cliValues = cli == null ? Map.of() : Map.of(THREADS, cli);

    Insightflow flow = mojo.configure(pomValues, environment, cliValues);

    assertThat(flow.settings().get(THREADS)).isEqualTo(expected);
  }

  @Test
  void pomValues_everyParameter_isReadUnderItsKey() {
    SyncMojo sync = new SyncMojo();
    sync.syncThreads = "5";
    sync.lake = "elsewhere";

    Map<String, String> values = sync.pomValues();

    assertThat(values).containsEntry(THREADS, "5").containsEntry("insightflow.lake", "elsewhere")
        .containsEntry("insightflow.target.url", null).doesNotContainKey("insightflow.target.password")
        .hasSize(AbstractInsightflowMojo.parameterKeys(SyncMojo.class).size());
  }

  @Test
  void configure_nothingSet_usesCoreDefaults() {
    Insightflow flow = mojo.configure(Map.of(), Map.of(), Map.of());

    assertThat(flow.get(InsightflowProperties.LAKE)).isEqualTo("lake");
    assertThat(flow.get(InsightflowProperties.SYNC_MODE)).isEqualTo("incremental");
    assertThat(flow.get(InsightflowProperties.SKIP)).isEqualTo("false");
    assertThat(flow.get(InsightflowProperties.TARGET_PASSWORD)).isNull();
  }

  @Test
  void configure_configFileNamedInEnvironment_isRead() throws IOException {
    Path file = Files.writeString(dir.resolve("if.properties"), "insightflow.lake=from-file\ninsightflow.tables=a\n");

    Insightflow flow = mojo.configure(Map.of("insightflow.tables", "b"),
        Map.of("INSIGHTFLOW_CONFIGFILE", file.toString()), Map.of());

    assertThat(flow.get(InsightflowProperties.LAKE)).isEqualTo("from-file");
    assertThat(flow.get(InsightflowProperties.TABLES)).isEqualTo("b");
  }

  @Test
  void configure_missingConfigFile_failsNamingTheKey() {
    assertThatThrownBy(() -> mojo.configure(Map.of(), Map.of(),
        Map.of("insightflow.configFile", dir.resolve("absent.properties").toString())))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.configFile")
        .hasMessageContaining("absent.properties");
  }

  @Test
  void configure_environment_onlyKnownInsightflowVariablesCount() {
    Insightflow flow = mojo.configure(Map.of(), Map.of("INSIGHTFLOW_SYNC_THREADS", "7",
        "INSIGHTFLOW_TARGET_PASSWORD", "s3cret", "PATH", "/bin", "INSIGHTFLOW_NOT_A_KEY", "x"), Map.of());

    assertThat(flow.settings()).containsEntry(THREADS, "7")
        .containsEntry("insightflow.target.password", "s3cret")
        .doesNotContainKeys("PATH", "insightflow.not.a.key");
  }

  @ParameterizedTest
  @CsvSource({
      "insightflow.sync.threads, INSIGHTFLOW_SYNC_THREADS",
      "insightflow.s3.pathStyle, INSIGHTFLOW_S3_PATHSTYLE",
      "insightflow.target.password, INSIGHTFLOW_TARGET_PASSWORD",
      "insightflow.ingest.batchSize, INSIGHTFLOW_INGEST_BATCHSIZE",
  })
  void envName_dottedKey_isUpperSnakeCase(String key, String env) {
    assertThat(io.insightflow.config.ConfigKey.envName(key)).isEqualTo(env);
    assertThat(InsightflowProperties.find(key)).isPresent();
  }

  @Test
  void settingsForLogs_passwordsFromAnyLayer_areMasked() {
    Insightflow flow = mojo.configure(Map.of(), Map.of("INSIGHTFLOW_SOURCE_PASSWORD", "envSecret"),
        Map.of("insightflow.target.password", "cliSecret"));

    Map<String, String> printable = InsightflowProperties.registry().masked(flow.settings());

    assertThat(printable).containsEntry("insightflow.source.password", "****")
        .containsEntry("insightflow.target.password", "****");
    assertThat(printable.toString()).doesNotContain("envSecret", "cliSecret");
    assertThat(flow.toString()).doesNotContain("envSecret", "cliSecret");
  }

  @Test
  void configure_mistypedKeyInCliOrConfigFile_failsNamingTheNearestKey() throws IOException {
    Path file = Files.writeString(dir.resolve("typo.properties"), "insightflow.sync.thread=2\n");

    assertThatThrownBy(() -> mojo.configure(Map.of(), Map.of(), Map.of("insightflow.ingest.batchsize", "10")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessage("insightflow.ingest.batchsize: Unknown key in -D; did you mean insightflow.ingest.batchSize?"
            + " (mvn insightflow:help -Ddetail and docs/configuration.md list every key)");
    assertThatThrownBy(() -> mojo.configure(Map.of(), Map.of(), Map.of("insightflow.configFile", file.toString())))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.sync.thread: Unknown key in the configuration file " + file)
        .hasMessageContaining("did you mean insightflow.sync.threads?");
  }

  @Test
  void configure_unknownEnvironmentVariable_oneWarningLineAndTheGoalGoesOn() {
    List<String> warnings = new ArrayList<>();
    mojo.setLog(new SystemStreamLog() {
      @Override
      public void warn(CharSequence content) {
        warnings.add(content.toString());
      }
    });

    Insightflow flow = mojo.configure(Map.of(), Map.of("INSIGHTFLOW_SYNC_THRAEDS", "2", "INSIGHTFLOW_LAKEE", "x",
        "INSIGHTFLOW_SYNC_MODE", "full"), Map.of());

    assertThat(flow.get(InsightflowProperties.SYNC_MODE)).isEqualTo("full");
    assertThat(warnings).containsExactly("Ignoring environment variables that name no insightflow key:"
        + " INSIGHTFLOW_LAKEE (did you mean INSIGHTFLOW_LAKE?),"
        + " INSIGHTFLOW_SYNC_THRAEDS (did you mean INSIGHTFLOW_SYNC_THREADS?)");
  }
}
