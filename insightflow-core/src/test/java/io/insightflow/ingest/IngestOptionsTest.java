package io.insightflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.InsightflowConfigException;
import io.insightflow.layout.PartNames;
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
    assertThatThrownBy(() -> PartNames.csvPart("orders", 0)).isInstanceOf(io.insightflow.InsightflowException.class);
  }
}
