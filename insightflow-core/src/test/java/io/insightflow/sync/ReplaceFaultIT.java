package io.insightflow.sync;

import io.insightflow.config.OptionsBuilder;
import static io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.testing.FaultProxy;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries of a replace ({@link WriteMode#REPLACE}) when PostgreSQL cuts its connection: terminated
 * mid-COPY, the whole run is written again; with the answer to its COMMIT lost, the ledger says it
 * went through and nothing is written twice. Either way the table ends holding exactly the new run.
 * [#21]
 */
class ReplaceFaultIT extends LakeSyncFixture {

  private String applicationName;

  @BeforeEach
  void ownApplicationName() {
    applicationName = "insightflow-replace-" + pg.schema();
    String url = pg.targetOptions().url();
    PostgresConnectionOptions target = pg.targetOptions();
    sync = new LakeSync(new PostgresConnectionOptions(url + (url.contains("?") ? "&" : "?") + "ApplicationName="
        + applicationName, target.user(), target.password(), target.sslMode(), target.schema()));
  }

  private OptionsBuilder<SyncOptions> replace() {
    return SyncOptions.builder().set(SYNC_WRITE_MODE, "replace").set(SYNC_THREADS, 2);
  }

  /** Run 1 (ids 1..100) synced; run 2 of three parts of {@code perPart} rows, ids 1..3*perPart, written. */
  private long secondRunOver(int perPart) {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 100));
    sync.sync(store, replace().build());
    lake.run("orders", T1.plus(Duration.ofHours(1)), TestLake.idName(), TestLake.idNameRows(1, perPart),
        TestLake.idNameRows(perPart + 1L, perPart), TestLake.idNameRows(2L * perPart + 1, perPart));
    return 3L * perPart;
  }

  @Test
  void replace_backendsTerminatedMidCopy_isRetriedWholeAndHoldsTheRunOnce() throws Exception {
    long n = secondRunOver(200_000);
    AtomicInteger kills = new AtomicInteger();

    SyncResult result = whileKilling(2, "application_name = '" + applicationName + "' and query like 'COPY%'"
        + " and state = 'active'", kills, () -> sync.sync(store, replace().build()));

    assertThat(kills.get()).as("COPYs terminated").isPositive();
    assertThat(result.failures()).isEmpty();
    assertThat(result.objectsLoaded()).isEqualTo(3);
    assertExactly(n);
    assertThat(pg.scalar("select count(*) from " + t(SyncCatalog.LOADED) + " where state = 'loaded'")).isEqualTo(3);
    assertThat(pg.scalar("select count(*) from " + t(SyncCatalog.LOADED) + " where state = 'superseded'")).isEqualTo(1);
  }

  @Test
  void replace_answerToCommitLost_retryFindsTheLedgerAndReplacesOnce() throws Exception {
    long n = secondRunOver(1_000);
    URI server = URI.create(pg.url().substring("jdbc:".length()));
    try (FaultProxy proxy = FaultProxy.start(server, 0, 1 << 20, 1 << 21, 1, EnumSet.of(FaultProxy.Fault.RESET), 0)) {
      proxy.cutReplyAfter("INSERT INTO", "COMMIT", 1);
      PostgresConnectionOptions target = pg.targetOptions();
      PostgresConnectionOptions viaProxy = new PostgresConnectionOptions("jdbc:postgresql://127.0.0.1:"
          + proxy.endpoint().getPort() + server.getPath() + "?prepareThreshold=0", target.user(), target.password(),
          "disable", target.schema());

      SyncResult result = new LakeSync(viaProxy).sync(store, replace().set(SYNC_THREADS, 1).build());

      assertThat(proxy.cutReplies()).isEqualTo(1);
      assertThat(result.failures()).isEmpty();
      assertThat(result.objectsLoaded()).isEqualTo(3);
      assertThat(result.rowsLoaded()).isEqualTo(n);
    }
    assertExactly(n);
  }

  private SyncResult whileKilling(int times, String which, AtomicInteger kills, Supplier<SyncResult> sync)
      throws Exception {
    CompletableFuture<SyncResult> running = CompletableFuture.supplyAsync(sync);
    while (!running.isDone() && kills.get() < times) {
      long killed = pg.scalar("select count(pg_terminate_backend(pid)) from pg_stat_activity where " + which);
      kills.addAndGet((int) killed);
      Thread.sleep(killed > 0 ? 300 : 5);
    }
    return running.get(3, TimeUnit.MINUTES);
  }

  private void assertExactly(long n) {
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(n);
    assertThat(pg.scalar("select count(distinct id) from " + t("orders"))).isEqualTo(n);
    assertThat(pg.scalar("select sum(id) from " + t("orders"))).isEqualTo(n * (n + 1) / 2);
  }
}
