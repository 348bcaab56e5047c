package io.insightflow.ingest;

import static io.insightflow.config.InsightflowProperties.INGEST_TRIGGER_TIME;
import static io.insightflow.config.InsightflowProperties.SOURCE_URL;
import static io.insightflow.config.InsightflowProperties.TABLES;

import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.internal.layout.PartNames;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestOptionsTest {

  @Test
  void fromProperties_allKeys_mapOntoOptions() {
    IngestOptions options = IngestOptions.fromProperties(Map.of(
        "insightflow.source.url", "jdbc:duckdb:w.duckdb",
        "insightflow.tables", "orders, sales.products",
        "insightflow.ingest.batchSize", "500_000",
        "insightflow.ingest.triggerTime", "2024-05-07T09:30:00Z"));

    assertThat(options.tables()).extracting(Object::toString).containsExactly("orders", "sales.products");
    assertThat(options.batchSize()).isEqualTo(500_000);
    assertThat(options.triggerTime()).isEqualTo(Instant.parse("2024-05-07T09:30:00Z"));
  }

  @Test
  void fromProperties_badValues_nameTheKey() {
    assertThatThrownBy(() -> IngestOptions.fromProperties(Map.of("insightflow.tables", "orders",
        "insightflow.ingest.batchSize", "lots")))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.ingest.batchSize:");
    assertThatThrownBy(() -> IngestOptions.fromProperties(Map.of("insightflow.tables", "orders",
        "insightflow.ingest.batchSize", "0")))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.ingest.batchSize:");
    assertThatThrownBy(() -> IngestOptions.fromProperties(Map.of("insightflow.tables", "orders",
        "insightflow.ingest.triggerTime", "yesterday")))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.ingest.triggerTime:");
    assertThatThrownBy(() -> IngestOptions.fromProperties(Map.of()))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.tables:");
    assertThatThrownBy(() -> IngestOptions.fromProperties(Map.of("insightflow.tables", "orders",
        "insightflow.ingest.template", "data/{table}/static")))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.ingest.template:");
    assertThatThrownBy(() -> IngestOptions.fromProperties(Map.of("insightflow.tables", "orders",
        "insightflow.source.url", "postgres://h/db")))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.source.url:");
  }

  @Test
  void csvPart_index_isZeroPaddedAndDeterministic() {
    assertThat(PartNames.csvPart("orders", 7)).isEqualTo("orders_part00007.csv");
    assertThat(PartNames.csvPart("orders", 12345)).isEqualTo("orders_part12345.csv");
    assertThatThrownBy(() -> PartNames.csvPart("orders", 0)).isInstanceOf(io.insightflow.api.InsightflowException.class);
  }

  // [#19] Trigger times every part of the pipeline can represent, or a config error before anything is written.

  @ParameterizedTest
  @ValueSource(strings = {"-0001-05-07T09:30:00Z", "0000-05-07T09:30:00Z", "+10000-05-07T09:30:00Z",
      "+99999-05-07T09:30:00Z", "9999-12-31T23:59:59.5Z"})
  void triggerTime_outsideThePartitionTimes_failsNamingTheKey(String time) {
    assertThatThrownBy(() -> IngestOptions.fromProperties(Map.of("insightflow.tables", "orders",
        "insightflow.ingest.triggerTime", time)))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.ingest.triggerTime:")
        .hasMessageContaining("0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
    assertThatThrownBy(() -> IngestOptions.builder().set(SOURCE_URL, "jdbc:duckdb:w.duckdb")
        .set(TABLES, List.of("orders"))
        .set(INGEST_TRIGGER_TIME, time).build())
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.ingest.triggerTime:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"})
  void triggerTime_atTheEndsOfTheRange_isAccepted(String time) {
    IngestOptions options = IngestOptions.fromProperties(Map.of("insightflow.tables", "orders",
        "insightflow.ingest.triggerTime", time));

    assertThat(options.triggerTime()).isEqualTo(Instant.parse(time));
    assertThat(options.template().render("orders", options.triggerTime())).contains("/year=" + time.substring(0, 4) + "/");
  }

  @Test
  void triggerTimeOrNow_clockOutsideTheRange_failsNamingTheKey() {
    IngestOptions options = IngestOptions.builder().set(SOURCE_URL, "jdbc:duckdb:w.duckdb")
        .set(TABLES, List.of("orders")).build()
        .withClock(java.time.Clock.fixed(Instant.parse("+10000-01-01T00:00:00Z"), java.time.ZoneOffset.UTC));

    assertThatThrownBy(options::triggerTimeOrNow)
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.ingest.triggerTime:");
  }
}
