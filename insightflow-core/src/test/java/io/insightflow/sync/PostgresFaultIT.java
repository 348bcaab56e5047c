package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_RETRY_TIMEOUT;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.testing.FaultProxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * [#8] PostgreSQL going away during a sync: terminated backends, a COMMIT cut off before or after it
 * took effect, and a real server restart. The sync retries for {@link SyncOptions#retryTimeout()} and
 * never loads an object twice: the COPY and its ledger record commit together, and a retry reads the
 * ledger first. Each case ends with exact rows: count, distinct ids, sum of ids and of name hashes.
 */
class PostgresFaultIT extends LakeSyncFixture {

  /** This test's own connections: other sessions on the same server must never be terminated. */
  private String applicationName;
  private String copying;

  @BeforeEach
  void ownApplicationName() {
    applicationName = "insightflow-sync-" + pg.schema();
    String url = pg.targetOptions().url();
    PostgresConnectionOptions target = pg.targetOptions();
    sync = new LakeSync(new PostgresConnectionOptions(url + (url.contains("?") ? "&" : "?") + "ApplicationName="
        + applicationName, target.user(), target.password(), target.sslMode(), target.schema()));
    copying = "application_name = '" + applicationName + "' and query like 'COPY%' and state = 'active'";
  }

  /** Three runs of {@code perObject} rows each, ids 1..3*perObject. */
  private long threeRuns(int perObject) {
    for (int run = 0; run < 3; run++) {
      lake.run("orders", T1.plus(Duration.ofHours(run)), TestLake.idName(),
          TestLake.idNameRows((long) run * perObject + 1, perObject));
    }
    return 3L * perObject;
  }

  @Test
  void sync_backendsTerminatedMidCopy_areRetriedAndLoadEveryRowOnce() throws Exception {
    long n = threeRuns(300_000);
    AtomicInteger kills = new AtomicInteger();

    SyncResult result = whileKilling(3, copying, kills, () -> sync.sync(store, SyncOptions.builder()
        .set(SYNC_THREADS, 2).build()));

    assertThat(kills.get()).as("COPYs terminated").isPositive();
    assertThat(result.failures()).isEmpty();
    assertThat(result.objectsLoaded()).isEqualTo(3);
    assertThat(result.rowsLoaded()).isEqualTo(n);
    assertExactly(n);
    assertThat(pg.scalar("select count(*) from " + t("_insightflow_loaded"))).isEqualTo(3);
  }

  @Test
  void sync_backendTerminatedWithRetriesOff_failsTheObjectAndRerunCompletes() throws Exception {
    long n = threeRuns(300_000);
    AtomicInteger kills = new AtomicInteger();

    SyncResult interrupted = whileKilling(1, copying, kills,
        () -> sync.sync(store, SyncOptions.builder().set(SYNC_THREADS, 1).set(SYNC_RETRY_TIMEOUT, Duration.ZERO)
            .build()));
    SyncResult rerun = sync.sync(store, SyncOptions.builder().set(SYNC_THREADS, 2).build());

    assertThat(kills.get()).isEqualTo(1);
    assertThat(interrupted.failures()).singleElement().satisfies(f -> assertThat(f.message()).contains(f.key())
        .containsAnyOf("terminating connection", "I/O error", "connection failed"));
    assertThat(rerun.successful()).isTrue();
    assertThat(interrupted.objectsLoaded() + rerun.objectsLoaded()).isEqualTo(3);
    assertExactly(n);
  }

  /** A deferred trigger makes COMMIT slow enough to be terminated while it runs: the commit does not happen. */
  @Test
  void sync_backendTerminatedDuringCommit_isRetriedAndLoadsOnce() throws Exception {
    long n = threeRuns(1_000);
    pg.execute("CREATE SCHEMA " + pg.schema() + "; CREATE TABLE " + t("orders") + " (id bigint, name text);"
        + " CREATE FUNCTION " + pg.schema() + ".slow() RETURNS trigger LANGUAGE plpgsql AS"
        + " $$ BEGIN PERFORM pg_sleep(0.5); RETURN NULL; END $$;"
        + " CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON " + t("orders")
        + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.id % 1000 = 1) EXECUTE FUNCTION " + pg.schema() + ".slow()");
    AtomicInteger kills = new AtomicInteger();

    SyncResult result = whileKilling(1, "application_name = '" + applicationName + "' and query = 'COMMIT' and state = 'active'",
        kills, () -> sync.sync(store, SyncOptions.builder().set(SYNC_THREADS, 1).build()));

    assertThat(kills.get()).isEqualTo(1);
    assertThat(result.failures()).isEmpty();
    assertThat(result.objectsLoaded()).isEqualTo(3);
    assertExactly(n);
  }

  /**
   * A proxy in front of PostgreSQL lets the first COMMIT through and then resets the connection
   * instead of passing on the answer: the commit took effect, the sync cannot know. The retry reads
   * the ledger, counts the object as loaded and loads nothing again.
   */
  @Test
  void sync_answerToCommitLost_retryFindsTheLedgerAndLoadsNothingTwice() throws Exception {
    long n = threeRuns(1_000);
    URI server = URI.create(pg.url().substring("jdbc:".length()));
    try (FaultProxy proxy = FaultProxy.start(server, 0, 1 << 20, 1 << 21, 1, EnumSet.of(FaultProxy.Fault.RESET), 0)) {
      proxy.cutReplyAfter("INSERT INTO", "COMMIT", 1);
      // Unencrypted, and every statement sent as text (no server-prepared COMMIT), so the proxy can see it.
      PostgresConnectionOptions target = pg.targetOptions();
      PostgresConnectionOptions viaProxy = new PostgresConnectionOptions("jdbc:postgresql://127.0.0.1:"
          + proxy.endpoint().getPort() + server.getPath() + "?prepareThreshold=0", target.user(), target.password(),
          "disable", target.schema());

      SyncResult result = new LakeSync(viaProxy).sync(store, SyncOptions.builder().set(SYNC_THREADS, 1).build());

      assertThat(proxy.cutReplies()).isEqualTo(1);
      assertThat(result.failures()).isEmpty();
      assertThat(result.objectsLoaded()).isEqualTo(3);
      assertThat(result.rowsLoaded()).isEqualTo(n);
    }
    assertExactly(n);
  }

  /**
   * A real restart of the shared server in the middle of a sync ({@code pg_ctlcluster … restart -m
   * fast}): the workers retry until it accepts connections again. Skipped when the test database is
   * not the local cluster. The server is running again when the test ends, whatever happened.
   */
  @Test
  void sync_serverRestartedMidSync_waitsForItAndLoadsEveryRowOnce() throws Exception {
    String cluster = localCluster();
    assumeTrue(cluster != null, "needs the local PostgreSQL cluster (pg_ctlcluster) at 127.0.0.1:5432");
    long n = threeRuns(300_000);
    long startedBefore = pg.scalar("select extract(epoch from pg_postmaster_start_time())::bigint");
    try {
      CompletableFuture<SyncResult> running = CompletableFuture.supplyAsync(
          () -> sync.sync(store, SyncOptions.builder().set(SYNC_THREADS, 2).build()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!running.isDone() && pg.scalar("select count(*) from pg_stat_activity where " + copying) == 0) {
        assertThat(System.nanoTime()).as("a COPY started").isLessThan(deadline);
        Thread.sleep(5);
      }
      assertThat(running).as("the sync was still copying").isNotDone();
      run("pg_ctlcluster", "--skip-systemctl-redirect", cluster.split(" ")[0], cluster.split(" ")[1], "restart",
          "-m", "fast");
      awaitReady();
      SyncResult result = running.get(3, TimeUnit.MINUTES);

      assertThat(pg.scalar("select extract(epoch from pg_postmaster_start_time())::bigint")).isGreaterThan(startedBefore);
      assertThat(result.failures()).isEmpty();
      assertThat(result.objectsLoaded()).isEqualTo(3);
      assertExactly(n);
    } finally {
      ensureRunning(cluster);
    }
  }

  private SyncResult whileKilling(int times, String which, AtomicInteger kills,
      java.util.function.Supplier<SyncResult> sync) throws Exception {
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
    assertThat(pg.scalar("select sum(hashtext(name)::bigint) from " + t("orders")))
        .isEqualTo(pg.scalar("select sum(hashtext('name-' || i)::bigint) from generate_series(1, " + n + ") i"));
  }

  /** {@code "15 main"} when the tests use the local cluster that pg_ctlcluster manages, else null. */
  private String localCluster() throws Exception {
    if (!pg.url().startsWith("jdbc:postgresql://127.0.0.1:5432/") || !Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster"))) {
      return null;
    }
    String version = pg.text("select current_setting('server_version_num')").substring(0, 2);
    String dataDir = pg.text("select current_setting('data_directory')");
    return Files.isDirectory(Path.of("/etc/postgresql", version, "main")) && dataDir.endsWith(version + "/main")
        ? version + " main" : null;
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (run("pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432") != 0) {
      assertThat(System.nanoTime()).as("PostgreSQL is back within 60 s").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private void ensureRunning(String cluster) throws Exception {
    if (run("pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432") != 0) {
      run("pg_ctlcluster", "--skip-systemctl-redirect", cluster.split(" ")[0], cluster.split(" ")[1], "start");
      awaitReady();
    }
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return p.exitValue();
  }
}
