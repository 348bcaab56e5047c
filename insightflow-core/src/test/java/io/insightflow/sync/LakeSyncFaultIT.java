package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_ON_ERROR;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.api.InsightflowException;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Server-side rejects and a second worker process (damaged objects: {@link MalformedObjectIT}; PostgreSQL going away: {@link PostgresFaultIT}). */
class LakeSyncFaultIT extends LakeSyncFixture {


  @Test
  void sync_rejectMode_serverOnlyErrorsJoinRejects() throws Exception {
    lake.run("events", T1, TestLake.columns("id bigint", "day date"),
        "id,day\n1,2024-01-01\n2,2024-02-30\n3,2024-03-01\n4,notadate\n");

    SyncResult result = sync.sync(store, SyncOptions.builder().set(SYNC_THREADS, 1)
        .set(SYNC_ON_ERROR, "reject").build());

    assertThat(result.rowsLoaded()).isEqualTo(2);
    assertThat(result.rowsRejected()).isEqualTo(2);
    assertThat(pg.scalar("select sum(id) from " + t("events"))).isEqualTo(4);
  }

  @Test
  void sync_secondJvmProcessAndThisOne_loadEveryRowExactlyOnce() throws Exception {
    for (int run = 0; run < 8; run++) {
      String[] parts = new String[3];
      for (int p = 0; p < 3; p++) {
        parts[p] = TestLake.idNameRows(run * 60_000L + p * 20_000L + 1, 20_000);
      }
      lake.run("orders", T1.plus(Duration.ofHours(run)), TestLake.idName(), parts);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SyncWorkerMain.class.getName(), pg.url(), pg.user(), pg.schema(), dir.toString())
        .redirectErrorStream(true).redirectOutput(new File(dir.toFile(), "_worker.log")).start();

    SyncResult here = sync.sync(store, SyncOptions.builder().set(SYNC_THREADS, 2).build());
    assertThat(other.waitFor(2, TimeUnit.MINUTES)).isTrue();

    assertThat(other.exitValue()).as("worker log: %s", read(dir.resolve("_worker.log"))).isZero();
    assertThat(here.successful()).isTrue();
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(480_000);
    assertThat(pg.scalar("select count(distinct id) from " + t("orders"))).isEqualTo(480_000);
    assertThat(pg.scalar("select count(*) from " + t("_insightflow_loaded"))).isEqualTo(24);
  }

  /**
   * The thread of a sync interrupted while its worker waits inside a load (here for the table, which
   * the test holds): the sync returns only once that object is committed, and loads nothing more,
   * neither then nor in the background beside the next sync, which finds the rest pending. [#21]
   */
  @Test
  void sync_interruptedDuringALoad_finishesThatObjectAndLeavesTheRestForTheNextSync() throws Exception {
    lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 10));
    sync.sync(store, SyncOptions.builder().build());
    lake.run("orders", T1.plus(Duration.ofHours(1)), TestLake.idName(), TestLake.idNameRows(11, 10),
        TestLake.idNameRows(21, 10), TestLake.idNameRows(31, 10));
    String application = "insightflow-interrupted-" + pg.schema();
    PostgresConnectionOptions target = pg.targetOptions();
    LakeSync named = new LakeSync(new PostgresConnectionOptions(target.url() + (target.url().contains("?") ? "&" : "?")
        + "ApplicationName=" + application, target.user(), target.password(), target.sslMode(), target.schema()));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread running = new Thread(() -> {
      try {
        named.sync(store, SyncOptions.builder().set(SYNC_THREADS, 1).build());
      } catch (Throwable e) {
        thrown.set(e);
      }
    });

    try (Connection holder = pg.connection(); Statement st = holder.createStatement()) {
      holder.setAutoCommit(false);
      st.execute("LOCK TABLE " + t("orders") + " IN ACCESS EXCLUSIVE MODE");
      running.start();
      while (pg.scalar("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE NOT l.granted"
          + " AND a.application_name = '" + application + "'") == 0) {
        assertThat(running.isAlive()).as("the sync waits for the table").isTrue();
        Thread.sleep(2);
      }
      running.interrupt();
      holder.rollback();
    }
    running.join();

    assertThat(thrown.get()).isInstanceOf(InsightflowException.class)
        .hasMessageContaining("interrupted");
    assertThat(pg.scalar("SELECT count(*) FROM " + t("_insightflow_loaded"))).as("run 1 and the object in hand")
        .isEqualTo(2);
    SyncResult next = sync.sync(store, SyncOptions.builder().build());
    assertThat(next.failures()).isEmpty();
    assertThat(next.objectsLoaded()).isEqualTo(2);
    assertThat(pg.scalar("SELECT count(*) FROM " + t("orders"))).isEqualTo(40);
    assertThat(pg.scalar("SELECT count(distinct id) FROM " + t("orders"))).isEqualTo(40);
  }

  private static String read(Path file) throws Exception {
    return java.nio.file.Files.readString(file);
  }
}
