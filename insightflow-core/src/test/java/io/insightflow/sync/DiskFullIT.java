package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_ON_ERROR;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.insightflow.api.InsightflowException;
import io.insightflow.ingest.BatchIngest;
import io.insightflow.ingest.IngestOptions;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.layout.RunManifest;
import io.insightflow.testing.PostgresTestDatabase;
import io.insightflow.testing.RowFingerprint;
import io.insightflow.testing.SmallFileSystem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * [#8] A local lake on a real file system that fills up (a 2 MiB tmpfs, or a loop-mounted ext4 image
 * where tmpfs cannot be mounted): ingest and sync fail naming what they could not write, leave no
 * manifest and no staging file behind, and complete exactly once there is room again.
 */
class DiskFullIT {

  static final int ROWS = 300_000;
  static final String TRIGGER = "2024-05-07T09:30:00Z";
  static final String FOLDER = "data/batch/orders/year=2024/month=05/day=07/hhmm=0930";

  @TempDir Path dir;
  SmallFileSystem fs;
  PostgresTestDatabase pg;

  @BeforeEach
  void mount() throws Exception {
    fs = SmallFileSystem.mount(dir, 2);
    assumeTrue(fs != null, "needs root to mount a tmpfs or a loop device");
    pg = PostgresTestDatabase.reserve();
  }

  @AfterEach
  void unmount() throws Exception {
    if (fs != null) {
      fs.close();
      pg.execute("DROP SCHEMA IF EXISTS " + warehouseSchema() + " CASCADE");
      pg.close();
    }
  }

  /** The DuckDB warehouse exports natively (COPY TO the staging file), PostgreSQL through the driver. */
  @ParameterizedTest
  @ValueSource(strings = {"duckdb", "postgresql"})
  void ingest_lakeFillsUp_failsLeavingNothingAndCompletesOnceThereIsRoom(String warehouse) throws Exception {
    String url = warehouse(warehouse);
    Path lakeDir = fs.root().resolve("lake");
    Map<String, String> settings = Map.of("insightflow.source.url", url, "insightflow.source.user", pg.user(),
        "insightflow.tables", table(warehouse), "insightflow.ingest.batchSize", "50000",
        "insightflow.ingest.triggerTime", TRIGGER);

    try (LocalObjectStore lake = new LocalObjectStore(lakeDir)) {
      assertThatThrownBy(() -> new BatchIngest(lake).run(IngestOptions.fromProperties(settings)))
          .isInstanceOf(InsightflowException.class)
          .hasMessageContaining("No space left on device")
          .hasMessageContaining("orders");
      // Parts published before the disk filled may stay (no manifest lists them, so sync never loads
      // them; the rerun replaces them), but no staging file and no manifest.
      assertThat(SmallFileSystem.files(lakeDir)).as("left on %s", fs)
          .noneMatch(f -> f.startsWith("_staging/") || f.endsWith(RunManifest.FILE_NAME))
          .allMatch(f -> f.startsWith(FOLDER + "/orders_part"));

      fs.resize(64);
      new BatchIngest(lake).run(IngestOptions.fromProperties(settings));
      SyncResult synced = new LakeSync(pg.targetOptions()).sync(lake, SyncOptions.builder().set(SYNC_THREADS, 2)
          .build());

      assertThat(SmallFileSystem.files(lakeDir)).hasSize(7).contains(RunManifest.keyIn(FOLDER))
          .noneMatch(f -> f.startsWith("_staging"));
      assertThat(synced.failures()).isEmpty();
      assertThat(synced.rowsLoaded()).isEqualTo(ROWS);
      assertThat(md5InPostgres()).isEqualTo(md5In(url, table(warehouse)));
    }
  }

  @Test
  void sync_rejectsCannotBeWritten_objectFailsWithNothingCommittedAndLoadsOnceThereIsRoom() throws Exception {
    Path lakeDir = fs.root().resolve("lake");
    try (LocalObjectStore lake = new LocalObjectStore(lakeDir)) {
      TestLake test = new TestLake(lake);
      String key = test.run("orders", LakeSyncFixture.T1, TestLake.idName(),
          TestLake.idNameRows(1, 1000).replace("\n500,name-500\n", "\nx500,name-500\n")).get(0);
      Path filler = fill(fs.root());
      LakeSync sync = new LakeSync(pg.targetOptions());

      SyncResult full = sync.sync(lake, SyncOptions.builder().set(SYNC_ON_ERROR, "reject").build());

      assertThat(full.failures()).singleElement().satisfies(f -> assertThat(f.message()).contains(key)
          .contains("No space left on device"));
      assertThat(pg.scalar("select count(*) from \"" + pg.schema() + "\".orders")).isZero();
      assertThat(SmallFileSystem.files(lakeDir.resolve("_staging"))).isEmpty();

      Files.delete(filler);
      SyncResult roomy = sync.sync(lake, SyncOptions.builder().set(SYNC_ON_ERROR, "reject").build());

      assertThat(roomy.failures()).isEmpty();
      assertThat(roomy.rowsLoaded()).isEqualTo(999);
      assertThat(roomy.rowsRejected()).isEqualTo(1);
      assertThat(pg.scalar("select sum(id) from \"" + pg.schema() + "\".orders")).isEqualTo(1000L * 1001 / 2 - 500);
      assertThat(Files.readString(lakeDir.resolve("rejects/orders/" + key + ".csv"))).contains("\n501,");
    }
  }

  private String warehouse(String kind) throws Exception {
    if (kind.equals("duckdb")) {
      String url = "jdbc:duckdb:" + dir.resolve("w.duckdb");
      try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE orders AS SELECT range + 1 AS id, 'name-' || (range + 1) AS name,"
            + " (range % 97)::INTEGER AS qty FROM range(" + ROWS + ")");
      }
      return url;
    }
    pg.execute("CREATE SCHEMA " + warehouseSchema() + "; CREATE TABLE " + warehouseSchema() + ".orders AS SELECT"
        + " i::bigint AS id, 'name-' || i AS name, (i % 97)::int AS qty FROM generate_series(1, " + ROWS + ") i");
    return pg.url();
  }

  /** The PostgreSQL warehouse's own schema, apart from the sync target's. */
  private String warehouseSchema() {
    return pg.schema() + "_wh";
  }

  private String table(String kind) {
    return kind.equals("duckdb") ? "orders" : warehouseSchema() + ".orders";
  }

  /** Fills the file system to the last byte; returns the file to delete to make room. */
  private static Path fill(Path root) throws IOException {
    Path filler = root.resolve("filler");
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
    return filler;
  }

  private List<String> md5InPostgres() throws Exception {
    try (Connection c = pg.connection()) {
      return RowFingerprint.idNameQty(c, "orders");
    }
  }

  private List<String> md5In(String url, String table) throws Exception {
    try (Connection c = url.startsWith("jdbc:duckdb:") ? DriverManager.getConnection(url) : pg.connection()) {
      return RowFingerprint.idNameQty(c, table);
    }
  }
}
