package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_ON_ERROR;
import static io.insightflow.metrics.MetricNames.BYTES_LOADED;
import static io.insightflow.metrics.MetricNames.DURATION;
import static io.insightflow.metrics.MetricNames.OBJECTS_FAILED;
import static io.insightflow.metrics.MetricNames.FRESHNESS_LAG;
import static io.insightflow.metrics.MetricNames.VERIFY_MISMATCHES;
import static io.insightflow.metrics.MetricNames.OBJECTS_LOADED;
import static io.insightflow.metrics.MetricNames.OBJECTS_REMAINING;
import static io.insightflow.metrics.MetricNames.ROWS_LOADED;
import static io.insightflow.metrics.MetricNames.ROWS_REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.metrics.Measurements;
import io.insightflow.metrics.MicrometerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * [#23] The figures of a real sync (a local lake into PostgreSQL) under the metric names: two clean
 * objects, one object with a bad row (rejected), and one object rewritten after its manifest (fails
 * its checksum). The measurements and the Micrometer meters equal the result and the lake.
 */
class SyncMetricsIT extends LakeSyncFixture {

  static final String ORDERS_1 = TestLake.idNameRows(1, 100);
  static final String ORDERS_2 = TestLake.idNameRows(101, 50);
  static final String ITEMS = "id,name\n1,a\nnot-a-number,b\n3,c\n";

  private SyncResult syncKnownLake() {
    lake.run("orders", T1, TestLake.idName(), ORDERS_1, ORDERS_2);
    lake.run("items", T1, TestLake.idName(), ITEMS);
    String broken = lake.run("broken", T1, TestLake.idName(), TestLake.idNameRows(1, 5)).get(0);
    store.put(broken, TestLake.idNameRows(1, 6).getBytes(StandardCharsets.UTF_8)); // not what the manifest vouches for
    return sync.sync(store, SyncOptions.builder().set(SYNC_MODE, "full").set(SYNC_ON_ERROR, "REJECT").build());
  }

  private static long bytes(String csv) {
    return csv.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void of_syncOfKnownLake_givesRowsBytesObjectsFailuresAndRejects() {
    SyncResult result = syncKnownLake();

    Measurements m = Measurements.of(result);

    assertThat(m.total(ROWS_LOADED)).contains(152L);
    assertThat(m.total(BYTES_LOADED)).contains(bytes(ORDERS_1) + bytes(ORDERS_2) + bytes(ITEMS));
    assertThat(m.total(OBJECTS_LOADED)).contains(3L);
    assertThat(m.total(OBJECTS_FAILED)).contains(1L);
    assertThat(m.total(OBJECTS_REMAINING)).contains(0L);
    assertThat(m.total(ROWS_REJECTED)).contains(1L);
    assertThat(m.total(DURATION)).contains(result.elapsed().toMillis());
    assertThat(m.table(ROWS_LOADED, "orders")).contains(150L);
    assertThat(m.table(BYTES_LOADED, "orders")).contains(bytes(ORDERS_1) + bytes(ORDERS_2));
    assertThat(m.table(ROWS_LOADED, "items")).contains(2L);
    assertThat(m.table(ROWS_REJECTED, "items")).contains(1L);
    assertThat(m.table(OBJECTS_FAILED, "broken")).contains(1L);
    assertThat(m.table(OBJECTS_LOADED, "broken")).contains(0L);
    assertThat(m.byTable()).containsOnlyKeys("broken", "items", "orders");
    assertThat(m.summary()).startsWith("insightflow.rows.loaded=152 insightflow.bytes.loaded=")
        .contains("\n  table orders: insightflow.rows.loaded=150 ");
  }

  /**
   * [#23] The freshness of every sync (from the ledger alone) and a verify's mismatches, failed
   * objects and freshness, against a fixed clock an hour after the partition.
   */
  @Test
  void freshnessAndVerify_ofKnownLake_giveLagsMismatchesAndFailures() {
    syncKnownLake();
    LakeSync later = new LakeSync(pg.targetOptions(), java.time.Clock.fixed(T1.plusSeconds(3600), java.time.ZoneOffset.UTC));
    SyncOptions options = SyncOptions.builder().build();

    assertThat(later.loadedLags(options)).containsOnly(java.util.Map.entry("items", java.time.Duration.ofHours(1)),
        java.util.Map.entry("orders", java.time.Duration.ofHours(1)));
    pg.execute("DELETE FROM " + t("orders") + " WHERE id <= 10"); // a divergence: rows gone by hand
    Measurements m = Measurements.of(later.verify(store, options));

    assertThat(m.total(VERIFY_MISMATCHES)).contains(1L);
    assertThat(m.total(OBJECTS_FAILED)).contains(1L);
    assertThat(m.table(FRESHNESS_LAG, "orders")).contains(3600L);
    assertThat(m.table(FRESHNESS_LAG, "items")).contains(3600L);
    assertThat(m.table(FRESHNESS_LAG, "broken")).isEmpty(); // nothing of it loaded: no lag to tell
  }

  @Test
  void record_syncOfKnownLake_metersEqualTheResult() {
    SyncResult result = syncKnownLake();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    new MicrometerMetrics(registry).record(result);

    assertThat(counter(registry, ROWS_LOADED, "orders")).contains(150.0);
    assertThat(counter(registry, ROWS_LOADED, "items")).contains(2.0);
    assertThat(registry.get(ROWS_LOADED).counters()).hasSize(3)
        .allSatisfy(c -> assertThat(c.getId().getTag("table")).isNotNull());
    assertThat(registry.get(ROWS_LOADED).counters().stream().mapToDouble(c -> c.count()).sum())
        .isEqualTo(result.rowsLoaded());
    assertThat(registry.get(BYTES_LOADED).counters().stream().mapToDouble(c -> c.count()).sum())
        .isEqualTo(result.bytesLoaded());
    assertThat(counter(registry, OBJECTS_FAILED, "broken")).contains(1.0);
    assertThat(counter(registry, ROWS_REJECTED, "items")).contains(1.0);
    assertThat(registry.get(OBJECTS_REMAINING).tag("table", "orders").gauge().value()).isZero();
    assertThat(registry.get(DURATION).timer().count()).isEqualTo(1);
    assertThat(registry.get(DURATION).timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(result.elapsed().toMillis());
  }

  private static Optional<Double> counter(SimpleMeterRegistry registry, String name, String table) {
    return Optional.ofNullable(registry.find(name).tag("table", table).counter()).map(c -> c.count());
  }
}
