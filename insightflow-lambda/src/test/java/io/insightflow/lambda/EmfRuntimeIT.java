package io.insightflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.testing.LakeObjects;
import io.insightflow.testing.PostgresTestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * [#23] The packaged sync handler under the real Runtime Interface Client writes CloudWatch Embedded
 * Metric Format: every line with an {@code _aws} block is a valid EMF document ({@link EmfLines}),
 * and the figures are those of a known lake: orders (two parts, 150 rows), items (one part with a
 * row the target cannot take: rejected) and broken (a part rewritten after its manifest: fails).
 */
class EmfRuntimeIT {

  static final String HANDLER = "io.insightflow.lambda.SyncHandler::handleRequest";
  static final Instant T1 = Instant.parse("2024-05-07T09:30:00Z");
  static final String ORDERS_1 = rows(1, 100);
  static final String ORDERS_2 = rows(101, 50);
  static final String ITEMS = "id,name\n1,a\nnot-a-number,b\n3,c\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  PostgresTestDatabase pg;

  @BeforeEach
  void setUp() {
    pg = PostgresTestDatabase.reserve();
  }

  @AfterEach
  void tearDown() {
    pg.close();
  }

  private static String rows(int first, int n) {
    StringBuilder csv = new StringBuilder("id,name\n");
    for (int i = first; i < first + n; i++) {
      csv.append(i).append(",name-").append(i).append('\n');
    }
    return csv.toString();
  }

  /** A complete run of {@code table}: its parts, then the manifest vouching for {@code vouched}. */
  private void run(String table, List<String> vouched) throws IOException {
    String folder = PartitionTemplate.batch().render(table, T1);
    List<RunManifest.Part> parts = new ArrayList<>();
    for (int i = 0; i < vouched.size(); i++) {
      String key = folder + "/" + table + "_part" + (i + 1) + ".csv";
      byte[] bytes = vouched.get(i).getBytes(StandardCharsets.UTF_8);
      write(key, bytes);
      parts.add(new RunManifest.Part(key, vouched.get(i).lines().count() - 1, bytes.length,
          LakeObjects.crc32c(bytes), null));
    }
    List<RunManifest.Column> columns = List.of(new RunManifest.Column("id", "bigint", null, true),
        new RunManifest.Column("name", "text", null, true));
    RunManifest manifest = new RunManifest(RunManifest.VERSION, UUID.randomUUID().toString(), table, T1, "csv",
        "test", "select *", columns, parts, parts.stream().mapToLong(RunManifest.Part::rows).sum(), T1);
    write(RunManifest.keyIn(folder), manifest.toJson());
  }

  private void write(String key, byte[] bytes) throws IOException {
    Path file = dir.resolve("lake").resolve(key);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  private static long bytes(String csv) {
    return csv.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void syncInvocations_writeValidEmfWithTheRunsFigures() throws Exception {
    run("orders", List.of(ORDERS_1, ORDERS_2));
    run("items", List.of(ITEMS));
    run("broken", List.of(rows(1, 5)));
    String brokenKey = PartitionTemplate.batch().render("broken", T1) + "/broken_part1.csv";
    write(brokenKey, rows(1, 6).getBytes(StandardCharsets.UTF_8)); // not what its manifest vouches for
    Map<String, String> env = Map.of("INSIGHTFLOW_LAKE", dir.resolve("lake").toString(),
        "INSIGHTFLOW_TARGET_URL", pg.url(), "INSIGHTFLOW_TARGET_USER", pg.user(),
        "INSIGHTFLOW_TARGET_SCHEMA", pg.schema(), "INSIGHTFLOW_SYNC_ONERROR", "REJECT");
    byte[] task = "{\"mode\":\"full\"}".getBytes(StandardCharsets.UTF_8);
    Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve("emf-sync-lambda.log"); // kept
    Files.deleteIfExists(log);

    try (RuntimeApiServer api = new RuntimeApiServer();
        LambdaProcess lambda = LambdaProcess.start(HANDLER, api, env, log)) {
      RuntimeApiServer.Answer first = api.invoke(task, Duration.ofSeconds(60)).await(Duration.ofSeconds(90));
      RuntimeApiServer.Answer second = api.invoke(task, Duration.ofSeconds(60)).await(Duration.ofSeconds(90));
      assertThat(first.error()).as("the failed object fails the invocation: %s%n%s", first.body(), lambda.output())
          .isTrue();
      assertThat(second.error()).isTrue();
    }

    List<JsonNode> emf = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (line.contains("\"_aws\"")) {
        JsonNode node = JSON.readTree(line);
        assertThat(EmfLines.problems(node)).as(line).isEmpty();
        emf.add(node);
      }
    }
    List<JsonNode> invocations = emf.stream().filter(n -> n.path("event").asText().equals("invocation")).toList();
    assertThat(invocations).hasSize(2);
    JsonNode cold = invocations.get(0);
    assertThat(cold.get("outcome").asText()).isEqualTo("error");
    assertThat(cold.get("function").asText()).isEqualTo("insightflow-test");
    assertThat(cold.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"function\"]]");
    assertThat(cold.get("insightflow.rows.loaded").asLong()).isEqualTo(152);
    assertThat(cold.get("insightflow.bytes.loaded").asLong()).isEqualTo(bytes(ORDERS_1) + bytes(ORDERS_2) + bytes(ITEMS));
    assertThat(cold.get("insightflow.objects.loaded").asLong()).isEqualTo(3);
    assertThat(cold.get("insightflow.objects.failed").asLong()).isEqualTo(1);
    assertThat(cold.get("insightflow.objects.remaining").asLong()).isZero();
    assertThat(cold.get("insightflow.rows.rejected").asLong()).isEqualTo(1);
    assertThat(cold.get("insightflow.coldstart").asLong()).isEqualTo(1);
    assertThat(cold.get("insightflow.duration").asLong()).isEqualTo(cold.get("ms").asLong());
    assertThat(cold.get("coldStart").asBoolean()).isTrue();
    assertThat(cold.get("rowsLoaded").asLong()).as("the line's existing fields stay").isEqualTo(152);

    JsonNode warm = invocations.get(1);
    assertThat(warm.get("insightflow.coldstart").asLong()).isZero();
    assertThat(warm.get("insightflow.rows.loaded").asLong()).as("everything else was loaded").isZero();
    assertThat(warm.get("insightflow.objects.failed").asLong()).isEqualTo(1);

    // The first invocation's per-table documents, one line per table, with the same request id.
    List<JsonNode> tables = emf.stream().filter(n -> n.path("event").asText().equals("metrics")
        && n.get("requestId").equals(cold.get("requestId"))).toList();
    assertThat(tables).extracting(n -> n.get("table").asText()).containsExactly("broken", "items", "orders");
    assertThat(tables).allSatisfy(n -> assertThat(n.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
        .isEqualTo("[[\"function\",\"table\"]]"));
    assertThat(tables.get(0).get("insightflow.objects.failed").asLong()).isEqualTo(1);
    assertThat(tables.get(1).get("insightflow.rows.rejected").asLong()).isEqualTo(1);
    assertThat(tables.get(1).get("insightflow.rows.loaded").asLong()).isEqualTo(2);
    assertThat(tables.get(2).get("insightflow.rows.loaded").asLong()).isEqualTo(150);
    assertThat(tables.get(2).get("insightflow.bytes.loaded").asLong()).isEqualTo(bytes(ORDERS_1) + bytes(ORDERS_2));
    // [#23] How stale each loaded table is: its newest loaded partition (T1) behind the invocation's now.
    long sinceT1 = java.time.Duration.between(T1, Instant.now()).toSeconds();
    assertThat(tables.get(2).get("insightflow.freshness.lag").asLong()).isBetween(sinceT1 - 120, sinceT1);
    assertThat(tables.get(1).get("insightflow.freshness.lag").asLong()).isBetween(sinceT1 - 120, sinceT1);
    assertThat(tables.get(0).has("insightflow.freshness.lag")).as("nothing of broken loaded").isFalse();
  }
}
