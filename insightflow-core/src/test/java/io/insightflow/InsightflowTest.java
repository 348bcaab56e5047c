package io.insightflow;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InsightflowTest {

  private final Insightflow flow = Insightflow.configure().baseDirectory(Path.of("/work/project")).build();

  @ParameterizedTest
  @CsvSource({
      "jdbc:duckdb:warehouse.duckdb, jdbc:duckdb:/work/project/warehouse.duckdb",
      "jdbc:duckdb:target/w.duckdb?access_mode=READ_ONLY, jdbc:duckdb:/work/project/target/w.duckdb?access_mode=READ_ONLY",
      "jdbc:duckdb:/abs/w.duckdb, jdbc:duckdb:/abs/w.duckdb",
      "jdbc:duckdb:, jdbc:duckdb:",
      "jdbc:duckdb::memory:, jdbc:duckdb::memory:",
      "jdbc:duckdb:md:my_db, jdbc:duckdb:md:my_db",
      "jdbc:postgresql://h:5432/db, jdbc:postgresql://h:5432/db",
  })
  void resolveJdbcUrl_relativeDuckDbFile_resolvesAgainstBaseDirectory(String url, String expected) {
    assertThat(flow.resolveJdbcUrl(url)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
      "lake, /work/project/lake",
      "target/lake, /work/project/target/lake",
      "/var/lake, /var/lake",
      "file:///var/lake, file:///var/lake",
      "s3://bucket/raw, s3://bucket/raw",
  })
  void lakeLocation_relativeDirectory_resolvesAgainstBaseDirectory(String lake, String expected) {
    Insightflow built = flow.toBuilder().property("insightflow.lake", lake).build();

    assertThat(built.lakeLocation()).isEqualTo(expected);
  }

  @Test
  void build_laterLayers_overrideEarlierOnes_andNullsDoNotHide() {
    Map<String, String> pom = new java.util.HashMap<>();
    pom.put("insightflow.lake", null);
    pom.put("insightflow.tables", "b");
    Insightflow built = Insightflow.configure()
        .properties(Map.of("insightflow.lake", "file-lake", "insightflow.tables", "a"))
        .properties(pom)
        .property("insightflow.sync.threads", "3")
        .build();

    assertThat(built.get(InsightflowProperties.LAKE)).isEqualTo("file-lake");
    assertThat(built.get(InsightflowProperties.TABLES)).isEqualTo("b");
    assertThat(built.get(InsightflowProperties.SYNC_THREADS)).isEqualTo("3");
    assertThat(built.get(InsightflowProperties.SYNC_MODE)).isEqualTo("incremental");
  }

  @Test
  void toString_withPasswords_masksThem() {
    Insightflow built = Insightflow.configure().property("insightflow.target.password", "hunter2").build();

    assertThat(built.toString()).doesNotContain("hunter2").contains("insightflow.target.password=****");
  }

  @Test
  void build_mistypedKey_failsNamingTheNearestKey() {
    assertThatThrownBy(() -> Insightflow.configure().property("insightflow.sync.treads", "2").build())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith("insightflow.sync.treads: Unknown key in the settings; did you mean insightflow.sync.threads?");
  }

  @Test
  void toString_passwordsInsideUrls_areMaskedInBothForms() {
    Insightflow built = Insightflow.configure()
        .property("insightflow.target.url", "jdbc:postgresql://u:hunter2@db:5432/app")
        .property("insightflow.source.url", "jdbc:postgresql://db/wh?user=u&password=hunter3").build();

    assertThat(built.toString()).doesNotContain("hunter2", "hunter3")
        .contains("jdbc:postgresql://u:****@db:5432/app", "password=****");
    assertThat(InsightflowProperties.registry().masked(built.settings()).toString()).doesNotContain("hunter2", "hunter3");
  }

  @Test
  void generate_badScale_failsNamingTheKey() {
    Insightflow built = Insightflow.configure().property("insightflow.generate.scale", "lots").build();

    assertThatThrownBy(built::generate).isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.generate.scale").hasMessageContaining("lots");
  }

  @ParameterizedTest
  @CsvSource({
      "insightflow.publish.count, -1, must be >= 0",
      "insightflow.publish.from, x, not a whole number",
      "insightflow.publish.rate, fast, not a number",
      "insightflow.kinesis.endpoint, localhost:4568, needs a scheme and host",
  })
  void publish_badSetting_failsNamingTheKeyBeforeConnecting(String key, String value, String message) {
    Insightflow built = Insightflow.configure().property("insightflow.stream.name", "orders")
        .property(key, value).build();

    assertThatThrownBy(built::publish).isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining(key).hasMessageContaining(message);
  }

  @Test
  void publish_noStreamName_failsNamingTheKey() {
    assertThatThrownBy(flow::publish).isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.stream.name");
  }

  @Test
  void consume_badDuration_failsNamingTheKeyBeforeOpeningTheLake(@TempDir Path dir) {
    Insightflow built = Insightflow.configure().property("insightflow.stream.name", "orders")
        .property("insightflow.lake", dir.resolve("lake").toString())
        .property("insightflow.consume.idleTimeout", "soon").build();

    assertThatThrownBy(built::consume).isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.consume.idleTimeout").hasMessageContaining("soon");
    assertThat(dir.resolve("lake")).doesNotExist();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"", " ", "\t"})
  void lakeLocation_emptyOrBlank_failsNamingTheKey(String lake) {
    // [#19] It used to resolve to the base directory and report success.
    Insightflow built = flow.toBuilder().property("insightflow.lake", lake).build();

    assertThatThrownBy(built::lakeLocation).isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith("insightflow.lake: is empty");
    assertThatThrownBy(built::openLake).isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith("insightflow.lake:");
  }
}
