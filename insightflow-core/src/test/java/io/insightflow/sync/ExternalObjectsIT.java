package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_END;
import static io.insightflow.config.InsightflowProperties.SYNC_EXTERNAL_TABLES;
import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_RELOAD;
import static io.insightflow.config.InsightflowProperties.SYNC_START;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.SYNC_UNKNOWN_FIELDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.connect.s3.S3ObjectStore;
import io.insightflow.connect.snowflake.SnowflakeUnload;
import io.insightflow.layout.RunManifest;
import io.insightflow.stream.OrderEventGenerator;
import io.insightflow.stream.OrderEventTransform;
import io.insightflow.stream.TransformResult;
import io.insightflow.testing.PostgresTestDatabase;
import io.insightflow.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Objects other writers deliver, without manifests, in the in-process S3 server: Firehose output of
 * the library's own transformation (header-less CSV lines, gzip or not, Firehose's object names),
 * JSON lines, a Snowflake unload's gzip CSV files, and files dropped outside the layout.
 */
class ExternalObjectsIT {

  static final String FOLDER_0930 = "year=2024/month=05/day=07/hhmm=0930/";
  static final String FOLDER_0945 = "year=2024/month=05/day=07/hhmm=0945/";

  static S3ProxyServer server;
  S3ObjectStore lake;
  PostgresTestDatabase pg;
  LakeSync sync;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void setUp() {
    lake = S3ObjectStore.open(server.options(), server.newBucket(), "lake");
    pg = PostgresTestDatabase.reserve();
    sync = new LakeSync(pg.targetOptions());
  }

  @AfterEach
  void tearDown() {
    lake.close();
    pg.close();
  }

  private SyncResult sync(String table, SyncMode mode) {
    return sync.sync(lake, SyncOptions.builder().set(SYNC_MODE, mode.name()).set(SYNC_EXTERNAL_TABLES, List.of(table))
        .set(SYNC_THREADS, 2).build());
  }

