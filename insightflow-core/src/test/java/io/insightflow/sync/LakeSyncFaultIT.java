package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.insightflow.testing.LakeObjects;

/** Bad data, killed workers and a second worker process. */
class LakeSyncFaultIT extends LakeSyncFixture {


  /**
   * name, bytes, manifest rows, line PostgreSQL reports (an unterminated quote is noticed at the end),
   * line of the bad record, column, rows read / loaded / rejected in reject mode. */
  static List<Arguments> malformed() {
    return List.of(
        Arguments.of("wrongColumnCount", bytes("id,name\n1,a\n2,b,extra\n3,c\n"), 3, 3, 3, null, 3, 2, 1),
        Arguments.of("nonNumericInt", bytes("id,name\n1,a\nabc,b\n3,c\n"), 3, 3, 3, "id", 3, 2, 1),
        Arguments.of("unterminatedQuote", bytes("id,name\n1,a\n2,\"b\n3,c\n"), 3, 5, 3, null, 2, 1, 1),
        Arguments.of("invalidUtf8", concat(bytes("id,name\n1,a\n2,"), new byte[] {(byte) 0xff, (byte) 0xfe},
            bytes("\n3,c\n")), 3, 3, 3, null, 3, 2, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void sync_malformedCsvFailMode_failsNamingKeyLineColumn(String name, byte[] csv, long rows, long line,
      long recordLine, String column, long read, long loaded, long rejected) throws Exception {
    lake.run("orders", T1.minus(Duration.ofHours(1)), TestLake.idName(), TestLake.idNameRows(100, 5));
    String key = lake.rawRun("orders", T1, TestLake.idName(), csv, rows);

    SyncResult result = sync.sync(store, SyncOptions.builder().threads(1).build());

    assertThat(result.successful()).isFalse();
    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(key);
      assertThat(f.line()).isEqualTo(line);
      assertThat(f.column()).isEqualTo(column);
      assertThat(f.message()).contains(key).contains("line " + line);
    });
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(5); // the good object only
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void sync_malformedCsvRejectMode_loadsGoodRowsWithExactAccounting(String name, byte[] csv, long rows,
      long line, long recordLine, String column, long read, long loaded, long rejected) throws Exception {
    String key = lake.rawRun("orders", T1, TestLake.idName(), csv, rows);

    SyncResult result = sync.sync(store, SyncOptions.builder().threads(1).onError(OnError.REJECT).build());

    assertThat(result.successful()).isTrue();
    assertThat(result.rowsLoaded()).isEqualTo(loaded);
    assertThat(result.rowsRejected()).isEqualTo(rejected);
    assertThat(result.rowsLoaded() + result.rowsRejected()).isEqualTo(read);
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(loaded);
    assertThat(pg.scalar("select rows_loaded + rows_rejected from " + t("_insightflow_loaded"))).isEqualTo(read);
    String rejects = LakeObjects.text(store, "rejects/orders/" + key + ".csv");
    assertThat(rejects.lines()).hasSize(1 + (int) rejected).first().isEqualTo("line,error,record");
    assertThat(rejects).contains("\n" + recordLine + ",");
  }

  @Test
  void sync_rejectMode_serverOnlyErrorsJoinRejects() throws Exception {
    lake.run("events", T1, TestLake.columns("id bigint", "day date"),
        "id,day\n1,2024-01-01\n2,2024-02-30\n3,2024-03-01\n4,notadate\n");

    SyncResult result = sync.sync(store, SyncOptions.builder().threads(1).onError(OnError.REJECT).build());

    assertThat(result.rowsLoaded()).isEqualTo(2);
    assertThat(result.rowsRejected()).isEqualTo(2);
    assertThat(pg.scalar("select sum(id) from " + t("events"))).isEqualTo(4);
  }

  @Test
  void sync_backendTerminatedMidCopy_rerunLeavesExactRows() throws Exception {
    int perObject = 400_000;
    for (int run = 0; run < 3; run++) {
      lake.run("orders", T1.plus(Duration.ofHours(run)), TestLake.idName(),
          TestLake.idNameRows((long) run * perObject + 1, perObject));
    }
    CompletableFuture<SyncResult> first = CompletableFuture.supplyAsync(
        () -> sync.sync(store, SyncOptions.builder().threads(1).build()));
    boolean killed = false;
    while (!first.isDone() && !killed) {
      killed = pg.scalar("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = "
          + "'insightflow-sync' and query like 'COPY%' and state = 'active'") > 0;
      Thread.sleep(5);
    }
    SyncResult interrupted = first.get(2, TimeUnit.MINUTES);
    assertThat(killed).as("a COPY was terminated").isTrue();
    assertThat(interrupted.successful()).isFalse();
    assertThat(interrupted.failures()).singleElement().satisfies(f -> assertThat(f.message()).contains(f.key()));

    SyncResult rerun = sync.sync(store, SyncOptions.builder().threads(2).build());

    assertThat(rerun.successful()).isTrue();
    assertThat(interrupted.objectsLoaded() + rerun.objectsLoaded()).isEqualTo(3);
    long n = 3L * perObject;
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(n);
    assertThat(pg.scalar("select sum(id) from " + t("orders"))).isEqualTo(n * (n + 1) / 2);
    assertThat(pg.scalar("select sum(hashtext(name)::bigint) from " + t("orders")))
        .isEqualTo(pg.scalar("select sum(hashtext('name-' || i)::bigint) from generate_series(1, " + n + ") i"));
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

    SyncResult here = sync.sync(store, SyncOptions.builder().threads(2).build());
    assertThat(other.waitFor(2, TimeUnit.MINUTES)).isTrue();

    assertThat(other.exitValue()).as("worker log: %s", read(dir.resolve("_worker.log"))).isZero();
    assertThat(here.successful()).isTrue();
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(480_000);
    assertThat(pg.scalar("select count(distinct id) from " + t("orders"))).isEqualTo(480_000);
    assertThat(pg.scalar("select count(*) from " + t("_insightflow_loaded"))).isEqualTo(24);
  }

  private static String read(Path file) throws Exception {
    return java.nio.file.Files.readString(file);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
