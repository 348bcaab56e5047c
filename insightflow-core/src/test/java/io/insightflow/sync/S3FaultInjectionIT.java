package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.S3_ENDPOINT;
import static io.insightflow.config.InsightflowProperties.S3_MAX_ATTEMPTS;
import static io.insightflow.config.InsightflowProperties.S3_SOCKET_TIMEOUT;
import static io.insightflow.config.InsightflowProperties.SYNC_ON_ERROR;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.connect.s3.S3ObjectStore;
import io.insightflow.connect.s3.S3Options;
import io.insightflow.ingest.BatchIngest;
import io.insightflow.ingest.IngestOptions;
import io.insightflow.ingest.IngestResult;
import io.insightflow.layout.RunManifest;
import io.insightflow.testing.FaultProxy;
import io.insightflow.testing.LakeObjects;
import io.insightflow.testing.PostgresTestDatabase;
import io.insightflow.testing.RowFingerprint;
import io.insightflow.testing.S3ProxyServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * [#8] Ingest and sync through a network that resets, truncates and stalls connections: a TCP fault
 * proxy between the SDK client and the in-process S3Proxy strikes at 30% of its checks (one every
 * 64-512 KiB of each direction), inside request and response bodies. Uploads are retried by the SDK, downloads resumed by the store; one row the
 * pre-created target table refuses sends its object down the rejecting path, which re-reads it
 * through the same faults. Every row ends up in PostgreSQL exactly once (count and MD5 against the
 * warehouse), or its object fails by name and stays pending.
 */
class S3FaultInjectionIT {

  static final int ROWS = 200_000;
  static final long BAD_ID = 123_457;

  static S3ProxyServer server;
  @TempDir Path dir;
  FaultProxy proxy;
  PostgresTestDatabase pg;
  String warehouse;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    warehouse = "jdbc:duckdb:" + dir.resolve("w.duckdb");
    try (Connection c = DriverManager.getConnection(warehouse); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE orders AS SELECT range + 1 AS id, 'name-' || (range + 1) AS name,"
          + " CASE WHEN range + 1 = " + BAD_ID + " THEN 'x' ELSE ((range + 1) % 97)::VARCHAR END AS qty FROM range(" + ROWS + ")");
    }
    pg = PostgresTestDatabase.reserve();
    // The user's own table: qty is an integer, which the one 'x' of the warehouse cannot be.
    pg.execute("CREATE SCHEMA " + pg.schema() + "; CREATE TABLE " + pg.schema() + ".orders (id bigint, name text, qty integer)");
    proxy = FaultProxy.start(server.endpoint(), 0.3, 64 * 1024, 512 * 1024, 20240507,
        EnumSet.allOf(FaultProxy.Fault.class), 1_500);
  }

  @AfterEach
  void tearDown() {
    proxy.close();
    pg.close();
  }

  @ParameterizedTest
  @EnumSource(OnError.class)
  void ingestAndSync_throughResetsTruncationsAndStalls_loadEveryRowExactlyOnce(OnError mode) throws Exception {
    String bucket = server.newBucket();
    S3Options viaProxy = server.options(Map.of(S3_ENDPOINT.name(), proxy.endpoint().toString(),
        S3_SOCKET_TIMEOUT.name(), "1s", S3_MAX_ATTEMPTS.name(), "10"));
    SyncResult synced;
    SyncResult again;
    IngestResult ingested;
    int ingestFaults;
    try (S3ObjectStore lake = new S3ObjectStore(viaProxy.newClient(), bucket, "lake", true)) {
      proxy.strikeNext(3); // one reset, one truncation and one stall for sure, then 30% of checks
      ingested = new BatchIngest(lake).run(IngestOptions.fromProperties(Map.of("insightflow.source.url", warehouse,
          "insightflow.tables", "orders", "insightflow.ingest.batchSize", "20000",
          "insightflow.ingest.triggerTime", "2024-05-07T09:30:00Z")));
      ingestFaults = proxy.faults();
      proxy.strikeNext(3);
      LakeSync sync = new LakeSync(pg.targetOptions());
      synced = sync.sync(lake, SyncOptions.builder().set(SYNC_THREADS, 2).set(SYNC_ON_ERROR, mode.name()).build());
      again = sync.sync(lake, SyncOptions.builder().set(SYNC_THREADS, 2).set(SYNC_ON_ERROR, mode.name()).build());
    }

    assertThat(ingestFaults).as("faults during ingest: %s", proxy).isGreaterThanOrEqualTo(3);
    assertThat(proxy.faults() - ingestFaults).as("faults during sync: %s", proxy).isGreaterThanOrEqualTo(3);
    assertThat(proxy.resets()).isPositive();
    assertThat(proxy.truncations()).isPositive();
    assertThat(proxy.stalls()).isPositive();
    assertThat(ingested.tables()).singleElement().satisfies(t -> assertThat(t.rows()).isEqualTo(ROWS));
    // What the faulty network wrote is exactly what the manifest describes, read back directly.
    S3ObjectStore direct = new S3ObjectStore(server.s3Client(), bucket, "lake", false);
    String folder = "data/batch/orders/year=2024/month=05/day=07/hhmm=0930";
    RunManifest manifest = RunManifest.fromJson("m", LakeObjects.bytes(direct, RunManifest.keyIn(folder)));
    assertThat(manifest.parts()).hasSize(10).allSatisfy(p ->
        assertThat(LakeObjects.crc32c(LakeObjects.bytes(direct, p.key()))).isEqualTo(p.crc32c()));

    if (mode == OnError.REJECT) {
      assertThat(synced.failures()).isEmpty();
      assertThat(synced.rowsLoaded()).isEqualTo(ROWS - 1);
      assertThat(synced.rowsRejected()).isEqualTo(1);
      assertThat(rowsAndMd5InPostgres()).isEqualTo(rowsAndMd5InWarehouse("id <> " + BAD_ID));
    } else {
      ObjectFailure failure = synced.failures().get(0);
      assertThat(synced.failures()).hasSize(1);
      assertThat(failure.column()).isEqualTo("qty");
      assertThat(failure.message()).contains(failure.key()).contains("line " + failure.line()).contains("column qty");
      Set<Long> failedIds = LakeObjects.csvRows(direct, failure.key()).stream().map(r -> Long.parseLong(r.get(0)))
          .collect(Collectors.toSet());
      assertThat(failedIds).contains(BAD_ID).hasSize(20_000);
      assertThat(synced.rowsLoaded()).isEqualTo(ROWS - 20_000);
      assertThat(rowsAndMd5InPostgres()).isEqualTo(rowsAndMd5InWarehouse("id NOT BETWEEN "
          + failedIds.stream().min(Long::compare).orElseThrow() + " AND " + failedIds.stream().max(Long::compare).orElseThrow()));
    }
    assertThat(again.objectsLoaded()).as("a second sync loads nothing twice").isZero();
    assertThat(again.failures()).hasSize(mode == OnError.REJECT ? 0 : 1);
  }

  private List<String> rowsAndMd5InPostgres() throws Exception {
    try (Connection c = pg.connection()) {
      return RowFingerprint.idNameQty(c, "orders");
    }
  }

  private List<String> rowsAndMd5InWarehouse(String where) throws Exception {
    try (Connection c = DriverManager.getConnection(warehouse)) {
      return RowFingerprint.idNameQty(c, "orders WHERE " + where);
    }
  }
}