  /** Order events through the default transformation, as Firehose delivers them: CSV lines, no header. */
  private static byte[] firehoseRecords(long from, int count) {
    OrderEventGenerator events = new OrderEventGenerator(11, Instant.parse("2024-05-07T09:30:00Z"));
    OrderEventTransform transform = new OrderEventTransform();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long i = from; i < from + count; i++) {
      TransformResult r = transform.transform(events.event(i).toJson());
      out.writeBytes(r.data());
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static String firehoseName(String stream) {
    return stream + "-1-2024-05-07-09-30-00-" + UUID.randomUUID();
  }

  private void put(String key, byte[] bytes) {
    lake.put(key, bytes);
  }

  private void schema(String table, String json) {
    put("data/stream/" + table + "/_schema.json", json.getBytes(StandardCharsets.UTF_8));
  }

  private static String orderEventsSchema(String extra) {
    return "{\"format\":\"csv\",\"header\":false" + extra + ",\"columns\":[" + OrderEventTransform.COLUMNS.stream()
        .map(c -> "{\"name\":\"" + c.name() + "\",\"type\":\"" + c.type() + "\"}").collect(Collectors.joining(","))
        + "]}";
  }

  private long count(String table) {
    return pg.scalar("select count(*) from \"" + pg.schema() + "\"." + table);
  }

  @Test
  void sync_firehoseObjectsGzipAndPlain_loadOnceAndARewriteReplaces() throws Exception {
    String prefix = "data/stream/order_events/";
    schema("order_events", orderEventsSchema(",\"partitioned\":true"));
    String plain = prefix + FOLDER_0930 + firehoseName("orders");
    String zipped = prefix + FOLDER_0930 + firehoseName("orders") + ".gz";
    String magicOnly = prefix + FOLDER_0945 + firehoseName("orders"); // gzip without the suffix
    put(plain, firehoseRecords(0, 700));
    put(zipped, gzip(firehoseRecords(700, 800)));
    put(magicOnly, gzip(firehoseRecords(1500, 500)));

    SyncResult first = sync("order_events", SyncMode.INCREMENTAL);
    SyncResult rerun = sync("order_events", SyncMode.INCREMENTAL);
    put(zipped, gzip(firehoseRecords(700, 100))); // Firehose retried: the object is rewritten, shorter
    SyncResult rewrite = sync("order_events", SyncMode.INCREMENTAL);

    assertThat(first.successful()).as("%s", first.failures()).isTrue();
    assertThat(first.rowsLoaded()).isEqualTo(2000);
    assertThat(rerun.objectsLoaded()).isZero();
    assertThat(rewrite.objectsLoaded()).isEqualTo(1);
    assertThat(count("order_events")).isEqualTo(1300);
    assertThat(pg.scalar("select count(distinct order_id) from \"" + pg.schema() + "\".order_events")).isEqualTo(1300);
    assertThat(pg.scalar("select min(order_id) from \"" + pg.schema() + "\".order_events where order_id > 800")).isEqualTo(1501);
  }

  @Test
  void sync_jsonLines_loadByColumnNameWithMissingFieldsAsNull() throws Exception {
    schema("clicks", "{\"format\":\"jsonl\",\"columns\":[{\"name\":\"id\",\"type\":\"bigint\"},"
        + "{\"name\":\"who\",\"type\":\"text\"},{\"name\":\"at\",\"type\":\"timestamp with time zone\"},"
        + "{\"name\":\"tags\",\"type\":\"jsonb\"}]}");
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 1000; i++) {
      lines.append(i % 10 == 0 ? "{\"id\":" + i + ",\"extra\":true}\n"
          : "{\"at\":\"2024-05-07T09:30:00Z\",\"id\":" + i + ",\"who\":\"tab\\there " + i + "\",\"tags\":[\"a\",{\"b\":" + i + "}]}\n");
    }
    put("data/stream/clicks/" + FOLDER_0930 + "clicks-1.jsonl.gz", gzip(lines.toString().getBytes(StandardCharsets.UTF_8)));

    SyncResult result = sync("clicks", SyncMode.INCREMENTAL);

    assertThat(result.successful()).as("%s", result.failures()).isTrue();
    assertThat(count("clicks")).isEqualTo(1000);
    assertThat(pg.scalar("select count(*) from \"" + pg.schema() + "\".clicks where who is null and at is null and tags is null"))
        .isEqualTo(100);
    assertThat(pg.text("select who || '|' || (tags->1->>'b') from \"" + pg.schema() + "\".clicks where id = 7"))
        .isEqualTo("tab\there 7|7");
  }

  @Test
  void sync_snowflakeUnloadFiles_intoAPreCreatedTable_takeItsColumns() throws Exception {
    pg.execute("create schema \"" + pg.schema() + "\"");
    pg.execute("create table \"" + pg.schema() + "\".sf_orders (order_id bigint, product text, price numeric(10,2))");
    for (int file = 0; file < 3; file++) {
      StringBuilder csv = new StringBuilder("order_id,product,price\n");
      for (int i = 0; i < 400; i++) {
        csv.append(file * 400 + i).append(",\"Tortillas, 12\"\" #").append(i).append("\",").append(i).append(".25\n");
      }
      put("data/batch/sf_orders/" + FOLDER_0930 + "sf_orders_part_0_0_" + file + ".csv.gz",
          gzip(csv.toString().getBytes(StandardCharsets.UTF_8)));
    }

    SyncResult result = sync.sync(lake, SyncOptions.builder().set(SYNC_EXTERNAL_TABLES, List.of("sf_orders")).build());

    assertThat(result.successful()).as("%s", result.failures()).isTrue();
    assertThat(count("sf_orders")).isEqualTo(1200);
    assertThat(pg.text("select product from \"" + pg.schema() + "\".sf_orders where order_id = 401")).isEqualTo("Tortillas, 12\" #1");
  }

