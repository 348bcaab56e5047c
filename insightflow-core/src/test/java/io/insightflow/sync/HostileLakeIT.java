package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_EXTERNAL_TABLES;
import static io.insightflow.config.InsightflowProperties.SYNC_MAX_INFLATION;
import static io.insightflow.config.InsightflowProperties.SYNC_MAX_LINE_BYTES;
import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_RETRY_TIMEOUT;
import static io.insightflow.config.InsightflowProperties.SYNC_TIME_BUDGET;
import io.insightflow.config.OptionsBuilder;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowException;
import io.insightflow.SteppingClock;
import io.insightflow.connect.s3.S3ObjectStore;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import io.insightflow.testing.FaultProxy;
import io.insightflow.testing.ForwardingObjectStore;
import io.insightflow.testing.IsolatedDatabase;
import io.insightflow.testing.LakeObjects;
import io.insightflow.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake as a hostile writer and a careless operator fill it (issue #19), against the real
 * PostgreSQL (a database of its own, so its catalogs can be compared whole), the local lake and the
 * in-process S3 server. Every case checks the clear error, that no SQL from the lake ran (the
 * catalog, {@code public.victim} and large objects unchanged), that sync's own tables hold only
 * what was really loaded, and that the other tables are exactly as loaded before.
 */
class HostileLakeIT {

  private static final Instant T1 = Instant.parse("2024-05-07T09:30:00Z");
  private static final Instant T2 = T1.plus(Duration.ofHours(1));
  private static final Instant T3 = T1.plus(Duration.ofHours(2));
  private static final String SCHEMA = "lake";
  private static final String BATCH = "data/batch/";

  static S3ProxyServer s3;

  @TempDir
  Path dir;
  IsolatedDatabase db;
  LocalObjectStore store;
  TestLake lake;
  LakeSync sync;

  @BeforeAll
  static void startS3() {
    s3 = S3ProxyServer.start();
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @BeforeEach
  void setUp() {
    db = IsolatedDatabase.create();
    db.execute("CREATE TABLE public.victim (id integer PRIMARY KEY); INSERT INTO public.victim VALUES (1), (2)");
    store = new LocalObjectStore(dir.resolve("lake"));
    lake = new TestLake(store);
    sync = new LakeSync(db.targetOptions(SCHEMA));
  }

  @AfterEach
  void tearDown() {
    store.close();
    db.close();
  }

  private static OptionsBuilder<SyncOptions> options() {
    return SyncOptions.builder().set(SYNC_THREADS, 2);
  }

  /** 100 products loaded by a first sync: every case checks they are exactly there afterwards. */
  private String loadProducts() {
    lake.run("products", T1, TestLake.idName(), TestLake.idNameRows(1, 100));
    assertThat(sync.sync(store, options().build()).objectsLoaded()).isEqualTo(1);
    return products();
  }

  private String products() {
    return db.text("SELECT count(*) || ' ' || md5(string_agg(id || ',' || name, E'\\n' ORDER BY id)) FROM lake.products");
  }

  /** Sync's ledger, one line per loaded object, without the time it was written. */
  private String ledger() {
    return db.text("SELECT coalesce(string_agg(object_key || ' ' || table_name || ' ' || crc32c || ' ' || rows_loaded,"
        + " E'\\n' ORDER BY object_key), '') FROM lake._insightflow_loaded");
  }

  /** Sync's watermarks: each names a folder of the lake and a partition time sync found there. */
  private String watermarks() {
    return db.text("SELECT coalesce(string_agg(table_name || ' ' || resume_from, E'\\n' ORDER BY table_name), '')"
        + " FROM lake._insightflow_watermark");
  }

  private void put(ObjectStore target, String key, String text) {
    target.put(key, text.getBytes(StandardCharsets.UTF_8));
  }

  private static String schemaJson(String extra, String... columns) {
    StringBuilder json = new StringBuilder("{").append(extra).append("\"columns\": [");
    for (int i = 0; i < columns.length; i++) {
      String[] nameType = columns[i].split(" ", 2);
      json.append(i == 0 ? "" : ", ").append("{\"name\": \"").append(nameType[0]).append("\", \"type\": \"")
          .append(nameType[1]).append("\"}");
    }
    return json.append("]}").toString();
  }

  /** A run whose manifest is written as given: any table name, any columns. */
  private void forgedRun(String folderTable, Instant time, String manifestTable, List<RunManifest.Column> columns,
      String csv) {
    String folder = lake.template.render(folderTable, time);
    String key = folder + "/part-00001.csv";
    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
    store.put(key, bytes);
    RunManifest m = new RunManifest(RunManifest.VERSION, "forged", manifestTable, time, "csv", "hostile", null,
        columns, List.of(new RunManifest.Part(key, TestLake.dataRows(csv), bytes.length, LakeObjects.crc32c(bytes))),
        TestLake.dataRows(csv), Instant.now());
    store.put(RunManifest.keyIn(folder), m.toJson());
  }

  @Test
  void columnTypesCarryingClauses_failTheirObjects_andNoSqlOfThemRuns() {
    String before = loadProducts();
    lake.run("fk", T1, TestLake.columns("id int references victim"), "id\n1\n");
    lake.run("dflt", T1, TestLake.columns("id bigint", "who text default current_user"), "id,who\n1,\n");
    lake.run("pk", T1, TestLake.columns("id int primary key"), "id\n1\n");
    lake.run("products", T2, TestLake.columns("id bigint", "name text", "note text default lo_create(4242)"),
        "id,name,note\n101,n,x\n");
    put(store, BATCH + "ext/_schema.json", schemaJson("", "id int references victim"));
    put(store, BATCH + "ext/drop.csv", "id\n1\n");
    String catalog = db.catalog();
    String ledger = ledger();

    SyncResult result = sync.sync(store, options().set(SYNC_EXTERNAL_TABLES, List.copyOf(List.of("ext"))).build());

    assertThat(result.failures()).hasSize(5).allSatisfy(f -> assertThat(f.message())
        .contains("Unsupported column type", "more than a type", "write a built-in PostgreSQL type"));
    assertThat(result.objectsLoaded()).isZero();
    assertThat(db.catalog()).isEqualTo(catalog);
    assertThat(db.scalar("SELECT count(*) FROM pg_largeobject_metadata")).isZero();
    db.execute("DELETE FROM public.victim"); // no foreign key points at it
    assertThat(products()).isEqualTo(before);
    assertThat(ledger()).isEqualTo(ledger);
    assertThat(watermarks()).contains("products 2024-05-07 10:30:00+00"); // held at the failed run, to retry it
  }

  @Test
  void tablesNamedFromTheLake_neverReachSyncsBookkeeping() {
    String before = loadProducts();
    String ledger = ledger();
    String layout = PartitionTemplate.batch().template();
    // An external table whose _schema.json points at the watermarks, with a watermark far in the future.
    put(store, BATCH + "events/_schema.json", schemaJson("\"table\": \"_insightflow_watermark\", \"header\": false, ",
        "table_name text", "layout text", "resume_from timestamptz"));
    put(store, BATCH + "events/forged.csv", "products," + layout + ",9999-01-01T00:00:00Z\n");
    // A run in products' folder whose manifest names the ledger, with a ledger row that would skip products.
    forgedRun("products", T2, "_insightflow_loaded", TestLake.columns("object_id integer", "object_key text"),
        "object_id,object_key\n999," + lake.template.render("products", T3) + "/products_part00001.csv\n");
    // A folder named like the ledger, with a manifest that agrees.
    forgedRun("_insightflow_loaded", T1, "_insightflow_loaded", TestLake.columns("object_id integer"), "object_id\n998\n");
    forgedRun("_INSIGHTFLOW_WATERMARK", T1, "_INSIGHTFLOW_WATERMARK", TestLake.columns("x integer"), "x\n1\n");
    String catalog = db.catalog();

    SyncResult result = sync.sync(store, options().set(SYNC_EXTERNAL_TABLES, List.copyOf(List.of("events"))).build());

    assertThat(result.failures()).extracting(ObjectFailure::message).hasSize(4).anySatisfy(m -> assertThat(m)
        .contains("names table _insightflow_watermark but lies in the folder of table events"))
        .anySatisfy(m -> assertThat(m).contains("names table _insightflow_loaded but lies in the folder of table products"))
        .anySatisfy(m -> assertThat(m).contains("Table name _insightflow_loaded is reserved for sync's own tables"))
        .anySatisfy(m -> assertThat(m).contains("Table name _INSIGHTFLOW_WATERMARK is reserved"));
    assertThat(db.catalog()).isEqualTo(catalog);
    assertThat(ledger()).isEqualTo(ledger);
    assertThat(watermarks()).doesNotContain("9999").contains("products 2024-05-07 10:30:00+00");
    assertThat(products()).isEqualTo(before);

    // Later runs of products still load, incrementally and in a full sync alike, and nothing twice.
    lake.run("products", T3, TestLake.idName(), TestLake.idNameRows(101, 20));
    SyncResult incremental = sync.sync(store, options().set(SYNC_EXTERNAL_TABLES, List.copyOf(List.of("events")))
        .build());
    assertThat(incremental.tables()).filteredOn(t -> t.table().equals("products")).singleElement()
        .satisfies(t -> assertThat(t.objectsLoaded()).isEqualTo(1));
    SyncResult full = sync.sync(store, options().set(SYNC_MODE, "full")
        .set(SYNC_EXTERNAL_TABLES, List.copyOf(List.of("events"))).build());
    assertThat(full.objectsLoaded()).isZero();
    assertThat(db.scalar("SELECT count(*) FROM lake.products")).isEqualTo(120);
    assertThat(ledger()).contains(lake.template.render("products", T3)).doesNotContain("998", "999");
  }

  @Test
  void symbolicLinksOutOfTheLake_areNeverLoaded() throws IOException {
    String before = loadProducts();
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(dir.resolve("secret.txt"), "id,name\n666,secret\n");
    Files.writeString(outside.resolve("more.csv"), "id,name\n667,secret-too\n");
    put(store, BATCH + "drops/_schema.json", schemaJson("", "id bigint", "name text"));
    put(store, BATCH + "drops/good.csv", "id,name\n1,fine\n");
    Path folder = store.root().resolve(BATCH + "drops");
    Files.createSymbolicLink(folder.resolve("link.csv"), dir.resolve("secret.txt"));
    Files.createSymbolicLink(folder.resolve("linked"), outside);
    // A run whose manifest lists a part that is a link out of the lake.
    List<String> keys = lake.parts("products", T2, "id,name\n666,secret\n");
    Path part = store.root().resolve(keys.get(0));
    Files.delete(part);
    Files.createSymbolicLink(part, dir.resolve("secret.txt"));
    lake.manifest("products", T2, TestLake.idName(), keys, "id,name\n666,secret\n");

    SyncResult result = sync.sync(store, options().set(SYNC_EXTERNAL_TABLES, List.copyOf(List.of("drops"))).build());

    assertThat(db.text("SELECT string_agg(id || ',' || name, ';' ORDER BY id) FROM lake.drops")).isEqualTo("1,fine");
    assertThat(result.failures()).singleElement().satisfies(f -> assertThat(f.message())
        .contains("missing from the lake").contains(keys.get(0)));
    assertThat(products()).isEqualTo(before);
    assertThatThrownBy(() -> store.stat(BATCH + "drops/link.csv")).hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> store.open(BATCH + "drops/link.csv").close()).hasMessageContaining("symbolic link");
  }

  @Test
  void objectRewrittenInPlaceWhileRead_failsAndStaysPending_localLake() throws IOException {
    put(store, BATCH + "drops/_schema.json", schemaJson("", "id bigint", "name text"));
    String first = TestLake.idNameRows(1, 100_000);
    String second = first.replace("name-", "NAME-"); // same size: only the content tells them apart
    put(store, BATCH + "drops/a.csv", first);
    Path file = store.root().resolve(BATCH + "drops/a.csv");
    ObjectStore writerMidRead = new RewritingStore(store, key -> rewriteInPlace(file, second));

    SyncResult torn = sync.sync(writerMidRead, options().set(SYNC_EXTERNAL_TABLES, List.copyOf(List.of("drops")))
        .build());

    assertThat(torn.failures()).singleElement().satisfies(f -> assertThat(f.message()).containsIgnoringCase("changed"));
    assertThat(db.scalar("SELECT count(*) FROM lake.drops")).isZero();
    assertThat(db.scalar("SELECT count(*) FROM lake._insightflow_loaded")).isZero();
    SyncResult again = sync.sync(store, options().set(SYNC_EXTERNAL_TABLES, List.copyOf(List.of("drops"))).build());
    assertThat(again.objectsLoaded()).isEqualTo(1);
    assertThat(db.scalar("SELECT count(*) FROM lake.drops WHERE name LIKE 'NAME-%'")).isEqualTo(100_000);
    assertThat(db.scalar("SELECT count(*) FROM lake.drops")).isEqualTo(100_000);
  }

  @Test
  void objectRewrittenBetweenListingAndRead_failsAndStaysPending_s3() {
    try (S3ObjectStore bucket = S3ObjectStore.open(s3.options(), s3.newBucket(), "lake")) {
      put(bucket, BATCH + "drops/_schema.json", schemaJson("", "id bigint", "name text"));
      put(bucket, BATCH + "drops/a.csv", TestLake.idNameRows(1, 1000));
      String rewritten = TestLake.idNameRows(5001, 3000);
      ObjectStore writerMidRead = new RewritingStore(bucket, key -> put(bucket, key, rewritten));

      SyncResult torn = sync.sync(writerMidRead, options().set(SYNC_EXTERNAL_TABLES, List.copyOf(List.of("drops")))
          .build());

      assertThat(torn.failures()).singleElement().satisfies(f -> assertThat(f.key()).isEqualTo(BATCH + "drops/a.csv"));
      assertThat(db.scalar("SELECT count(*) FROM lake.drops")).isZero();
      assertThat(sync.sync(bucket, options().set(SYNC_EXTERNAL_TABLES, List.copyOf(List.of("drops")))
          .build()).objectsLoaded()).isEqualTo(1);
      assertThat(db.text("SELECT count(*) || ' ' || min(id) FROM lake.drops")).isEqualTo("3000 5001");
    }
  }

  @Test
  void compressionBombs_failNamingTheLimit_andGenuineArchivesLoad() throws IOException {
    String before = loadProducts();
    put(store, BATCH + "nulls/_schema.json", schemaJson("\"header\": false, \"compression\": \"gzip\", ", "v text"));
    store.put(BATCH + "nulls/bomb.csv.gz", gzip("\n".repeat(8 << 20)));
    put(store, BATCH + "clicks/_schema.json", schemaJson("\"format\": \"jsonl\", ", "id bigint"));
    store.put(BATCH + "clicks/bomb.jsonl.gz", gzip(" \n".repeat(4 << 20)));
    store.put(BATCH + "clicks/fine.jsonl.gz", gzip("{\"id\": 1}\n{\"id\": 2}\n"));
    SyncResult result = sync.sync(store, options().set(SYNC_EXTERNAL_TABLES, List.copyOf(List.of("nulls", "clicks")))
        .build());

    assertThat(result.failures()).extracting(ObjectFailure::key)
        .containsExactlyInAnyOrder(BATCH + "nulls/bomb.csv.gz", BATCH + "clicks/bomb.jsonl.gz");
    assertThat(result.failures()).allSatisfy(f -> assertThat(f.message())
        .contains("inflates beyond", "insightflow.sync.maxInflation", "nothing of it was loaded"));
    assertThat(db.scalar("SELECT count(*) FROM lake.nulls")).isZero();
    assertThat(db.text("SELECT string_agg(id::text, ',' ORDER BY id) FROM lake.clicks")).isEqualTo("1,2");
    assertThat(ledger()).contains(BATCH + "clicks/fine.jsonl.gz clicks").doesNotContain("bomb");
    assertThat(products()).isEqualTo(before);

    // The limit is a setting: 2 MiB of newlines in 2 KiB is genuine to whoever raises it.
    store.put(BATCH + "nulls/small.csv.gz", gzip("\n".repeat(2 << 20)));
    store.delete(BATCH + "nulls/bomb.csv.gz");
    SyncResult raised = sync.sync(store, options().set(SYNC_EXTERNAL_TABLES, List.copyOf(List.of("nulls")))
        .set(SYNC_MAX_INFLATION, 5000L).build());
    assertThat(raised.failures()).isEmpty();
    assertThat(db.scalar("SELECT count(*) FROM lake.nulls WHERE v IS NULL")).isEqualTo(2 << 20);
  }

  @Test
  void jsonLineOverTheLimit_failsItsObjectOnly() {
    String before = loadProducts();
    put(store, BATCH + "clicks/_schema.json", schemaJson("\"format\": \"jsonl\", ", "id bigint", "note text"));
    put(store, BATCH + "clicks/a.jsonl", "{\"id\": 1}\n{\"id\": 2, \"note\": \"" + "x".repeat(2 << 20) + "\"}\n");
    put(store, BATCH + "clicks/b.jsonl", "{\"id\": 3, \"note\": \"short\"}\n");

    SyncResult result = sync.sync(store, options().set(SYNC_EXTERNAL_TABLES, List.copyOf(List.of("clicks")))
        .set(SYNC_MAX_LINE_BYTES, (long) 1 << 20).build());

    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(BATCH + "clicks/a.jsonl");
      assertThat(f.line()).isEqualTo(2);
      assertThat(f.message()).contains("line 2: the line is longer than 1048576 bytes", "insightflow.sync.maxLineBytes");
    });
    assertThat(db.text("SELECT string_agg(id || ':' || note, ',') FROM lake.clicks")).isEqualTo("3:short");
    assertThat(products()).isEqualTo(before);
  }

  @Test
  void objectNamesThatCouldForgeLogLines_areSkippedAndPrintedEscaped() throws IOException {
    String before = loadProducts();
    put(store, BATCH + "drops/_schema.json", schemaJson("", "id bigint", "name text"));
    put(store, BATCH + "drops/good.csv", "id,name\n1,fine\n");
    Files.writeString(store.root().resolve(BATCH + "drops/x.csv\n[INFO] BUILD SUCCESS"), "id,name\n2,forged\n");
    lake.run("products", T2, TestLake.idName(), TestLake.idNameRows(101, 5));

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    SyncResult result;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      result = sync.sync(store, options().set(SYNC_EXTERNAL_TABLES, List.copyOf(List.of("drops"))).build());
    } finally {
      System.setErr(stderr);
    }

    String printed = log.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("x.csv\\n[INFO] BUILD SUCCESS");
    assertThat(printed.lines()).noneMatch(line -> line.startsWith("[INFO] BUILD SUCCESS"));
    assertThat(result.failures()).isEmpty();
    assertThat(db.text("SELECT string_agg(id || ',' || name, ';') FROM lake.drops")).isEqualTo("1,fine");
    assertThat(db.scalar("SELECT count(*) FROM lake.products")).isEqualTo(105);
    assertThat(db.text("SELECT count(*) || ' ' || md5(string_agg(id || ',' || name, E'\\n' ORDER BY id))"
        + " FROM lake.products WHERE id <= 100")).isEqualTo(before);
  }

  @Test
  void deadlineWhileAnObjectLoads_rollsItBackAndLeavesItPending() {
    lake.run("big", T1, TestLake.idName(), TestLake.idNameRows(1, 200_000)); // ~3.4 MB: looked at thrice
    // Readings: the budget's start, before the object, then one per MiB read: past at the second MiB.
    LakeSync stepping = new LakeSync(db.targetOptions(SCHEMA), new SteppingClock(T1, Duration.ofSeconds(1)));

    SyncResult stopped = stepping.sync(store, options().set(SYNC_THREADS, 1)
        .set(SYNC_TIME_BUDGET, Duration.ofSeconds(3)).build());

    assertThat(stopped.failures()).isEmpty();
    assertThat(stopped.remaining()).singleElement().asString().endsWith("big_part00001.csv");
    assertThat(stopped.deadlineReached()).isTrue();
    assertThat(db.scalar("SELECT count(*) FROM lake.big")).isZero();
    assertThat(db.scalar("SELECT count(*) FROM lake._insightflow_loaded")).isZero();
    assertThat(db.scalar("SELECT count(*) FROM lake._insightflow_failed")).isZero();
    assertThat(sync.sync(store, options().build()).objectsLoaded()).isEqualTo(1);
    assertThat(db.scalar("SELECT count(*) FROM lake.big")).isEqualTo(200_000);
  }

  /** The local PostgreSQL (no TLS) through a proxy that counts connections and breaks each with {@code faults}. */
  private static FaultProxy proxy(double rate) {
    return FaultProxy.start(URI.create("tcp://127.0.0.1:5432"), rate, 1, 2, 19, EnumSet.of(FaultProxy.Fault.RESET), 0);
  }

  private LakeSync through(FaultProxy proxy, String parameters, java.time.Clock clock) {
    String url = db.url().replace("127.0.0.1:5432", proxy.endpoint().getHost() + ":" + proxy.endpoint().getPort());
    PostgresConnectionOptions target = db.targetOptions(SCHEMA);
    return new LakeSync(new PostgresConnectionOptions(url + parameters, target.user(), target.password(), target.sslMode(),
        target.schema()), clock);
  }

  @Test
  void aServerThatRefusesTls_isAConfigurationError_notRetried() {
    try (FaultProxy proxy = proxy(0)) {
      LakeSync refused = through(proxy, "?sslmode=require", java.time.Clock.systemUTC());

      assertThatThrownBy(() -> refused.sync(store, options().set(SYNC_RETRY_TIMEOUT, Duration.ofSeconds(60)).build()))
          .isInstanceOf(InsightflowException.class).hasMessageContaining("does not support SSL");
      assertThat(proxy.connections()).isEqualTo(1);
    }
  }

  @Test
  void retriesStopAtTheDeadline_withinTheRetryTimeout() {
    try (FaultProxy proxy = proxy(1)) { // every connection is reset: PostgreSQL keeps going away
      LakeSync away = through(proxy, "", new SteppingClock(T1, Duration.ofSeconds(1)));

      assertThatThrownBy(() -> away.sync(store, options().set(SYNC_RETRY_TIMEOUT, Duration.ofSeconds(60))
          .set(SYNC_TIME_BUDGET, Duration.ofSeconds(4)).build()))
          .isInstanceOf(InsightflowException.class).hasMessageContaining("before the deadline");
      assertThat(proxy.connections()).isBetween(1, 4);
    }
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** Overwrites a file's bytes in place, as a careless writer does: same inode, new content. */
  private static void rewriteInPlace(Path file, String content) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(0);
      f.write(content.getBytes(StandardCharsets.UTF_8));
      f.setLength(content.getBytes(StandardCharsets.UTF_8).length);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The real store, with another writer that rewrites an object right after sync starts reading it
   * (or, for S3, right before the read reaches the server).
   */
  private static final class RewritingStore extends ForwardingObjectStore {
    private final Consumer<String> rewrite;

    RewritingStore(ObjectStore lake, Consumer<String> rewrite) {
      super(lake);
      this.rewrite = rewrite;
    }

    @Override
    public InputStream open(ObjectInfo listed) {
      if (delegate instanceof S3ObjectStore) {
        rewrite.accept(listed.key());
        return delegate.open(listed);
      }
      return new FilterInputStream(delegate.open(listed)) {
        boolean rewritten;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, Math.min(len, 4096));
          if (!rewritten) {
            rewritten = true;
            rewrite.accept(listed.key());
          }
          return n;
        }
      };
    }

    @Override
    public void close() {
      // The store belongs to the test.
    }
  }
}
