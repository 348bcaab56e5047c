package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_ON_ERROR;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.connect.s3.S3ObjectStore;
import io.insightflow.testing.PostgresTestDatabase;
import io.insightflow.testing.S3ProxyServer;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sync through the S3 protocol: S3Proxy in-process, the real AWS SDK client. */
class S3LakeSyncIT {

  static final Instant T1 = Instant.parse("2024-05-07T09:30:00Z");
  static final Instant T2 = Instant.parse("2024-05-07T10:30:00Z");

  static S3ProxyServer server;
  S3ObjectStore store;
  TestLake lake;
  PostgresTestDatabase pg;
  LakeSync sync;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void setUp() {
    store = S3ObjectStore.open(server.options(), server.newBucket(), "lake");
    lake = new TestLake(store);
    pg = PostgresTestDatabase.reserve();
    sync = new LakeSync(pg.targetOptions());
  }

  @AfterEach
  void tearDown() throws Exception {
    store.close();
    pg.close();
  }

  @Test
  void sync_s3Lake_loadsOnceReplacesRewritesAndIgnoresIncompleteRuns() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 1000), TestLake.idNameRows(1001, 1000));
    lake.parts("orders", T2, TestLake.idNameRows(5000, 10));

    SyncResult first = sync.sync(store, SyncOptions.builder().set(SYNC_THREADS, 2).build());
    SyncResult rerun = sync.sync(store, SyncOptions.builder().set(SYNC_THREADS, 2).build());
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 1000), TestLake.idNameRows(1001, 5));
    SyncResult rewrite = sync.sync(store, SyncOptions.builder().set(SYNC_MODE, "full").build());

    assertThat(first.rowsLoaded()).isEqualTo(2000);
    assertThat(rerun.objectsLoaded()).isZero();
    assertThat(rewrite.objectsLoaded()).isEqualTo(1);
    assertThat(pg.scalar("select count(*) from \"" + pg.schema() + "\".orders")).isEqualTo(1005);
  }

  @Test
  void sync_s3LakeRejectMode_writesRejectsObject() throws Exception {
    String key = lake.run("orders", T1, TestLake.idName(), "id,name\n1,a\nx,b\n").get(0);

    SyncResult result = sync.sync(store, SyncOptions.builder().set(SYNC_ON_ERROR, "reject").build());

    assertThat(result.rowsLoaded()).isEqualTo(1);
    assertThat(result.rowsRejected()).isEqualTo(1);
    assertThat(store.stat("rejects/orders/" + key + ".csv")).isPresent();
  }
}
