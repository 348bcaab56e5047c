package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.layout.RunManifest;
import io.insightflow.testing.LakeObjects;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The merge's fast path ({@link FreshKeysCopy}) against the real PostgreSQL: it COPYs only an object
 * whose keys are all new, leaves the transaction as it was otherwise, and concurrent workers that
 * race it on an empty table end in lake order. [#21]
 */
class FreshKeysCopyIT extends LakeSyncFixture {

  private static final List<RunManifest.Column> COLUMNS = TestLake.columns("id bigint", "v text");

  private SyncCatalog catalog;
  private FreshKeysCopy fresh;
  private Connection c;
  private String qualified;

  @BeforeEach
  void table() throws Exception {
    catalog = new SyncCatalog(pg.schema());
    fresh = new FreshKeysCopy(catalog, new CheckedCopy(false, LoadLimits.DEFAULT));
    c = pg.connection();
    catalog.ensure(c);
    qualified = t("items");
  }

  @AfterEach
  void closeConnection() throws Exception {
    c.close();
  }

  /** An object of table items holding {@code rows} (CSV lines without header). */
  private LakeObject object(String name, String rows) {
    byte[] bytes = ("id,v\n" + rows).getBytes(StandardCharsets.UTF_8);
    String key = "data/items/" + name + ".csv";
    store.put(key, bytes);
    return new LakeObject("items", key, T1, "data/items/_manifest.json", "run", rows.lines().count(), bytes.length,
        bytes.length, LakeObjects.crc32c(bytes), store.stat(key).orElseThrow().etag(), COLUMNS);
  }

  /** Creates the table as a merge creates it (primary key), then tries the fast path in a transaction. */
  private boolean load(LakeObject o, LedgerEntry entry) throws Exception {
    TableDdl ddl = new TableDdl(catalog);
    ddl.create(c, o);
    ddl.ensureKey(c, "items", List.of("id"));
    c.setAutoCommit(false);
    return fresh.load(c, store, entry, qualified, true, List.of("id"));
  }

  private String idsInInsertOrder() {
    return pg.text("select coalesce(string_agg(id::text, ',' order by ctid), '') from " + qualified);
  }

  @Test
  void load_freshKeys_copiesTheObjectAsItIsWithItsProvenance() throws Exception {
    LedgerEntry entry = new LedgerEntry(object("a", "3,c\n1,a\n2,b\n"), 0, LedgerEntry.Status.LOADED);

    assertThat(load(entry.object, entry)).isTrue();
    c.commit();

    assertThat(entry.rows).isEqualTo(3);
    assertThat(idsInInsertOrder()).as("COPYed in file order, not upserted in key order").isEqualTo("3,1,2");
    assertThat(pg.scalar("select count(*) from " + qualified + " where _insightflow_object = " + entry.id))
        .isEqualTo(3);
  }

  @Test
  void load_keyTheTableHolds_leavesTheTransactionAsItWas_andTheTableToTheUpsertFromThen() throws Exception {
    LakeObject seed = object("seed", "2,old\n");
    load(seed, new LedgerEntry(seed, 0, LedgerEntry.Status.LOADED));
    c.commit();
    LedgerEntry entry = new LedgerEntry(object("a", "1,a\n2,b\n"), 0, LedgerEntry.Status.LOADED);

    assertThat(fresh.load(c, store, entry, qualified, true, List.of("id"))).isFalse();

    assertThat(entry.rows).isZero();
    try (var st = c.createStatement(); var rs = st.executeQuery("select string_agg(id || v, ',') from " + qualified)) {
      rs.next();
      assertThat(rs.getString(1)).as("usable, rolled back to before the COPY").isEqualTo("2old");
    }
    LedgerEntry later = new LedgerEntry(object("b", "7,g\n"), 0, LedgerEntry.Status.LOADED);
    assertThat(fresh.load(c, store, later, qualified, true, List.of("id"))).as("no second try this sync").isFalse();
    c.rollback();
  }

  @Test
  void load_keyTwiceInTheObject_isLeftToTheUpsert() throws Exception {
    LakeObject o = object("a", "1,a\n1,b\n");

    assertThat(load(o, new LedgerEntry(o, 0, LedgerEntry.Status.LOADED))).isFalse();
    c.commit();

    assertThat(idsInInsertOrder()).isEmpty();
  }

  @Test
  void load_badValue_isLeftToTheUpsert_whichReportsIt_andFreshKeysStillCopy() throws Exception {
    LakeObject bad = object("bad", "x,a\n");
    assertThat(load(bad, new LedgerEntry(bad, 0, LedgerEntry.Status.LOADED))).isFalse();
    LakeObject good = object("good", "1,a\n");

    assertThat(fresh.load(c, store, new LedgerEntry(good, 0, LedgerEntry.Status.LOADED), qualified, true,
        List.of("id"))).isTrue();
    c.rollback();
  }

  @Test
  void load_nullableKeyUnderAUniqueIndex_isLeftToTheUpsert() throws Exception {
    pg.execute("create table " + qualified + " (id bigint, v text)");
    pg.execute("create unique index on " + qualified + " (id)");
    LakeObject o = object("a", "1,a\n");

    assertThat(load(o, new LedgerEntry(o, 0, LedgerEntry.Status.LOADED))).as("a NULL key would get in").isFalse();
    c.rollback();
  }

  @Test
  void load_objectTheLedgerHas_isLeftToTheUpsert() throws Exception {
    LakeObject o = object("a", "1,a\n");
    LedgerEntry first = new LedgerEntry(o, 0, LedgerEntry.Status.LOADED);
    assertThat(load(o, first)).isTrue();
    catalog.record(c, first);
    c.commit();

    assertThat(fresh.load(c, store, new LedgerEntry(o, 0, LedgerEntry.Status.LOADED), qualified, true,
        List.of("id"))).isFalse();
    c.rollback();
  }

  /**
   * Runs whose parts share keys with their neighbours and other runs (and now and then within a part), synced at once into an empty table by three
   * syncs of four threads each: every one of them tries the fast path first and races the others
   * (unique violations, deadlocks, upserts beside COPYs); the table equals lake order.
   */
  @ParameterizedTest
  @ValueSource(longs = {5, 55, 555})
  void sync_concurrentWorkersOnAnEmptyTable_tableEqualsLakeOrder(long seed) throws Exception {
    Random random = new Random(seed);
    TreeMap<Long, String> model = new TreeMap<>();
    List<int[]> runs = List.of(new int[] {2, 0}, new int[] {3, 200}, new int[] {1, 100}); // hour, first id
    TreeMap<Integer, List<String>> byHour = new TreeMap<>();
    for (int[] run : runs) {
      List<String> parts = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        StringBuilder csv = new StringBuilder("id,v\n");
        List<Long> ids = new ArrayList<>();
        for (long id = run[1] + p * 70; id < run[1] + p * 70 + 100; id++) {
          ids.add(id); // a part's keys are unique (the fast path's case) and overlap its neighbours'
        }
        java.util.Collections.shuffle(ids, random);
        if (random.nextInt(4) == 0) {
          ids.set(99, ids.get(0)); // now and then a key twice in one part: the upsert's case
        }
        for (int i = 0; i < ids.size(); i++) {
          csv.append(ids.get(i)).append(",h").append(run[0]).append('p').append(p).append('r').append(i).append('\n');
        }
        parts.add(csv.toString());
      }
      lake.run("items", T1.plus(Duration.ofHours(run[0])), COLUMNS, parts.toArray(String[]::new));
      byHour.put(run[0], parts);
    }
    byHour.values().forEach(parts -> parts.forEach(csv -> csv.lines().skip(1).forEach(line -> {
      String[] f = line.split(",");
      model.put(Long.parseLong(f[0]), f[1]);
    })));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<SyncResult>> syncs = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        LakeSync worker = new LakeSync(pg.targetOptions());
        syncs.add(pool.submit(() -> worker.sync(store, SyncOptions.builder().set(SYNC_MODE, "full")
            .set(SYNC_THREADS, 4).setAll(Map.of(SYNC_WRITE_MODE.nameFor("items"), "merge",
                "insightflow.sync.keys.items", "id")).build())));
      }
      for (Future<SyncResult> f : syncs) {
        assertThat(f.get().failures()).as("seed %d", seed).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
    sync.sync(store, SyncOptions.builder().set(SYNC_MODE, "full").setAll(Map.of(SYNC_WRITE_MODE.nameFor("items"),
        "merge", "insightflow.sync.keys.items", "id")).build()); // what a busy worker left

    StringBuilder expected = new StringBuilder();
    model.forEach((id, v) -> expected.append(expected.length() == 0 ? "" : ";").append(id).append(',').append(v));
    assertThat(pg.text("select count(*) || ':' || string_agg(id || ',' || v, ';' order by id) from " + qualified))
        .as("seed %d", seed).isEqualTo(model.size() + ":" + expected);
    assertThat(pg.scalar("select count(*) from " + t(SyncCatalog.LOADED))).isEqualTo(12);
  }
}
