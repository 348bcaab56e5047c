package io.insightflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.connect.s3.S3ObjectStore;
import io.insightflow.testing.PostgresTestDatabase;
import io.insightflow.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A write mode per table set the Lambda way, {@code INSIGHTFLOW_SYNC_WRITEMODE_<TABLE>} in the
 * environment, read by {@link LambdaConfig} and applied by the sync handler against S3Proxy and the
 * local PostgreSQL. [#21]
 */
class SyncWriteModeIT {

  static final String BUCKET = "insightflow-modes";
  static final Instant T1 = Instant.parse("2024-05-06T09:30:00Z");
  static final Instant T2 = Instant.parse("2024-05-07T09:30:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  static S3ProxyServer s3;
  PostgresTestDatabase pg;
  S3ObjectStore lake;

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
    s3.createBucket(BUCKET);
    pg = PostgresTestDatabase.reserve();
    lake = new S3ObjectStore(s3.options().newClient(), BUCKET, "lake", true);
  }

  @AfterEach
  void tearDown() {
    lake.list("").forEach(o -> lake.delete(o.key()));
    s3.s3Client().deleteBucket(b -> b.bucket(BUCKET));
    lake.close();
    pg.close();
  }

  private Map<String, String> env(String table, String mode) {
    Map<String, String> env = new HashMap<>(Map.of("INSIGHTFLOW_TARGET_URL", pg.url(), "INSIGHTFLOW_TARGET_USER",
        pg.user(), "INSIGHTFLOW_TARGET_SCHEMA", pg.schema(), "INSIGHTFLOW_SYNC_MODE", "full"));
    env.put("INSIGHTFLOW_SYNC_WRITEMODE_" + table, mode);
    return env;
  }

  private static LambdaConfig config(Map<String, String> env) {
    try (SecretResolver secrets = new SecretResolver(() -> {
      throw new AssertionError("no Secrets Manager call expected");
    }, () -> {
      throw new AssertionError("no SSM call expected");
    })) {
      return LambdaConfig.fromEnvironment(env, secrets);
    }
  }

  private JsonNode invoke(SyncHandler handler) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(LambdaProcess.resource("events/scheduled.json")), out,
        new TestContext(Duration.ofMinutes(1)));
    return JSON.readTree(out.toByteArray());
  }

  private long rows(String table) {
    return pg.scalar("select count(*) from \"" + pg.schema() + "\".\"" + table + "\"");
  }

  @Test
  void tableVariable_replace_makesTheTableTheNewestRunWhileOthersAppend() throws Exception {
    LambdaConfig config = config(env("ORDERS", "replace"));
    assertThat(config.settings()).containsEntry("insightflow.sync.writeMode.orders", "replace");
    SyncHandler handler = new SyncHandler(config.insightflow(), lake);
    TestRuns.write(lake, "orders", T1, 1, 10, 10);
    TestRuns.write(lake, "customers", T1, 1, 5);
    invoke(handler);

    TestRuns.write(lake, "orders", T2, 101, 7);
    TestRuns.write(lake, "customers", T2, 6, 5);
    JsonNode second = invoke(handler);

    assertThat(second.get("objectsFailed").asLong()).isZero();
    assertThat(second.get("objectsLoaded").asLong()).isEqualTo(2);
    assertThat(rows("orders")).isEqualTo(7);
    assertThat(pg.scalar("select min(id) from \"" + pg.schema() + "\".orders")).isEqualTo(101);
    assertThat(rows("customers")).as("appends").isEqualTo(10);
  }

  @Test
  void tableVariable_merge_upsertsOnTheKeyFromTheEnvironment() throws Exception {
    Map<String, String> env = env("ORDERS", "merge");
    env.put("INSIGHTFLOW_SYNC_KEYS_ORDERS", "id");
    LambdaConfig config = config(env);
    assertThat(config.settings()).containsEntry("insightflow.sync.writeMode.orders", "merge");
    SyncHandler handler = new SyncHandler(config.insightflow(), lake);
    TestRuns.write(lake, "orders", T2, 6, 7); // ids 6..12, the later run, loaded first
    invoke(handler);
    TestRuns.write(lake, "orders", T1, 1, 10); // ids 1..10, earlier in lake order

    JsonNode second = invoke(handler);

    assertThat(second.get("objectsFailed").asLong()).isZero();
    assertThat(second.get("objectsLoaded").asLong()).isEqualTo(1);
    assertThat(rows("orders")).as("ids 1..12 once each").isEqualTo(12);
    assertThat(pg.scalar("select count(*) from \"" + pg.schema() + "\".orders o join \"" + pg.schema()
        + "\"._insightflow_loaded l on l.object_id = o._insightflow_object where o.id between 6 and 10"
        + " and l.partition_time = '" + T2 + "'")).as("the later run keeps its rows").isEqualTo(5);
  }

  @Test
  void tableVariable_mergeWithoutKey_failsTheObjectNamingTheKeyToSet() throws Exception {
    SyncHandler handler = new SyncHandler(config(env("ORDERS", "merge")).insightflow(), lake);
    TestRuns.write(lake, "orders", T1, 1, 3);

    assertThatThrownBy(() -> invoke(handler)).hasMessageContaining("1 objects failed")
        .hasMessageContaining("Cannot merge object into table orders: the table has no key; set"
            + " insightflow.sync.keys.orders=");
    assertThat(pg.scalar("select count(*) from \"" + pg.schema() + "\"._insightflow_loaded")).isZero();
  }
}
