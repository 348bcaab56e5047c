package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_END;
import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_START;
import static io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.insightflow.internal.Json;
import io.insightflow.layout.RunManifest;
import io.insightflow.sync.VerifyReport.Divergence;
import io.insightflow.sync.VerifyReport.Kind;
import io.insightflow.sync.VerifyReport.NotLoaded;
import io.insightflow.sync.VerifyReport.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Verify against the real PostgreSQL and a local lake: a healthy lake and target report nothing
 * wrong; each divergence introduced by hand is named with its table, object and both figures. [#23]
 */
class VerifyIT extends LakeSyncFixture {

  static final Instant T2 = Instant.parse("2024-05-07T10:30:00Z");
  static final Instant T3 = Instant.parse("2024-05-08T09:30:00Z");
  static final Instant NOW = Instant.parse("2024-05-08T12:00:00Z");

  private List<String> first;
  private List<String> second;

  @BeforeEach
  void healthyLake() {
    sync = new LakeSync(pg.targetOptions(), Clock.fixed(NOW, ZoneOffset.UTC));
    first = lake.run("orders", T1, TestLake.idName(), TestLake.idNameRows(1, 100), TestLake.idNameRows(101, 50));
    second = lake.run("orders", T2, TestLake.idName(), TestLake.idNameRows(151, 10));
  }

  private static SyncOptions options() {
    return SyncOptions.builder().set(SYNC_MODE, "full").build();
  }

  private VerifyReport syncAndVerify() {
    assertThat(sync.sync(store, options()).successful()).isTrue();
    return sync.verify(store, options());
  }

  @Test
  void verify_healthyLakeAndTarget_reportsNothingWrong() throws Exception {
    VerifyReport report = syncAndVerify();

    assertThat(report.consistent()).isTrue();
    assertThat(report.divergences()).isEmpty();
    assertThat(report.notLoaded()).isEmpty();
    assertThat(report.tables()).singleElement().satisfies(t -> {
      assertThat(t.table()).isEqualTo("orders");
      assertThat(t.objectsLoaded()).isEqualTo(3);
      assertThat(t.rowsPromised()).isEqualTo(160);
      assertThat(t.rowsFound()).isEqualTo(160);
      assertThat(t.rowsWithoutObject()).isZero();
      assertThat(t.keyCount()).isNull();
      assertThat(t.objects()).extracting(VerifyReport.ObjectCheck::rowsFound).containsExactly(100L, 50L, 10L);
    });
    JsonNode json = Json.MAPPER.readTree(report.toJson());
    assertThat(json.path("consistent").asBoolean()).isTrue();
    assertThat(json.path("tables").get(0).path("objects").get(0).path("key").asText()).isEqualTo(first.get(0));
    assertThat(json.path("tables").get(0).path("freshness").path("newestLoaded").asText()).isEqualTo(T2.toString());
    assertThat(report.describe().get(0)).contains("1 tables, consistent");
  }

  @Test
  void verify_rowsDeletedByHand_namesTableObjectAndBothFigures() {
    syncAndVerify();
    pg.execute("delete from " + t("orders") + " where id <= 10");

    VerifyReport report = sync.verify(store, options());

    assertThat(report.consistent()).isFalse();
    assertThat(report.divergences()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(Kind.ROWS);
      assertThat(d.table()).isEqualTo("orders");
      assertThat(d.key()).isEqualTo(first.get(0));
      assertThat(d.expected()).isEqualTo("100");
      assertThat(d.found()).isEqualTo("90");
      assertThat(d.message()).contains("table orders", first.get(0), "promises 100 rows", "but 90 do");
    });
    assertThat(report.describe()).anySatisfy(line -> assertThat(line).startsWith("  DIVERGENCE rows: table orders"));
  }

  @Test
  void verify_objectRewrittenAfterLoading_isChangedWithBothChecksums() {
    syncAndVerify();
    String loadedCrc = io.insightflow.testing.LakeObjects.crc32c(
        TestLake.idNameRows(151, 10).getBytes(StandardCharsets.UTF_8));
    byte[] other = TestLake.idNameRows(900, 10).getBytes(StandardCharsets.UTF_8);
    store.put(second.get(0), other); // the manifest still vouches for the old content

    VerifyReport report = sync.verify(store, options());

    assertThat(report.divergences()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(Kind.CHANGED);
      assertThat(d.key()).isEqualTo(second.get(0));
      assertThat(d.expected()).isEqualTo(loadedCrc);
      assertThat(d.found()).isEqualTo(io.insightflow.testing.LakeObjects.crc32c(other));
      assertThat(d.message()).contains("table orders", second.get(0), "rewritten since it was loaded");
    });
  }

  @Test
  void verify_objectRewrittenWithSameContent_isNoDivergence() {
    syncAndVerify();
    store.put(second.get(0), TestLake.idNameRows(151, 10).getBytes(StandardCharsets.UTF_8)); // a retried run: new ETag

    assertThat(sync.verify(store, options()).consistent()).isTrue();
  }

  @Test
  void verify_manifestWhosePartVanished_namesTheVanishedObject() {
    syncAndVerify();
    store.delete(first.get(1));

    VerifyReport report = sync.verify(store, options());

    assertThat(report.divergences()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(Kind.VANISHED);
      assertThat(d.key()).isEqualTo(first.get(1));
      assertThat(d.message()).contains("table orders", first.get(1), "no longer in the lake");
    });
    assertThat(report.consistent()).isFalse();
  }

  @Test
  void verify_failedObject_isNotLoadedWithItsMessageAndFailsVerify() {
    List<String> bad = lake.run("orders", T3, TestLake.idName(), "id,name\n1,a\nabc,b\n");
    assertThat(sync.sync(store, options()).successful()).isFalse();

    VerifyReport report = sync.verify(store, options());

    assertThat(report.divergences()).isEmpty();
    assertThat(report.notLoaded()).singleElement().satisfies(n -> {
      assertThat(n.reason()).isEqualTo(Reason.FAILED);
      assertThat(n.key()).isEqualTo(bad.get(0));
      assertThat(n.message()).contains("line 3", "column id");
    });
    assertThat(report.consistent()).isFalse();
    assertThat(report.problems()).singleElement().asString().contains("table orders", bad.get(0), "failed to load");
  }

  @Test
  void verify_incompleteAndPendingRuns_areListedWithWhyButAreNoFault() {
    syncAndVerify();
    List<String> incomplete = lake.parts("orders", T3, TestLake.idNameRows(1000, 7)); // no manifest
    List<String> pending = lake.run("orders", T3.plusSeconds(3600), TestLake.idName(), TestLake.idNameRows(2000, 3));

    VerifyReport report = sync.verify(store, options());

    assertThat(report.consistent()).isTrue();
    assertThat(report.notLoaded()).extracting(NotLoaded::key, NotLoaded::reason).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(incomplete.get(0), Reason.INCOMPLETE),
        org.assertj.core.groups.Tuple.tuple(pending.get(0), Reason.PENDING));
  }

  @Test
  void verify_runWithAPartMissingBeforeLoading_isIncompleteNamingTheMissingPart() {
    syncAndVerify();
    List<String> keys = lake.run("orders", T3, TestLake.idName(), TestLake.idNameRows(1000, 7),
        TestLake.idNameRows(2000, 7));
    store.delete(keys.get(1));

    VerifyReport report = sync.verify(store, options());

    assertThat(report.consistent()).isTrue();
    assertThat(report.notLoaded()).extracting(NotLoaded::key, NotLoaded::reason).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(keys.get(0), Reason.INCOMPLETE),
        org.assertj.core.groups.Tuple.tuple(keys.get(1), Reason.INCOMPLETE));
    assertThat(report.notLoaded()).filteredOn(n -> n.key().equals(keys.get(1))).singleElement()
        .satisfies(n -> assertThat(n.message()).contains("missing from the lake"));
  }

  @Test
  void verify_window_namesObjectsOutsideIt() {
    SyncOptions window = SyncOptions.builder().set(SYNC_MODE, "window").set(SYNC_START, T1.toString())
        .set(SYNC_END, T2.toString()).build();
    assertThat(sync.sync(store, window).successful()).isTrue();

    VerifyReport report = sync.verify(store, window);

    assertThat(report.consistent()).isTrue();
    assertThat(report.notLoaded()).singleElement().satisfies(n -> {
      assertThat(n.key()).isEqualTo(second.get(0));
      assertThat(n.reason()).isEqualTo(Reason.OUTSIDE_WINDOW);
    });
  }

  @Test
  void verify_rowsOfAnObjectTheLedgerDoesNotKnow_areADivergence() {
    syncAndVerify();
    pg.execute("insert into " + t("orders") + " (id, name, _insightflow_object) values (7, 'forged', 999)");

    VerifyReport report = sync.verify(store, options());

    assertThat(report.divergences()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(Kind.UNKNOWN_OBJECT);
      assertThat(d.message()).contains("1 rows carry object id 999");
    });
  }

  @Test
  void verify_mergeTable_upsertsAreRightAndADuplicatedKeyIsNamed() {
    List<RunManifest.Column> columns = TestLake.columns("id bigint", "v text");
    lake.run("items", T1, columns, "id,v\n1,a\n2,b\n3,c\n");
    lake.run("items", T2, columns, "id,v\n2,B\n3,C\n4,D\n");
    SyncOptions merge = SyncOptions.builder().set(SYNC_MODE, "full").set(io.insightflow.config.InsightflowProperties.TABLES,
        List.of("items")).setAll(Map.of(SYNC_WRITE_MODE.nameFor("items"), "merge", "insightflow.sync.keys.items", "id"))
        .build();
    assertThat(sync.sync(store, merge).successful()).isTrue();

    VerifyReport healthy = sync.verify(store, merge);

    assertThat(healthy.consistent()).isTrue();
    assertThat(healthy.tables()).singleElement().satisfies(t -> {
      assertThat(t.writeMode()).isEqualTo(WriteMode.MERGE);
      assertThat(t.rowsPromised()).isEqualTo(6);
      assertThat(t.rowsFound()).isEqualTo(4); // key 2 and 3 were upserted by the second run
      assertThat(t.keyCount()).isEqualTo(4);
      assertThat(t.duplicateKeys()).isZero();
    });

    pg.execute("alter table " + t("items") + " drop constraint if exists items_pkey");
    pg.execute("drop index if exists \"" + pg.schema() + "\".items_id_idx");
    pg.execute("insert into " + t("items") + " (id, v) values (1, 'duplicate')");
    VerifyReport report = sync.verify(store, merge);

    assertThat(report.divergences()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(Kind.DUPLICATE_KEYS);
      assertThat(d.table()).isEqualTo("items");
      assertThat(d.expected()).isEqualTo("0");
      assertThat(d.found()).isEqualTo("1");
      assertThat(d.message()).contains("table items", "1 of its 4 keys (id)");
    });
  }

  @Test
  void verify_replaceTable_holdsOnlyTheCurrentRunAndRowsOfASupersededRunAreNamed() {
    lake.run("snap", T1, TestLake.idName(), TestLake.idNameRows(1, 5));
    List<String> current = lake.run("snap", T2, TestLake.idName(), TestLake.idNameRows(1, 3));
    SyncOptions replace = SyncOptions.builder().set(SYNC_MODE, "full").set(io.insightflow.config.InsightflowProperties.TABLES,
        List.of("snap")).setAll(Map.of(SYNC_WRITE_MODE.nameFor("snap"), "replace")).build();
    assertThat(sync.sync(store, replace).successful()).isTrue();
    assertThat(sync.verify(store, replace).consistent()).isTrue();

    long superseded = pg.scalar("select object_id from " + t("_insightflow_loaded") + " where state = 'superseded'");
    pg.execute("insert into " + t("snap") + " (id, name, _insightflow_object) values (9, 'old', " + superseded + ")");
    VerifyReport report = sync.verify(store, replace);

    assertThat(report.tables()).singleElement().satisfies(t -> {
      assertThat(t.objectsLoaded()).isEqualTo(1);
      assertThat(t.rowsFound()).isEqualTo(3);
    });
    assertThat(report.divergences()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(Kind.ROWS);
      assertThat(d.key()).isNotEqualTo(current.get(0));
      assertThat(d.expected()).isEqualTo("0");
      assertThat(d.found()).isEqualTo("1");
      assertThat(d.message()).contains("superseded");
    });
  }

  @Test
  void freshness_fixedClock_givesNewestLoadedNewestInLakeAndTheirLag() {
    syncAndVerify();
    lake.run("orders", T3, TestLake.idName(), TestLake.idNameRows(1000, 7)); // complete, not loaded

    TableFreshness expected = new TableFreshness("orders", T2, T3, Duration.between(T2, NOW), Duration.between(T3, NOW));
    assertThat(sync.freshness(store, options())).containsExactly(expected);
    assertThat(sync.status(store, options())).singleElement().extracting(TableStatus::freshness).isEqualTo(expected);
    assertThat(sync.verify(store, options()).tables()).singleElement().extracting(VerifyReport.TableCheck::freshness)
        .isEqualTo(expected);
  }
}
