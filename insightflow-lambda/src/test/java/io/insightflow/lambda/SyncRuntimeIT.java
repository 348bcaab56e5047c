package io.insightflow.lambda;

import io.insightflow.testing.MotoServer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.Insightflow;
import io.insightflow.ingest.IngestResult;
import io.insightflow.testing.PostgresTestDatabase;
import io.insightflow.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The seed's failure, reversed, with the packaged sync handler under the real Runtime Interface
 * Client: a lake of generated {@code order_products__prior} (a few million rows, written by ingest)
 * is synced by Step Functions invocations: the first container is killed in the middle of an
 * invocation, then a new one syncs in invocations of 2.5 seconds (1.25 s of them kept back) until
 * nothing is left.
 * Every answer must come before its deadline; the result must be exact (rows and checksum against
 * the warehouse) with every object loaded once. The target password comes from Secrets Manager
 * (moto_server) through the artifact's own client.
 */
class SyncRuntimeIT {

  static final String HANDLER = "io.insightflow.lambda.SyncHandler::handleRequest";
  static final String TABLE = "order_products__prior";
  static final String BUCKET = "lake-bucket";
  static final double SCALE = 0.08; // about 2.6 million rows
  static final int PART_ROWS = 50_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  /** The child JVMs' output, kept after the test. */
  static Path logs;
  static PostgresTestDatabase warehouse;
  static PostgresTestDatabase target;
  static S3ProxyServer s3;
  static MotoServer moto;
  static long expectedRows;
  static int parts;

  @BeforeAll
  static void lake() throws Exception {
    logs = Files.createDirectories(Path.of("target", "it-logs"));
    warehouse = PostgresTestDatabase.create();
    target = PostgresTestDatabase.reserve();
    Path gen = dir.resolve("generated");
    Insightflow flow = Insightflow.configure().baseDirectory(dir)
        .property("insightflow.generate.scale", Double.toString(SCALE))
        .property("insightflow.generate.dir", gen.toString())
        .property("insightflow.load.dir", gen.toString())
        .property("insightflow.tables", TABLE)
        .property("insightflow.source.url", warehouse.url())
        .property("insightflow.source.user", warehouse.user())
        .property("insightflow.load.schema", warehouse.schema())
        .build();
    flow.generate();
    flow.loadWarehouse();
    // S3Proxy serves dir/s3 with buckets as folders: ingest writes the lake there as a local lake.
    IngestResult ingested = flow.toBuilder()
        .property("insightflow.tables", warehouse.schema() + "." + TABLE)
        .property("insightflow.lake", dir.resolve("s3").resolve(BUCKET).resolve("lake").toString())
        .property("insightflow.ingest.batchSize", Integer.toString(PART_ROWS))
        .property("insightflow.ingest.triggerTime", "2024-05-07T09:30:00Z")
        .build().ingest();
    expectedRows = ingested.rows();
    parts = ingested.tables().get(0).parts();
    s3 = S3ProxyServer.start(dir.resolve("s3"));
    moto = MotoServer.start();
    try (SecretsManagerClient secrets = MotoClients.secretsManager(moto)) {
      secrets.createSecret(b -> b.name("insightflow/target").secretString("{\"password\":\"unused-under-trust\"}"));
    }
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (moto != null) {
      moto.close();
    }
    if (s3 != null) {
      s3.close();
    }
    target.close();
    warehouse.close();
  }

