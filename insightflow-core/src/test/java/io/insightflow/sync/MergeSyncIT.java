package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_ON_ERROR;
import static io.insightflow.config.InsightflowProperties.SYNC_RELOAD;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.config.OptionsBuilder;
import io.insightflow.layout.RunManifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Write mode merge against the real PostgreSQL and a local lake: the table equals applying every
 * loaded object in lake order, whatever order, threads and concurrent syncs load them in; reloading
 * changes nothing; bad keys fail the object, named, with nothing committed. [#21]
 */
class MergeSyncIT extends LakeSyncFixture {

  private static final List<RunManifest.Column> COLUMNS = TestLake.columns("id bigint", "v text");

  private OptionsBuilder<SyncOptions> merge() {
    return SyncOptions.builder().set(SYNC_MODE, "full").setAll(Map.of(SYNC_WRITE_MODE.nameFor("items"), "merge",
        "insightflow.sync.keys.items", "id"));
  }

  /** One run of the model: its partition time (hours after T1) and its parts' rows (id, v). */
  private record Run(int hour, List<List<long[]>> parts) {}

  private static String csv(List<long[]> rows, int hour, int part) {
    StringBuilder sb = new StringBuilder("id,v\n");
    for (int i = 0; i < rows.size(); i++) {
      sb.append(rows.get(i)[0]).append(',').append(value(hour, part, i, rows.get(i)[1])).append('\n');
    }
    return sb.toString();
  }

  private static String value(int hour, int part, int row, long salt) {
    return "h" + hour + "p" + part + "r" + row + "s" + salt;
  }

  private void write(Run r) {
    String[] contents = new String[r.parts().size()];
    for (int p = 0; p < contents.length; p++) {
      contents[p] = csv(r.parts().get(p), r.hour(), p);
    }
    lake.run("items", T1.plus(Duration.ofHours(r.hour())), COLUMNS, contents);
  }

  /** The model: every written run applied in lake order (time, then part, then row). */
  private static String expected(List<Run> written) {
    TreeMap<Long, String> table = new TreeMap<>();
    written.stream().sorted((a, b) -> Integer.compare(a.hour(), b.hour())).forEach(r -> {
      for (int p = 0; p < r.parts().size(); p++) {
        List<long[]> rows = r.parts().get(p);
        for (int i = 0; i < rows.size(); i++) {
          table.put(rows.get(i)[0], value(r.hour(), p, i, rows.get(i)[1]));
        }
      }
    });
    StringBuilder rows = new StringBuilder();
    table.forEach((id, v) -> rows.append(rows.length() == 0 ? "" : ";").append(id).append(',').append(v));
    return table.size() + ":" + md5(rows.toString());
  }

  private static String md5(String text) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("MD5")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return String.format("%032x", new java.math.BigInteger(1, d));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private String fingerprint() {
    return pg.text("select count(*) || ':' || coalesce(md5(string_agg(id || ',' || v, ';' order by id)), '') from "
        + t("items"));
  }

  /** A random run: 1–3 parts of 1–25 rows over ids 0–39, so keys collide within and across objects. */
  private static Run randomRun(Random random, int hour) {
    List<List<long[]>> parts = new ArrayList<>();
    int n = 1 + random.nextInt(3);
    for (int p = 0; p < n; p++) {
      List<long[]> rows = new ArrayList<>();
      int count = 1 + random.nextInt(25);
      for (int i = 0; i < count; i++) {
        rows.add(new long[] {random.nextInt(40), random.nextInt(1000)});
      }
      parts.add(rows);
    }
    return new Run(hour, parts);
  }

  /**
   * Runs appear in a random (seeded) order, 1–3 at a time; each round 1–3 syncs (each its own
   * LakeSync, 1–4 threads) load them at once; after every round the table equals the model, and a
   * reload at the end changes nothing.
   */
  @ParameterizedTest
  @ValueSource(longs = {21, 2112, 777})
  void sync_randomRunsOrdersAndWorkers_tableEqualsLakeOrder(long seed) throws Exception {
    Random random = new Random(seed);
    List<Integer> hours = new ArrayList<>();
    for (int h = 1; h <= 12; h++) {
      hours.add(h);
    }
    Collections.shuffle(hours, random);
    List<Run> written = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      int next = 0;
      while (next < hours.size()) {
        int batch = Math.min(hours.size() - next, 1 + random.nextInt(3));
        for (int i = 0; i < batch; i++) {
          Run r = randomRun(random, hours.get(next++));
          write(r);
          written.add(r);
        }
        List<Future<SyncResult>> syncs = new ArrayList<>();
        int workers = 1 + random.nextInt(3);
        for (int w = 0; w < workers; w++) {
          int threads = 1 + random.nextInt(4);
          LakeSync worker = new LakeSync(pg.targetOptions());
          syncs.add(pool.submit(() -> worker.sync(store, merge().set(SYNC_THREADS, threads).build())));
        }
        for (Future<SyncResult> f : syncs) {
          SyncResult result = f.get();
          assertThat(result.failures()).as("seed %d", seed).isEmpty();
        }
        sync.sync(store, merge().build()); // what a busy worker left
        assertThat(fingerprint()).as("seed %d after hours %s", seed, hours.subList(0, next))
            .isEqualTo(expected(written));
      }
      SyncResult reloaded = sync.sync(store, merge().set(SYNC_RELOAD, true).set(SYNC_THREADS, 3).build());
      assertThat(reloaded.failures()).isEmpty();
      assertThat(reloaded.objectsLoaded()).isPositive();
      assertThat(fingerprint()).as("seed %d after reload", seed).isEqualTo(expected(written));
    } finally {
      pool.shutdownNow();
    }
    assertThat(pg.scalar("select count(*) from " + t(SyncCatalog.LOADED))).isEqualTo(
        written.stream().mapToLong(r -> r.parts().size()).sum());
    assertThat(pg.scalar("select count(*) from pg_index where indrelid = '" + t("items") + "'::regclass"
        + " and indisprimary")).as("sync created the table with its key").isEqualTo(1);
  }

  @Test
  void sync_laterRunLoadedFirst_earlierRunNeverOverwritesIt() {
    Run late = new Run(5, List.of(List.of(new long[] {1, 1}, new long[] {2, 2})));
    write(late);
    sync.sync(store, merge().build());
    Run early = new Run(2, List.of(List.of(new long[] {1, 9}, new long[] {3, 3}, new long[] {3, 4})));
    write(early);

    SyncResult result = sync.sync(store, merge().build());

    assertThat(result.objectsLoaded()).isEqualTo(1);
    assertThat(fingerprint()).isEqualTo(expected(List.of(late, early)));
    assertThat(pg.text("select v from " + t("items") + " where id = 1")).isEqualTo(value(5, 0, 0, 1));
    assertThat(pg.text("select v from " + t("items") + " where id = 3")).as("last row of the object wins")
        .isEqualTo(value(2, 0, 2, 4));
  }

  @Test
  void sync_nullKey_failsNamingTableObjectLineAndColumn_nothingCommitted() {
    write(new Run(1, List.of(List.of(new long[] {1, 1}))));
    sync.sync(store, merge().build());
    String before = fingerprint();
    List<String> keys = lake.run("items", T1.plus(Duration.ofHours(2)), COLUMNS, "id,v\n2,a\n,b\n");

    SyncResult result = sync.sync(store, merge().build());

    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(keys.get(0));
      assertThat(f.line()).isEqualTo(3);
      assertThat(f.column()).isEqualTo("id");
      assertThat(f.message()).contains("items").contains("line 3, column id").contains("null value")
          .contains(keys.get(0));
    });
    assertThat(fingerprint()).isEqualTo(before);

    SyncResult rejecting = sync.sync(store, merge().set(SYNC_ON_ERROR, "reject").build());
    assertThat(rejecting.failures()).isEmpty();
    assertThat(pg.scalar("select rows_loaded * 10 + rows_rejected from " + t(SyncCatalog.LOADED)
        + " where object_key = '" + keys.get(0) + "'")).isEqualTo(11);
    assertThat(pg.text("select v from " + t("items") + " where id = 2")).isEqualTo("a");
  }

  @Test
  void sync_objectWithoutTheKeyColumn_failsNamingTheColumn() {
    String key = lake.run("items", T1, TestLake.columns("name bigint", "v text"), "name,v\n1,a\n").get(0);

    SyncResult result = sync.sync(store, merge().build());

    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(key);
      assertThat(f.column()).isEqualTo("id");
      assertThat(f.message()).isEqualTo("Cannot merge object into table items: it has no column id of the table's"
          + " key (id); nothing of it was loaded [object " + key + "]");
    });
    assertThat(pg.scalar("select count(*) from " + t(SyncCatalog.LOADED))).isZero();
  }

  @Test
  void sync_mergeWithoutKey_failsNamingTheKeyToSet() {
    String key = lake.run("items", T1, COLUMNS, "id,v\n1,a\n").get(0);

    SyncResult result = sync.sync(store, SyncOptions.builder().set(SYNC_MODE, "full")
        .setAll(Map.of(SYNC_WRITE_MODE.nameFor("items"), "merge")).build());

    assertThat(result.failures()).singleElement().satisfies(f -> assertThat(f.message())
        .startsWith("Cannot merge object into table items: the table has no key; set insightflow.sync.keys.items=")
        .endsWith("[object " + key + "]"));
    assertThat(pg.scalar("select count(*) from " + t(SyncCatalog.LOADED))).isZero();
  }

  @Test
  void sync_preCreatedTableWithRowsAndNoKeyIndex_failsNamingTheStatement_emptyOneGetsTheKey() {
    pg.execute("create schema if not exists \"" + pg.schema() + "\"");
    pg.execute("create table " + t("items") + " (id bigint, v text)");
    pg.execute("insert into " + t("items") + " values (7, 'user')");
    lake.run("items", T1, COLUMNS, "id,v\n1,a\n7,b\n");

    SyncResult refused = sync.sync(store, merge().build());

    assertThat(refused.failures()).singleElement().satisfies(f -> assertThat(f.message())
        .contains("Cannot merge into table items: no primary key or unique index covers exactly its key (id)")
        .contains("ADD PRIMARY KEY (\"id\")"));
    assertThat(fingerprint()).isEqualTo(pg.text("select '1:' || md5('7,user')"));

    pg.execute("create unique index on " + t("items") + " (id)");
    SyncResult merged = sync.sync(store, merge().build());
    assertThat(merged.failures()).isEmpty();
    assertThat(pg.text("select string_agg(id || '=' || v, ' ' order by id) from " + t("items")))
        .as("a row sync did not load gives way to the lake's").isEqualTo("1=a 7=b");
  }

  @Test
  void statusAndPlan_showMergeWithItsSql() {
    lake.run("items", T1, COLUMNS, "id,v\n1,a\n");

    SyncPlan plan = sync.plan(store, merge().build());

    assertThat(plan.objects()).singleElement().satisfies(o -> assertThat(o.sql())
        .contains("CREATE TEMP TABLE \"_insightflow_merge\"").contains("COPY pg_temp.\"_insightflow_merge\"")
        .contains("pg_advisory_xact_lock").contains("ON CONFLICT (\"id\") DO UPDATE SET \"v\" = EXCLUDED.\"v\""));
    assertThat(String.join("\n", plan.describe())).contains("table items: key (id)");
    sync.sync(store, merge().build());
    assertThat(sync.status(store, merge().build())).singleElement()
        .satisfies(s -> assertThat(s.writeMode()).isEqualTo(WriteMode.MERGE));

    SyncPlan keyless = sync.plan(store, SyncOptions.builder().set(SYNC_MODE, "full").set(SYNC_RELOAD, true)
        .setAll(Map.of(SYNC_WRITE_MODE.nameFor("items"), "merge")).build());
    assertThat(keyless.problems()).singleElement().satisfies(p -> assertThat(p.message())
        .contains("insightflow.sync.keys.items="));
  }

  /** A later object committed while an earlier one waits for the table: the later one's rows stay. */
  @Test
  void sync_fourThreadsOverManyObjectsOfOneKeySet_tableEqualsLakeOrder() {
    Random random = new Random(99);
    List<Run> written = new ArrayList<>();
    for (int h = 12; h >= 1; h--) {
      List<List<long[]>> parts = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        List<long[]> rows = new ArrayList<>();
        for (int id = 0; id < 30; id++) {
          rows.add(new long[] {(id * 7 + p) % 30, random.nextInt(1000)});
        }
        parts.add(rows);
      }
      Run r = new Run(h, parts);
      write(r);
      written.add(r);
    }

    SyncResult result = sync.sync(store, merge().set(SYNC_THREADS, 4).build());

    assertThat(result.failures()).isEmpty();
    assertThat(result.objectsLoaded()).isEqualTo(48);
    assertThat(fingerprint()).isEqualTo(expected(written));
  }
}
