package io.insightflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.ingest.IngestResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasurementsTest {

  static final IngestResult INGEST = new IngestResult(Instant.parse("2024-05-07T09:30:00Z"), List.of(
      new IngestResult.TableResult("orders", "data/batch/orders/_manifest.json", 3, 3000, 90_000, Duration.ofMillis(700)),
      new IngestResult.TableResult("aisles", "data/batch/aisles/_manifest.json", 1, 134, 2_000, Duration.ofMillis(100))));

  @Test
  void of_ingestResult_givesTotalsAndPerTableValues() {
    Measurements m = Measurements.of(INGEST);

    assertThat(m.total(MetricNames.ROWS_LOADED)).contains(3134L);
    assertThat(m.total(MetricNames.BYTES_LOADED)).contains(92_000L);
    assertThat(m.total(MetricNames.OBJECTS_LOADED)).contains(4L);
    assertThat(m.total(MetricNames.DURATION)).contains(800L);
    assertThat(m.table(MetricNames.ROWS_LOADED, "aisles")).contains(134L);
    assertThat(m.byTable().keySet()).containsExactly("aisles", "orders");
  }

  @Test
  void freshnessAndVerify_addPerTableSecondsAndACount() {
    Measurements m = Measurements.empty().freshness(Map.of("orders", Duration.ofMinutes(90), "aisles",
        Duration.ofMillis(1999))).verifyMismatches(2);

    assertThat(m.table(MetricNames.FRESHNESS_LAG, "orders")).contains(5400L);
    assertThat(m.table(MetricNames.FRESHNESS_LAG, "aisles")).contains(1L);
    assertThat(m.byTable().get("orders")).singleElement().extracting(Measurement::unit).isEqualTo(MetricUnit.SECONDS);
    assertThat(m.total(MetricNames.VERIFY_MISMATCHES)).contains(2L);
  }

  @Test
  void with_sameNameAndTable_replacesTheValue() {
    Measurements m = Measurements.of(INGEST).with(Measurement.total(MetricNames.DURATION, MetricUnit.MILLISECONDS, 5));

    assertThat(m.total(MetricNames.DURATION)).contains(5L);
    assertThat(m.totals()).filteredOn(v -> v.name().equals(MetricNames.DURATION)).hasSize(1);
  }

  @Test
  void summary_escapesTableNames() {
    Measurements m = Measurements.empty().freshness(Map.of("bad\nname", Duration.ofSeconds(3)));

    assertThat(m.summary()).doesNotContain("bad\nname").contains("insightflow.freshness.lag=3");
  }

  @Test
  void recordFreshness_twice_gaugeHoldsTheLastLag() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerMetrics metrics = new MicrometerMetrics(registry);

    metrics.recordFreshness(Map.of("orders", Duration.ofSeconds(600)));
    metrics.recordFreshness(Map.of("orders", Duration.ofSeconds(42)));
    metrics.recordVerifyMismatches(0);
    metrics.recordVerifyMismatches(3);

    assertThat(registry.get(MetricNames.FRESHNESS_LAG).tag("table", "orders").gauge().value()).isEqualTo(42.0);
    assertThat(registry.get(MetricNames.VERIFY_MISMATCHES).counter().count()).isEqualTo(3.0);
  }

  @Test
  void record_ingestResult_countsAddUpOverRuns() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerMetrics metrics = new MicrometerMetrics(registry);

    metrics.record(INGEST);
    metrics.record(INGEST);

    assertThat(registry.get(MetricNames.ROWS_LOADED).tag("table", "orders").counter().count()).isEqualTo(6000.0);
    assertThat(registry.get(MetricNames.BYTES_LOADED).tag("table", "aisles").counter().count()).isEqualTo(4000.0);
    assertThat(registry.get(MetricNames.DURATION).timer().count()).isEqualTo(2);
  }
}
