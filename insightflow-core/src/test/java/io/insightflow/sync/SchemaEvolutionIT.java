package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_SCHEMA_CHANGES;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.config.OptionsBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Schema evolution against the real PostgreSQL and a local lake: run 1 creates table {@code orders},
 * run 2 brings another type or a new column; safe widenings apply in the object's own transaction,
 * anything else (and anything under freeze) fails the object naming table, column and both types,
 * with the table and the ledger as they were. [#21]
 */
class SchemaEvolutionIT extends LakeSyncFixture {

  private OptionsBuilder<SyncOptions> options() {
    return SyncOptions.builder().set(SYNC_MODE, "full").set(SYNC_THREADS, 2);
  }

  /** Writes run {@code r} of orders (columns id bigint, v {@code type}) holding {@code values}, ids from r * 100. */
  private List<String> run(int r, String type, String... values) {
    StringBuilder csv = new StringBuilder("id,v\n");
    for (int i = 0; i < values.length; i++) {
      csv.append(r * 100 + i).append(',').append(values[i]).append('\n');
    }
    return lake.run("orders", T1.plus(Duration.ofHours(r)), TestLake.columns("id bigint", "v " + type), csv.toString());
  }

  private String columnType(String column) {
    return pg.text("select (select format_type(atttypid, atttypmod) from pg_attribute where attrelid = '"
        + t("orders") + "'::regclass and attname = '" + column + "')");
  }

  private String values() {
    return pg.text("select string_agg(v::text, '|' order by id) from " + t("orders"));
  }

  private long ledgerRows() {
    return pg.scalar("select count(*) from " + t(SyncCatalog.LOADED));
  }

  @ParameterizedTest(name = "{0} -> {1} ({3})")
  @CsvSource(delimiter = ';', value = {
      "smallint; integer; integer; append; 32767; 2147483647; 32767|2147483647",
      "integer; bigint; bigint; append; -2147483648; 9223372036854775807; -2147483648|9223372036854775807",
      "bigint; numeric; numeric; append; 9223372036854775807; 123456789012345678901234567890.5;"
          + " 9223372036854775807|123456789012345678901234567890.5",
      "smallint; bigint; bigint; replace; 7; 9223372036854775807; 9223372036854775807",
      "numeric(10,2); numeric(12,4); numeric(12,4); append; 12345678.12; 12345678.1234; 12345678.1200|12345678.1234",
      "numeric(10,2); numeric(8,4); numeric(12,4); append; 12345678.12; 1234.5678; 12345678.1200|1234.5678",
      "integer; numeric(12,2); numeric(12,2); append; 2147483647; 1234567890.99; 2147483647.00|1234567890.99",
      "real; double precision; double precision; append; 0.1; 0.2; 0.1|0.2",
      "real; double precision; double precision; replace; 0.1; 3.4028235e38; 3.4028235e+38",
      "varchar(5); varchar(10); character varying(10); append; abcde; abcdefghij; abcde|abcdefghij",
      "varchar(10); text; text; append; abcdefghij; abcdefghijklmnopqrstuvwxyz; abcdefghij|abcdefghijklmnopqrstuvwxyz",
      "varchar(5); text; text; replace; abcde; abcdefghijklmnopqrstuvwxyz; abcdefghijklmnopqrstuvwxyz",
      "char(3); char(5); character(5); append; abc; abcde; abc|abcde",
      "timestamp(0); timestamp; timestamp without time zone; append; 2024-01-01 10:00:00; 2024-01-01 10:00:00.123456;"
          + " 2024-01-01 10:00:00|2024-01-01 10:00:00.123456",
  })
  void sync_widerTypeInRun2_widensTheColumnWithValuesExact(String from, String to, String widened, String mode,
      String value1, String value2, String expected) {
    Map<String, String> writeMode = Map.of(SYNC_WRITE_MODE.nameFor("orders"), mode);
    run(1, from, value1);
    assertThat(sync.sync(store, options().setAll(writeMode).build()).successful()).isTrue();

    run(2, to, value2);
    SyncPlan plan = sync.plan(store, options().setAll(writeMode).build());
    SyncResult second = sync.sync(store, options().setAll(writeMode).build());

    assertThat(second.failures()).isEmpty();
    assertThat(second.objectsLoaded()).isEqualTo(1);
    assertThat(columnType("v")).isEqualTo(widened);
    assertThat(values()).isEqualTo(expected);
    assertThat(plan.objects()).singleElement().satisfies(o -> assertThat(o.schemaSql())
        .containsExactly("ALTER TABLE " + t("orders") + " ALTER COLUMN \"v\" TYPE " + widened
            + (from.equals("real") ? " USING \"v\"::text::double precision" : "")));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', value = {
      "timestamp; timestamptz; 2024-01-01 10:00:00; 2024-01-01 10:00:00+00; timestamp without time zone;"
          + " timestamp with time zone",
      "date; timestamp; 2024-01-01; 2024-01-01 10:00:00; date; timestamp without time zone",
      "bigint; double precision; 1; 1.5; bigint; double precision",
      "integer; boolean; 1; true; integer; boolean",
  })
  void sync_incompatibleTypeInRun2_failsNamingEverythingAndChangesNothing(String from, String to, String value1,
      String value2, String tableType, String objectType) {
    run(1, from, value1);
    sync.sync(store, options().build());
    String before = values();
    long ledger = ledgerRows();

    List<String> keys = lake.run("orders", T1.plus(Duration.ofHours(2)), TestLake.columns("id bigint",
        "v " + to, "note text"), "id,v,note\n200," + value2 + ",new\n");
    SyncResult second = sync.sync(store, options().build());

    assertThat(second.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(keys.get(0));
      assertThat(f.column()).isEqualTo("v");
      assertThat(f.message()).contains("Cannot load object into table orders", "column v is " + tableType
          + " in the table and " + objectType + " in the object", "no safe widening", keys.get(0),
          "the table is unchanged");
    });
    assertThat(columnType("v")).isEqualTo(tableType);
    assertThat(columnType("note")).as("the new column of the failed object is not added").isNull();
    assertThat(values()).isEqualTo(before);
    assertThat(ledgerRows()).isEqualTo(ledger);
    assertThat(sync.plan(store, options().build()).problems()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("column v is " + tableType));
  }

  /** Text in the object, a stricter type in the table (one the user created): COPY parses each value, as before. */
  @Test
  void sync_textObjectIntoAnIntegerColumn_loadsParsedValuesAndFailsAtTheBadLine() {
    run(1, "integer", "1");
    sync.sync(store, options().build());
    run(2, "text", "2", "3");
    List<String> bad = run(3, "varchar(3)", "4", "x");

    SyncResult result = sync.sync(store, options().build());

    assertThat(result.objectsLoaded()).isEqualTo(1);
    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(bad.get(0));
      assertThat(f.line()).isEqualTo(3);
      assertThat(f.column()).isEqualTo("v");
    });
    assertThat(columnType("v")).isEqualTo("integer");
    assertThat(values()).isEqualTo("1|2|3");
    assertThat(sync.sync(store, options().set(SYNC_SCHEMA_CHANGES, "freeze").build()).failures()).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("column v is integer in the table and character varying(3)"
            + " in the object", "freeze"));
  }

  @Test
  void sync_narrowerTypeInRun2_loadsIntoTheWiderColumnUnlessFrozen() {
    run(1, "bigint", "9223372036854775807");
    sync.sync(store, options().build());
    run(2, "integer", "5");

    SyncResult frozen = sync.sync(store, options().set(SYNC_SCHEMA_CHANGES, "freeze").build());
    assertThat(frozen.failures()).singleElement().satisfies(f -> assertThat(f.message())
        .contains("column v is bigint in the table and integer in the object", "insightflow.sync.schemaChanges.orders=freeze"));
    assertThat(values()).isEqualTo("9223372036854775807");

    SyncResult evolved = sync.sync(store, options().build());
    assertThat(evolved.failures()).isEmpty();
    assertThat(columnType("v")).isEqualTo("bigint");
    assertThat(values()).isEqualTo("9223372036854775807|5");
  }

  /**
   * A frozen table that sync creates takes the types of its first object in lake order, whichever of
   * several threads reaches it first: the later run fails, every time. [#21]
   */
  @Test
  void sync_frozenTableCreatedByParallelThreads_takesTheFirstObjectsTypes() {
    for (int attempt = 0; attempt < 6; attempt++) {
      String table = "frozen" + attempt;
      lake.run(table, T1.plus(Duration.ofHours(1)), TestLake.columns("id bigint", "v integer"), "id,v\n1,1\n2,2\n");
      String[] parts = new String[4];
      for (int part = 0; part < parts.length; part++) {
        parts[part] = "id,v\n" + (200 + part) + ",3000000000\n";
      }
      lake.run(table, T1.plus(Duration.ofHours(2)), TestLake.columns("id bigint", "v bigint"), parts);
      SyncResult result = sync.sync(store, options().set(SYNC_THREADS, 4).set(SYNC_SCHEMA_CHANGES, "freeze").build());
      assertThat(pg.text("select format_type(atttypid, atttypmod) from pg_attribute where attrelid = '" + t(table)
          + "'::regclass and attname = 'v'")).as("attempt %d", attempt).isEqualTo("integer");
      assertThat(pg.text("select string_agg(v::text, '|' order by id) from " + t(table))).isEqualTo("1|2");
      assertThat(result.failures()).filteredOn(f -> f.key().contains("/" + table + "/")).hasSize(4)
          .allSatisfy(f -> assertThat(f.message()).contains("column v is integer in the table and bigint in the object"));
    }
  }

  @Test
  void status_showsEachTablesSchemaChangeMode() {
    run(1, "integer", "1");
    lake.run("items", T1, TestLake.columns("id bigint"), "id\n1\n");
    SyncOptions options = options().set(SYNC_SCHEMA_CHANGES, "freeze")
        .setAll(Map.of(SYNC_SCHEMA_CHANGES.nameFor("orders"), "evolve")).build();

    assertThat(sync.status(store, options)).extracting(TableStatus::table, TableStatus::schemaChanges).containsExactly(
        org.assertj.core.groups.Tuple.tuple("items", SchemaChangeMode.FREEZE),
        org.assertj.core.groups.Tuple.tuple("orders", SchemaChangeMode.EVOLVE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"insightflow.sync.schemaChanges", "insightflow.sync.schemaChanges.orders"})
  void sync_frozenTable_failsOnNewColumnAndWideningWithNothingChanged(String key) {
    run(1, "integer", "1");
    sync.sync(store, options().build());
    long ledger = ledgerRows();
    List<String> keys = lake.run("orders", T1.plus(Duration.ofHours(2)), TestLake.columns("id bigint", "v bigint",
        "note text"), "id,v,note\n200,2,new\n");
    run(3, "integer", "3");

    SyncResult result = sync.sync(store, options().setAll(Map.of(key, "freeze")).build());

    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(keys.get(0));
      assertThat(f.message()).contains("column v is integer in the table and bigint in the object",
          "the object has column note (text) that the table lacks", "schemaChanges.orders=freeze");
    });
    assertThat(result.objectsLoaded()).as("run 3 matches the table").isEqualTo(1);
    assertThat(columnType("v")).isEqualTo("integer");
    assertThat(columnType("note")).isNull();
    assertThat(values()).isEqualTo("1|3");
    assertThat(ledgerRows()).isEqualTo(ledger + 1);

    SyncResult evolved = sync.sync(store, options().set(SYNC_SCHEMA_CHANGES, "freeze")
        .setAll(Map.of(SYNC_SCHEMA_CHANGES.nameFor("orders"), "evolve")).build());
    assertThat(evolved.failures()).as("the table's own key wins").isEmpty();
    assertThat(values()).isEqualTo("1|2|3");
    assertThat(pg.text("select note from " + t("orders") + " where id = 200")).isEqualTo("new");
  }

  @Test
  void sync_wideningObjectFailsItsCopy_theWideningRollsBackWithIt() {
    run(1, "integer", "1");
    sync.sync(store, options().build());

    run(2, "bigint", "not-a-number");
    SyncResult result = sync.sync(store, options().build());

    assertThat(result.failures()).singleElement().satisfies(f -> assertThat(f.line()).isEqualTo(2));
    assertThat(columnType("v")).isEqualTo("integer");
    assertThat(values()).isEqualTo("1");
  }

  @Test
  void sync_viewOnTheWidenedColumn_failsNamingTheView() {
    run(1, "integer", "1");
    sync.sync(store, options().build());
    pg.execute("create view " + t("orders_v") + " as select v from " + t("orders"));

    List<String> keys = run(2, "bigint", "9223372036854775807");
    SyncPlan plan = sync.plan(store, options().build());
    SyncResult result = sync.sync(store, options().build());

    assertThat(plan.objects()).isEmpty();
    assertThat(plan.problems()).singleElement().satisfies(p -> assertThat(p.message())
        .contains("view " + pg.schema() + ".orders_v uses it"));

    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.column()).isEqualTo("v");
      assertThat(f.message()).contains("Cannot load object into table orders", "column v would widen from integer to"
          + " bigint", "view " + pg.schema() + ".orders_v uses it", keys.get(0));
    });
    assertThat(columnType("v")).isEqualTo("integer");
    assertThat(values()).isEqualTo("1");
  }

  /**
   * Two syncs of four threads each load runs of ever wider types into the same table at once: the
   * ALTERs (each an ACCESS EXCLUSIVE lock held to its object's commit) wait for one another and
   * for the COPYs, and whatever deadlock arises is retried; no failure surfaces and every value arrives.
   */
  @Test
  void sync_twoConcurrentSyncsWidening_loadEverythingExactly() throws Exception {
    run(0, "smallint", "1");
    sync.sync(store, options().build());
    String[] types = {"smallint", "integer", "bigint", "numeric(20,0)", "numeric(25,2)", "numeric(30,4)"};
    long expectedSum = 1;
    for (int r = 1; r <= 24; r++) {
      String type = types[r % types.length];
      String value = type.startsWith("numeric(30") ? "12345678901234567890123456.1234" : String.valueOf(r);
      run(r, type, value, value);
      if (!type.startsWith("numeric(30")) {
        expectedSum += 2L * r;
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<SyncResult>> syncs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        syncs.add(pool.submit(() -> new LakeSync(pg.targetOptions()).sync(store, options().set(SYNC_THREADS, 4).build())));
      }
      long loaded = 0;
      for (Future<SyncResult> f : syncs) {
        SyncResult r = f.get();
        assertThat(r.failures()).isEmpty();
        loaded += r.objectsLoaded();
      }
      assertThat(loaded).isEqualTo(24);
    } finally {
      pool.shutdownNow();
    }
    assertThat(columnType("v")).isEqualTo("numeric(30,4)");
    assertThat(pg.scalar("select count(*) from " + t("orders"))).isEqualTo(49);
    assertThat(pg.text("select sum(v) filter (where v < 1000000)::bigint from " + t("orders")))
        .isEqualTo(String.valueOf(expectedSum));
    assertThat(pg.scalar("select count(*) from " + t("orders") + " where v = 12345678901234567890123456.1234"))
        .isEqualTo(8);
    assertThat(ledgerRows()).isEqualTo(25);
  }

  /**
   * A deadlock between a widening and another transaction on the table (here the test's: it holds
   * the table, then waits for the table's DDL lock that the sync's ALTER holds): PostgreSQL rolls
   * the sync's transaction back (40P01; the test's waits longer before it checks), and the sync
   * tries the object again instead of failing it.
   */
  @Test
  void sync_deadlockWhileWidening_isRetriedNotSurfaced() throws Exception {
    run(1, "integer", "1");
    sync.sync(store, options().build());
    run(2, "bigint", "9223372036854775807");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (java.sql.Connection other = pg.connection(); java.sql.Statement st = other.createStatement()) {
      other.setAutoCommit(false);
      st.execute("set local deadlock_timeout = '10min'");
      st.execute("lock table " + t("orders") + " in row exclusive mode");
      Future<SyncResult> result = pool.submit(() -> sync.sync(store, options().set(SYNC_THREADS, 1).build()));
      while (pg.scalar("select count(*) from pg_locks where relation = '" + t("orders") + "'::regclass"
          + " and mode = 'AccessExclusiveLock' and not granted") == 0) {
        assertThat(result.isDone()).as("the sync waits for the table").isFalse();
        Thread.onSpinWait();
      }
      st.execute("select pg_advisory_xact_lock(hashtextextended('ddl:" + pg.schema() + ".orders', 0))");
      other.rollback();

      SyncResult r = result.get();
      assertThat(r.failures()).isEmpty();
      assertThat(r.objectsLoaded()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(columnType("v")).isEqualTo("bigint");
    assertThat(values()).isEqualTo("1|9223372036854775807");
  }
}