  @Test
  void sync_snowflakeUnloadRecordedByItsManifest_loadsByETagAndRefusesAChangedFile() throws Exception {
    String folder = "data/batch/unloaded/year=2024/month=05/day=07/hhmm=0930";
    List<RunManifest.Column> columns = List.of(new RunManifest.Column("order_id", "bigint", "NUMBER", false),
        new RunManifest.Column("product", "text", "VARCHAR", true));
    for (int file = 0; file < 2; file++) {
      StringBuilder csv = new StringBuilder("order_id,product\n");
      for (int i = 0; i < 250; i++) {
        csv.append(file * 250 + i).append(",\"p, ").append(i).append("\"\n");
      }
      put(folder + "/unloaded_part_0_0_" + file + ".csv.gz", gzip(csv.toString().getBytes(StandardCharsets.UTF_8)));
    }
    RunManifest manifest = SnowflakeUnload.writeManifest(lake, folder, "unloaded", columns,
        Instant.parse("2024-05-07T09:30:00Z"), "SELECT * FROM unloaded");

    SyncResult first = sync.sync(lake, SyncOptions.builder().build());
    SyncResult again = sync.sync(lake, SyncOptions.builder().build());
    put(folder + "/unloaded_part_0_0_1.csv.gz", gzip("order_id,product\n9999,x\n".getBytes(StandardCharsets.UTF_8)));
    SyncResult changed = sync.sync(lake, SyncOptions.builder().set(SYNC_MODE, "full").build());

    assertThat(manifest.compression()).isEqualTo("gzip");
    assertThat(manifest.parts()).allSatisfy(p -> assertThat(p.etag()).isNotBlank());
    assertThat(first.successful()).as("%s", first.failures()).isTrue();
    assertThat(count("unloaded")).isEqualTo(500);
    assertThat(again.objectsLoaded()).isZero();
    assertThat(failure(changed, folder + "/unloaded_part_0_0_1.csv.gz").message()).contains("ETag changed");
    assertThat(count("unloaded")).isEqualTo(500);
  }

  @Test
  void sync_objectOutsideTheLayout_takesItsLastModifiedTimeForWindows() throws Exception {
    schema("drops", orderEventsSchema(""));
    put("data/stream/drops/manual/batch-1.csv", firehoseRecords(0, 50));
    Instant now = Instant.now();

    SyncResult past = sync.sync(lake, SyncOptions.builder().set(SYNC_MODE, "window")
        .set(SYNC_START, "2024-01-01T00:00:00Z").set(SYNC_END, "2024-02-01T00:00:00Z")
        .set(SYNC_EXTERNAL_TABLES, List.of("drops")).build());
    SyncResult current = sync.sync(lake, SyncOptions.builder().set(SYNC_MODE, "window")
        .set(SYNC_START, now.minusSeconds(3600).toString()).set(SYNC_END, now.plusSeconds(3600).toString())
        .set(SYNC_EXTERNAL_TABLES, List.of("drops")).build());

    assertThat(past.objectsLoaded()).isZero();
    assertThat(current.objectsLoaded()).isEqualTo(1);
    assertThat(count("drops")).isEqualTo(50);
  }

