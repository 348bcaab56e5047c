package io.insightflow.config;

import io.insightflow.api.InsightflowConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InsightflowPropertiesTest {

  @Test
  void all_namesAreUniqueAndDescribed() {
    Set<String> names = new HashSet<>();
    for (ConfigKey<?> key : InsightflowProperties.all()) {
      assertThat(names.add(key.name())).as(key.name()).isTrue();
      assertThat(key.name()).startsWith("insightflow.");
      assertThat(key.description()).as(key.name()).isNotBlank();
    }
  }

  @Test
  void all_typedDefaults_printAndParseBack() {
    for (ConfigKey<?> key : InsightflowProperties.all()) {
      if (key.defaultValue() != null) {
        assertThat((Object) key.type().parse(key.name(), key.defaultText())).as(key.name()).isEqualTo(key.defaultValue());
      }
    }
    assertThat(InsightflowProperties.SYNC_RETRY_TIMEOUT.defaultText()).isEqualTo("60s");
    assertThat(InsightflowProperties.SYNC_WATERMARK_MARGIN.defaultText()).isEqualTo("1h");
    assertThat(InsightflowProperties.PUBLISH_RATE.defaultText()).isEqualTo("0");
    assertThat(InsightflowProperties.lambdaOnly()).extracting(ConfigKey::name).containsExactly(
        "insightflow.source.passwordSecret", "insightflow.source.privateKeySecret", "insightflow.target.passwordSecret",
        "insightflow.lambda.safetyMargin");
  }

  @Test
  void listKeys_splitOnCommas_inOnePlace() {
    assertThat(InsightflowProperties.TABLES.value(Map.of("insightflow.tables", " orders, ,products ")))
        .containsExactly("orders", "products");
    assertThat(InsightflowProperties.TABLES.value(Map.of())).isEmpty();
  }

  @Test
  void streamingKeys_areKnownToMergeAndUnknownKeys() {
    Map<String, String> merged = InsightflowProperties.merge(Map.of("insightflow.stream.name", "orders"));

    assertThat(merged).containsEntry("insightflow.consume.pollInterval", "1s")
        .containsEntry("insightflow.kinesis.region", "us-east-1").containsEntry("insightflow.stream.name", "orders");
    assertThatThrownBy(() -> InsightflowProperties.registry().requireKnown(Map.of("insightflow.publish.count", "1",
        "insightflow.consume.idleTimeout", "1s", "insightflow.consume.idleTimeOut", "1s"), "-D"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith("insightflow.consume.idleTimeOut: Unknown key in -D; did you mean insightflow.consume.idleTimeout?");
    assertThat(InsightflowProperties.KINESIS_ENDPOINT.envName()).isEqualTo("INSIGHTFLOW_KINESIS_ENDPOINT");
  }

  @ParameterizedTest
  @CsvSource({
      "250ms, PT0.25S",
      "30s, PT30S",
      " 5m , PT5M",
      "1h, PT1H",
      "PT1M, PT1M",
      "pt2s, PT2S",
  })
  void parseDuration_unitsAndIso_parse(String text, String expected) {
    assertThat(ConfigType.parseDuration("k", text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s", "5", "5d", "five s", "P"})
  void parseDuration_garbage_failsNamingTheKey(String text) {
    assertThatThrownBy(() -> ConfigType.parseDuration("insightflow.consume.flushInterval", text))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.consume.flushInterval").hasMessageContaining("not a duration");
  }

  @Test
  void value_absentOrBlank_fallsBackToTheDefault() {
    assertThat(InsightflowProperties.PUBLISH_COUNT.value(Map.of())).isEqualTo(1000L);
    assertThat(InsightflowProperties.PUBLISH_COUNT.value(Map.of("insightflow.publish.count", " "))).isEqualTo(1000L);
    assertThat(InsightflowProperties.PUBLISH_COUNT.value(Map.of("insightflow.publish.count", "1_000_000")))
        .isEqualTo(1_000_000L);
    assertThat(InsightflowProperties.CONSUME_IDLE_TIMEOUT.value(Map.of())).isNull();
  }

  @Test
  void longValue_notANumber_failsNamingTheKey() {
    assertThatThrownBy(() -> InsightflowProperties.CONSUME_MAX_RECORDS.value(Map.of("insightflow.consume.maxRecords",
        "many"))).isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.consume.maxRecords").hasMessageContaining("many");
  }

  @Test
  void masked_hidesSecretsOnly() {
    Map<String, String> masked = InsightflowProperties.registry().masked(Map.of("insightflow.target.password", "p",
        "insightflow.stream.name", "orders"));

    assertThat(masked).containsEntry("insightflow.target.password", "****")
        .containsEntry("insightflow.stream.name", "orders");
    assertThat(List.copyOf(masked.keySet())).hasSize(2);
  }

  @ParameterizedTest
  @CsvSource({
      "insightflow.ingest.batchsize, insightflow.ingest.batchSize",
      "insightflow.sync.thread, insightflow.sync.threads",
      "insightflow.target.urll, insightflow.target.url",
      "insightflow.lak, insightflow.lake",
  })
  void requireKnown_typo_failsNamingTheNearestRegisteredKey(String typo, String nearest) {
    assertThatThrownBy(() -> InsightflowProperties.registry().requireKnown(Map.of(typo, "x"), "the configuration file a.properties"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining(typo).hasMessageContaining("the configuration file a.properties")
        .hasMessageContaining("did you mean " + nearest + "?")
        .extracting(e -> ((InsightflowConfigException) e).key()).isEqualTo(typo);
  }

  @Test
  void requireKnown_everyRegisteredKeyAndOtherNames_pass() {
    Map<String, String> all = new java.util.HashMap<>();
    InsightflowProperties.all().forEach(k -> all.put(k.name(), "x"));
    all.put("insightflow.version", "1.0"); // the usual pom property of the plugin's version
    all.put("maven.repo.local", "x");

    InsightflowProperties.registry().requireKnown(all, "-D");
  }

  @Test
  void unknownEnvironment_listsOnlyUnknownInsightflowVariables_withTheNearest() {
    assertThat(InsightflowProperties.registry().unknownEnvironment(Map.of("INSIGHTFLOW_SYNC_THRAEDS", "2",
        "INSIGHTFLOW_SYNC_THREADS", "2", "PATH", "/bin")))
        .containsExactly("INSIGHTFLOW_SYNC_THRAEDS (did you mean INSIGHTFLOW_SYNC_THREADS?)");
  }

  @ParameterizedTest
  @CsvSource({"true, true", "TRUE, true", " True , true", "false, false", "False, false"})
  void booleanValue_trueOrFalseInAnyCase_parses(String text, boolean expected) {
    assertThat(InsightflowProperties.SYNC_RELOAD.value(Map.of("insightflow.sync.reload", text))).isEqualTo(expected);
  }

  @Test
  void booleanValue_absentOrBlank_isTheDefault() {
    assertThat(InsightflowProperties.KINESIS_CBOR_ENABLED.value(Map.of())).isTrue();
    assertThat(InsightflowProperties.SKIP.value(Map.of("insightflow.skip", " "))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "no", "1", "0", "on", "maybe", "tru", "true!"})
  void booleanValue_anythingElse_failsNamingTheKeyAndTheAcceptedValues(String text) {
    assertThatThrownBy(() -> InsightflowProperties.SKIP.value(Map.of("insightflow.skip", text)))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessage("insightflow.skip: '" + text + "' is not a boolean; use true or false");
  }

  @Test
  void unknownEnvironment_controlCharactersInTheName_areEscaped() {
    List<String> unknown = InsightflowProperties.registry().unknownEnvironment(Map.of("INSIGHTFLOW_SKIP\n[INFO] forged", "1"));

    assertThat(unknown).hasSize(1);
    assertThat(unknown.get(0)).startsWith("INSIGHTFLOW_SKIP\\n[INFO] forged (did you mean INSIGHTFLOW_").doesNotContain("\n");
  }
}