  private static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("INSIGHTFLOW_LAKE", "s3://" + BUCKET + "/lake");
    env.put("INSIGHTFLOW_S3_ENDPOINT", s3.endpoint().toString());
    env.put("INSIGHTFLOW_S3_PATHSTYLE", "true");
    env.put("INSIGHTFLOW_TARGET_URL", target.url());
    env.put("INSIGHTFLOW_TARGET_USER", target.user());
    env.put("INSIGHTFLOW_TARGET_SCHEMA", target.schema());
    env.put("INSIGHTFLOW_TARGET_PASSWORDSECRET", "insightflow/target");
    env.put("INSIGHTFLOW_SYNC_THREADS", "2");
    env.put("INSIGHTFLOW_LAMBDA_SAFETYMARGIN", "1500ms");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY);
    env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL);
    env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.endpoint().toString());
    return env;
  }

  @Test
  void shortInvocations_killMidway_syncEverythingExactlyOnce() throws Exception {
    assertThat(expectedRows).isGreaterThan(2_000_000);
    byte[] task = ("{\"mode\":\"incremental\",\"tables\":[\"" + TABLE + "\"]}").getBytes(StandardCharsets.UTF_8);
    Duration timeout = Duration.ofMillis(2500);
    int invocations = 0;
    long objectsAnswered = 0;
    long remaining;
    boolean stoppedByDeadline = false;
    try (RuntimeApiServer api = new RuntimeApiServer()) {
      LambdaProcess lambda = LambdaProcess.start(HANDLER, api, environment(), logs.resolve("sync-lambda-1.log"));
      try {
        // Bad events first: each a clear error, and the container lives on.
        JsonNode malformed = error(api.invoke(LambdaProcess.resource("events/malformed.json"), timeout), lambda);
        assertThat(malformed.get("errorType").asText()).isEqualTo(InvalidEventException.class.getName());
        assertThat(malformed.get("errorMessage").asText()).contains("not valid JSON at line 3");
        JsonNode foreign = error(api.invoke(LambdaProcess.resource("events/s3-outside-lake.json"), timeout), lambda);
        assertThat(foreign.get("errorMessage").asText()).contains("outside the lake s3://" + BUCKET + "/lake");

        // An invocation is killed as soon as it has committed objects, as Lambda kills a container
        // at its timeout: in the middle of its work, other objects being loaded.
        api.invoke(task, Duration.ofSeconds(30));
        long waitUntil = System.currentTimeMillis() + 30_000;
        while (loadedObjects() == 0 && System.currentTimeMillis() < waitUntil) {
          Thread.sleep(10);
        }
        lambda.kill();
        invocations++;
        assertThat(loadedObjects()).as("the killed invocation committed objects").isBetween(1L, parts - 1L);
      } finally {
        lambda.kill();
      }
    }
    // A new container against a fresh Runtime API (the killed one's invocation is gone), with short
    // invocations until nothing is left.
    try (RuntimeApiServer api = new RuntimeApiServer();
        LambdaProcess lambda = LambdaProcess.start(HANDLER, api, environment(), logs.resolve("sync-lambda-2.log"))) {
      do {
        JsonNode answer = answer(api.invoke(task, timeout), lambda);
        objectsAnswered += answer.get("objectsLoaded").asLong();
        remaining = answer.get("remaining").asLong();
        stoppedByDeadline |= remaining > 0;
        invocations++;
      } while (remaining > 0 && invocations < 100);
      assertThat(remaining).isZero();
      assertThat(stoppedByDeadline).as("some invocation stopped at its deadline with objects left").isTrue();
      // And once more: nothing left, nothing loaded twice.
      assertThat(answer(api.invoke(task, timeout), lambda).get("objectsLoaded").asLong()).isZero();
    }

    String copy = "\"" + target.schema() + "\".\"" + TABLE + "\"";
    String source = "\"" + warehouse.schema() + "\".\"" + TABLE + "\"";
    assertThat(target.scalar("select count(*) from " + copy)).isEqualTo(expectedRows);
    assertThat(target.scalar(checksum(copy))).isEqualTo(warehouse.scalar(checksum(source)));
    assertThat(loadedObjects()).isEqualTo(parts);
    assertThat(target.scalar("select sum(rows_loaded) from \"" + target.schema() + "\"._insightflow_loaded"))
        .isEqualTo(expectedRows);
    assertThat(objectsAnswered).as("objects loaded by answered invocations").isLessThan(parts);
    System.out.printf("SyncRuntimeIT: %d rows in %d parts, %d invocations of 2.5 s (one killed)%n", expectedRows,
        parts, invocations);
  }

  private static long loadedObjects() {
    String loaded = "\"" + target.schema() + "\"._insightflow_loaded";
    boolean exists = target.scalar("select (to_regclass('" + loaded + "') is not null)::int") == 1;
    return exists ? target.scalar("select count(*) from " + loaded) : 0;
  }

  /** An order-independent checksum of every row (a multiset hash), identical for identical rows. */
  private static String checksum(String table) {
    return "select sum(hashtext(order_id || ',' || product_id || ',' || add_to_cart_order || ',' || reordered)::bigint)"
        + " from " + table;
  }

  private static JsonNode answer(RuntimeApiServer.Invocation invocation, LambdaProcess lambda) throws Exception {
    RuntimeApiServer.Answer answer = invocation.await(Duration.ofSeconds(60));
    assertThat(answer.error()).as("%s%n%s", answer.body(), lambda.output()).isFalse();
    assertThat(answer.inTime()).as("answered %d ms after the deadline", answer.answeredAtMillis() - answer.deadlineMillis())
        .isTrue();
    return JSON.readTree(answer.body());
  }

  private static JsonNode error(RuntimeApiServer.Invocation invocation, LambdaProcess lambda) throws Exception {
    RuntimeApiServer.Answer answer = invocation.await(Duration.ofSeconds(60));
    assertThat(answer.error()).as("%s%n%s", answer.body(), lambda.output()).isTrue();
    return JSON.readTree(answer.body());
  }
}