  @Test
  void sync_badObjects_nameObjectLineAndColumn_andCommitNothingOfThem() throws Exception {
    schema("order_events", orderEventsSchema(""));
    schema("clicks", "{\"format\":\"jsonl\",\"columns\":[{\"name\":\"id\",\"type\":\"bigint\"},{\"name\":\"who\",\"type\":\"text\"}]}");
    schema("typed", "{\"format\":\"csv\",\"header\":true,\"columns\":[{\"name\":\"id\",\"type\":\"bigint\"},{\"name\":\"who\",\"type\":\"text\"}]}");
    byte[] good = gzip(firehoseRecords(0, 300));
    String truncated = "data/stream/order_events/" + FOLDER_0930 + "truncated.gz";
    put(truncated, Arrays.copyOf(good, good.length / 2));
    String notObject = "data/stream/clicks/" + FOLDER_0930 + "a.jsonl";
    put(notObject, "{\"id\":1}\n{\"id\":2}\n[3]\n".getBytes(StandardCharsets.UTF_8));
    String wrongType = "data/stream/clicks/" + FOLDER_0945 + "b.jsonl";
    put(wrongType, "{\"id\":1}\n{\"id\":\"two\"}\n".getBytes(StandardCharsets.UTF_8));
    String badHeader = "data/stream/typed/" + FOLDER_0930 + "c.csv";
    put(badHeader, "id,name\n1,a\n".getBytes(StandardCharsets.UTF_8));

    SyncResult result = sync.sync(lake, SyncOptions.builder()
        .set(SYNC_EXTERNAL_TABLES, List.of("order_events", "clicks", "typed")).build());

    assertThat(result.failures()).extracting(ObjectFailure::key)
        .containsExactlyInAnyOrder(truncated, notObject, wrongType, badHeader);
    assertThat(result.failures()).allSatisfy(f -> assertThat(f.message()).contains(f.key()));
    assertThat(failure(result, truncated).message()).contains("truncated or corrupt gzip stream");
    assertThat(failure(result, notObject)).satisfies(f -> {
      assertThat(f.line()).isEqualTo(3);
      assertThat(f.message()).contains("line 3: not a JSON object");
    });
    assertThat(failure(result, wrongType)).satisfies(f -> {
      assertThat(f.line()).isEqualTo(2);
      assertThat(f.column()).isEqualTo("id");
    });
    assertThat(failure(result, badHeader).line()).isEqualTo(1);
    assertThat(pg.scalar("select count(*) from \"" + pg.schema() + "\"._insightflow_loaded")).isZero();
  }

  @Test
  void sync_unknownJsonFieldWhenRejected_failsNamingTheField() {
    schema("clicks", "{\"format\":\"jsonl\",\"columns\":[{\"name\":\"id\",\"type\":\"bigint\"}]}");
    String key = "data/stream/clicks/" + FOLDER_0930 + "a.jsonl";
    put(key, "{\"id\":1}\n{\"id\":2,\"surprise\":1}\n".getBytes(StandardCharsets.UTF_8));

    SyncResult ignored = sync.sync(lake, SyncOptions.builder().set(SYNC_MODE, "full")
        .set(SYNC_RELOAD, true)
        .set(SYNC_EXTERNAL_TABLES, List.of("clicks")).build());
    SyncResult rejected = sync.sync(lake, SyncOptions.builder().set(SYNC_MODE, "full")
        .set(SYNC_RELOAD, true)
        .set(SYNC_EXTERNAL_TABLES, List.of("clicks")).set(SYNC_UNKNOWN_FIELDS, "reject").build());

    assertThat(ignored.rowsLoaded()).isEqualTo(2);
    assertThat(failure(rejected, key)).satisfies(f -> {
      assertThat(f.line()).isEqualTo(2);
      assertThat(f.column()).isEqualTo("surprise");
    });
    assertThat(count("clicks")).isEqualTo(2); // the failed reload left the earlier rows as they were
  }

  @Test
  void sync_externalTableWithoutColumns_failsSayingWhereToDeclareThem() {
    String key = "data/stream/nocols/" + FOLDER_0930 + "x.csv";
    put(key, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));

    SyncResult result = sync("nocols", SyncMode.INCREMENTAL);

    assertThat(failure(result, key).message()).contains("has no columns").contains("_schema.json");
  }

  private static ObjectFailure failure(SyncResult result, String key) {
    return result.failures().stream().filter(f -> f.key().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no failure of " + key + " in " + result.failures()));
  }
}
