package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_EXTERNAL_TABLES;
import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_ON_ERROR;
import static io.insightflow.config.InsightflowProperties.SYNC_RELOAD;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.config.OptionsBuilder;
import io.insightflow.layout.RunManifest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Deletes and the ordering column of write mode merge against the real PostgreSQL and a local lake:
 * whatever order, threads and concurrent syncs load objects in, the table equals applying them in
 * lake order (or by the ordering column), deletes included; reloading changes nothing. [#21]
 */
class MergeDeletesIT extends LakeSyncFixture {

  private static final List<RunManifest.Column> COLUMNS = TestLake.columns("id bigint", "v text", "op text",
      "u bigint");

  /** How a variant treats deletes and order. */
  enum Variant {
    HARD(false, false), ORDERED(false, true), SOFT_ORDERED(true, true);

    final boolean soft;
    final boolean ordered;

    Variant(boolean soft, boolean ordered) {
      this.soft = soft;
      this.ordered = ordered;
    }
  }

  private static OptionsBuilder<SyncOptions> merge(Variant variant) {
    Map<String, String> settings = new HashMap<>(Map.of(SYNC_WRITE_MODE.nameFor("items"), "merge",
        "insightflow.sync.keys.items", "id", "insightflow.sync.deleteMarker.items", "op=D"));
    if (variant.soft) {
      settings.put("insightflow.sync.softDelete.items", "deleted_at");
    }
    if (variant.ordered) {
      settings.put("insightflow.sync.orderBy.items", "u");
    }
    return SyncOptions.builder().set(SYNC_MODE, "full").setAll(settings);
  }

  /** One row of the model: key, salt of its value, delete or not, ordering value. */
  private record Row(long id, long salt, boolean delete, long u) {}

  /** One run: its partition time (hours after T1) and its parts' rows. */
  private record Run(int hour, List<List<Row>> parts) {}

  private static String value(int hour, int part, int row, long salt) {
    return "h" + hour + "p" + part + "r" + row + "s" + salt;
  }

  private static String csv(Run r, int part) {
    StringBuilder sb = new StringBuilder("id,v,op,u\n");
    List<Row> rows = r.parts().get(part);
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      sb.append(row.id()).append(',').append(value(r.hour(), part, i, row.salt())).append(',')
          .append(row.delete() ? "D" : "U").append(',').append(row.u()).append('\n');
    }
    return sb.toString();
  }

  private List<String> write(Run r) {
    String[] contents = new String[r.parts().size()];
    for (int p = 0; p < contents.length; p++) {
      contents[p] = csv(r, p);
    }
    return lake.run("items", T1.plus(Duration.ofHours(r.hour())), COLUMNS, contents);
  }

  /** A version of a key in the model: its row and its place in lake order. */
  private record Version(Row row, String v, int hour, int part, int index) {}

  /**
   * The model: per key, the greatest version by (ordering value when ordered, partition time, part,
   * row); a delete winner removes the key (hard) or keeps its row with deleted_at set to its
   * partition time (soft). Also returns, as the first element, the number of deleted keys.
   */
  private static String[] expected(List<Run> written, Variant variant) {
    Comparator<Version> order = Comparator.comparingLong((Version x) -> variant.ordered ? x.row().u() : 0)
        .thenComparingInt(Version::hour).thenComparingInt(Version::part).thenComparingInt(Version::index);
    TreeMap<Long, Version> winners = new TreeMap<>();
    for (Run r : written) {
      for (int p = 0; p < r.parts().size(); p++) {
        List<Row> rows = r.parts().get(p);
        for (int i = 0; i < rows.size(); i++) {
          Version candidate = new Version(rows.get(i), value(r.hour(), p, i, rows.get(i).salt()), r.hour(), p, i);
          winners.merge(candidate.row().id(), candidate, (a, b) -> order.compare(a, b) >= 0 ? a : b);
        }
      }
    }
    StringBuilder text = new StringBuilder();
    int count = 0;
    int deleted = 0;
    for (Version w : winners.values()) {
      if (w.row().delete()) {
        deleted++;
        if (!variant.soft) {
          continue;
        }
      }
      count++;
      text.append(text.length() == 0 ? "" : ";").append(w.row().id()).append(',').append(w.v()).append(',')
          .append(w.row().delete() ? "D" : "U").append(',').append(w.row().u());
      if (variant.soft) {
        text.append(',').append(w.row().delete() ? T1.plus(Duration.ofHours(w.hour())).getEpochSecond() : "-");
      }
    }
    return new String[] {String.valueOf(deleted), count + ":" + (count == 0 ? "" : md5(text.toString()))};
  }

  private static String md5(String text) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
      return String.format("%032x", new java.math.BigInteger(1, d));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private String fingerprint(Variant variant) {
    String soft = variant.soft ? " || ',' || coalesce(extract(epoch from deleted_at)::bigint::text, '-')" : "";
    return pg.text("select count(*) || ':' || coalesce(md5(string_agg(id || ',' || v || ',' || op || ',' || u" + soft
        + ", ';' order by id)), '') from " + t("items"));
  }

  private long tombstones() {
    return pg.scalar("select count(*) from " + t(SyncCatalog.DELETED) + " where table_name = 'items'");
  }

  /** 1–3 parts of 1–20 rows over ids 0–29, a third of them deletes, ordering values 0–9 (ties happen). */
  private static Run randomRun(Random random, int hour) {
    List<List<Row>> parts = new ArrayList<>();
    int n = 1 + random.nextInt(3);
    for (int p = 0; p < n; p++) {
      List<Row> rows = new ArrayList<>();
      int count = 1 + random.nextInt(20);
      for (int i = 0; i < count; i++) {
        rows.add(new Row(random.nextInt(30), random.nextInt(1000), random.nextInt(3) == 0, random.nextInt(10)));
      }
      parts.add(rows);
    }
    return new Run(hour, parts);
  }

  /**
   * Runs appear in a random (seeded) order, 1–3 at a time; each round 1–3 syncs (each its own
   * LakeSync, 1–4 threads) load them at once; after every round the table equals the model, and a
   * reload at the end changes nothing (nor the tombstones).
   */
  @ParameterizedTest
  @CsvSource({"HARD,21", "HARD,2112", "ORDERED,21", "ORDERED,777", "SOFT_ORDERED,5"})
  void sync_randomRunsWithDeletes_tableEqualsModel(Variant variant, long seed) throws Exception {
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
          syncs.add(pool.submit(() -> worker.sync(store, merge(variant).set(SYNC_THREADS, threads).build())));
        }
        for (Future<SyncResult> f : syncs) {
          assertThat(f.get().failures()).as("%s seed %d", variant, seed).isEmpty();
        }
        sync.sync(store, merge(variant).build()); // what a busy worker left
        String[] model = expected(written, variant);
        assertThat(fingerprint(variant)).as("%s seed %d after hours %s", variant, seed, hours.subList(0, next))
            .isEqualTo(model[1]);
        assertThat(tombstones()).as("one tombstone per deleted key").isEqualTo(variant.soft ? 0
            : Long.parseLong(model[0]));
      }
      SyncResult reloaded = sync.sync(store, merge(variant).set(SYNC_RELOAD, true).set(SYNC_THREADS, 3).build());
      assertThat(reloaded.failures()).isEmpty();
      assertThat(reloaded.objectsLoaded()).isPositive();
      String[] model = expected(written, variant);
      assertThat(fingerprint(variant)).as("%s seed %d after reload", variant, seed).isEqualTo(model[1]);
      assertThat(tombstones()).isEqualTo(variant.soft ? 0 : Long.parseLong(model[0]));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sync_deleteLoadedBeforeItsEarlierInsert_stillWins_andALaterInsertBringsTheKeyBack() {
    Run delete = new Run(5, List.of(List.of(new Row(1, 1, true, 0))));
    String deleteKey = write(delete).get(0);
    SyncResult first = sync.sync(store, merge(Variant.HARD).build());
    assertThat(first.failures()).isEmpty();
    assertThat(pg.scalar("select unseen_deletes from " + t(SyncCatalog.LOADED) + " where object_key = '"
        + deleteKey + "'")).as("a delete of a key no row holds is counted").isEqualTo(1);

    write(new Run(2, List.of(List.of(new Row(1, 2, false, 0), new Row(2, 2, false, 0)))));
    sync.sync(store, merge(Variant.HARD).build());
    assertThat(pg.text("select string_agg(id::text, ',' order by id) from " + t("items")))
        .as("the insert is earlier in lake order than the delete").isEqualTo("2");

    write(new Run(7, List.of(List.of(new Row(1, 3, false, 0)))));
    sync.sync(store, merge(Variant.HARD).build());
    assertThat(pg.text("select string_agg(id || '=' || v, ',' order by id) from " + t("items")))
        .isEqualTo("1=" + value(7, 0, 0, 3) + ",2=" + value(2, 0, 1, 2));
    assertThat(tombstones()).isZero();
  }

  @Test
  void sync_insertAndDeleteOfOneKeyInOneObject_lastRowWins() {
    write(new Run(1, List.of(List.of(new Row(1, 1, false, 0), new Row(1, 1, true, 0), new Row(2, 2, true, 0),
        new Row(2, 3, false, 0)))));

    SyncResult result = sync.sync(store, merge(Variant.HARD).build());

    assertThat(result.failures()).isEmpty();
    assertThat(pg.text("select string_agg(id || '=' || v, ',' order by id) from " + t("items")))
        .isEqualTo("2=" + value(1, 0, 3, 3));
  }

  @Test
  void sync_softDelete_setsThePartitionTime_addsTheColumn_andALaterInsertClearsIt() {
    write(new Run(1, List.of(List.of(new Row(1, 1, false, 0), new Row(2, 2, false, 0)))));
    write(new Run(3, List.of(List.of(new Row(1, 1, true, 0)))));

    assertThat(sync.sync(store, merge(Variant.SOFT_ORDERED).build()).failures()).isEmpty();

    assertThat(pg.text("select format_type(atttypid, atttypmod) from pg_attribute where attrelid = '" + t("items")
        + "'::regclass and attname = 'deleted_at'")).isEqualTo("timestamp with time zone");
    assertThat(pg.text("select string_agg(id || '=' || coalesce(extract(epoch from deleted_at)::bigint::text, '-'),"
        + " ',' order by id) from " + t("items")))
        .isEqualTo("1=" + T1.plus(Duration.ofHours(3)).getEpochSecond() + ",2=-");

    write(new Run(4, List.of(List.of(new Row(1, 5, false, 0)))));
    sync.sync(store, merge(Variant.SOFT_ORDERED).build());
    assertThat(pg.text("select v || ':' || coalesce(deleted_at::text, '-') from " + t("items") + " where id = 1"))
        .isEqualTo(value(4, 0, 0, 5) + ":-");
  }

  @Test
  void sync_orderingColumn_greatestWinsWhateverLakeOrder_tiesByLakeOrder() {
    write(new Run(1, List.of(List.of(new Row(1, 1, false, 9), new Row(2, 2, false, 5), new Row(3, 3, false, 1)))));
    write(new Run(2, List.of(List.of(new Row(1, 4, false, 3), new Row(2, 5, false, 5), new Row(3, 6, true, 2)))));

    assertThat(sync.sync(store, merge(Variant.ORDERED).build()).failures()).isEmpty();

    assertThat(pg.text("select string_agg(id || '=' || v, ',' order by id) from " + t("items")))
        .isEqualTo("1=" + value(1, 0, 0, 1) + ",2=" + value(2, 0, 1, 5));
  }

  @Test
  void sync_nullOrderingValue_failsNamingObjectLineAndColumn_rejectModeRejectsIt() {
    List<String> keys = lake.run("items", T1, COLUMNS, "id,v,op,u\n1,a,U,1\n2,b,U,\n");

    SyncResult result = sync.sync(store, merge(Variant.ORDERED).build());

    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(keys.get(0));
      assertThat(f.line()).isEqualTo(3);
      assertThat(f.column()).isEqualTo("u");
      assertThat(f.message()).contains("line 3, column u").contains("null value").contains(keys.get(0));
    });
    assertThat(pg.scalar("select count(*) from " + t(SyncCatalog.LOADED))).isZero();

    SyncResult rejecting = sync.sync(store, merge(Variant.ORDERED).set(SYNC_ON_ERROR, "reject").build());
    assertThat(rejecting.failures()).isEmpty();
    assertThat(pg.text("select string_agg(id::text, ',') from " + t("items"))).isEqualTo("1");
    assertThat(pg.scalar("select rows_rejected from " + t(SyncCatalog.LOADED))).isEqualTo(1);
  }

  @Test
  void sync_objectWithoutTheMarkerColumn_failsNamingIt() {
    String key = lake.run("items", T1, TestLake.columns("id bigint", "v text", "u bigint"), "id,v,u\n1,a,1\n").get(0);

    SyncResult result = sync.sync(store, merge(Variant.HARD).build());

    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.column()).isEqualTo("op");
      assertThat(f.message()).contains("it has no column op of its delete marker (insightflow.sync.deleteMarker)")
          .contains(key);
    });
  }

  /**
   * An AWS DMS CDC stream as an external table: headerless CSV with the operation first, one object
   * per partition folder; deletes remove keys whatever order the objects load in.
   */
  @Test
  void sync_dmsCdcObjects_asExternalTable_applyInsertsUpdatesAndDeletes() {
    store.put("data/batch/customers/_schema.json", ("{\"format\": \"csv\", \"header\": false, \"partitioned\": true,"
        + " \"keys\": [\"id\"], \"columns\": [{\"name\": \"Op\", \"type\": \"text\"}, {\"name\": \"id\", \"type\":"
        + " \"bigint\"}, {\"name\": \"name\", \"type\": \"text\"}]}").getBytes(StandardCharsets.UTF_8));
    String later = "data/batch/customers/year=2024/month=05/day=07/hhmm=1000/20240507-100000000.csv";
    String earlier = "data/batch/customers/year=2024/month=05/day=07/hhmm=0900/20240507-090000000.csv";
    store.put(later, "U,1,Ann B.\nD,2,Bob\nI,4,\"Dee, Jr.\"\nD,9,Never\n".getBytes(StandardCharsets.UTF_8));
    Map<String, String> settings = Map.of(SYNC_WRITE_MODE.nameFor("customers"), "merge",
        "insightflow.sync.deleteMarker.customers", "Op=D", SYNC_EXTERNAL_TABLES.name(), "customers");

    SyncResult first = sync.sync(store, SyncOptions.builder().setAll(settings).build());
    store.put(earlier, "I,1,Ann\nI,2,Bob\nI,3,Cy\nU,3,Cyd\n".getBytes(StandardCharsets.UTF_8));
    SyncResult second = sync.sync(store, SyncOptions.builder().setAll(settings).set(SYNC_MODE, "full").build());

    assertThat(first.failures()).isEmpty();
    assertThat(second.failures()).isEmpty();
    assertThat(pg.text("select string_agg(id || '=' || name || '/' || \"Op\", ',' order by id) from "
        + t("customers"))).isEqualTo("1=Ann B./U,3=Cyd/U,4=Dee, Jr./I");
    assertThat(pg.scalar("select unseen_deletes from " + t(SyncCatalog.LOADED) + " where object_key = '" + later
        + "'")).isEqualTo(2);
  }

  @Test
  void plan_showsTheDeleteStatements() {
    write(new Run(1, List.of(List.of(new Row(1, 1, true, 0)))));

    SyncPlan plan = sync.plan(store, merge(Variant.ORDERED).build());

    assertThat(plan.objects()).singleElement().satisfies(o -> assertThat(o.sql())
        .contains("CREATE TEMP TABLE \"_insightflow_last\"").contains("DELETE FROM " + t("items") + " t USING")
        .contains("INSERT INTO " + t(SyncCatalog.DELETED)).contains("\"u\" DESC"));
  }
}
