package io.insightflow.lambda;

import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.Insightflow;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.layout.RunManifest;
import io.insightflow.sync.LakeSync;
import io.insightflow.sync.SyncOptions;
import io.insightflow.testing.PostgresTestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest handler in process: a PostgreSQL warehouse table into a local lake, then synced back. */
class IngestHandlerIT {

  static final int ROWS = 20_000;
  static final String FOLDER = "data/batch/orders/year=2024/month=05/day=07/hhmm=0930";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  PostgresTestDatabase warehouse;
  PostgresTestDatabase target;
  LocalObjectStore lake;
  IngestHandler handler;

  @BeforeEach
  void setUp() {
    warehouse = PostgresTestDatabase.create();
    target = PostgresTestDatabase.reserve();
    warehouse.execute("create table " + warehouse.schema() + ".orders as select g as id, 'order ' || g as name"
        + " from generate_series(1, " + ROWS + ") g");
    lake = new LocalObjectStore(dir);
    Map<String, String> settings = Map.of("insightflow.source.url", warehouse.url(),
        "insightflow.source.user", warehouse.user(), "insightflow.tables", warehouse.schema() + ".orders",
        "insightflow.ingest.batchSize", "2000", "insightflow.lake", dir.toString(),
        "insightflow.lambda.safetyMargin", "200ms");
    handler = new IngestHandler(Insightflow.fromProperties(settings));
  }

  @AfterEach
  void tearDown() {
    target.close();
    warehouse.close();
  }

  private JsonNode invoke(byte[] event, Duration timeout) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new TestContext(timeout));
    return JSON.readTree(out.toByteArray());
  }

  private long syncedRows() {
    new LakeSync(target.targetOptions()).sync(lake, SyncOptions.builder().set(SYNC_THREADS, 2).build());
    return target.scalar("select count(*) from \"" + target.schema() + "\".orders");
  }

  @Test
  void scheduledEvent_writesTheRunAtTheEventsTime() throws Exception {
    assertThat(EventLoader.loadScheduledEvent("events/scheduled-ingest.json").getTime()).isNotNull();

    JsonNode response = invoke(LambdaProcess.resource("events/scheduled-ingest.json"), Duration.ofMinutes(1));

    assertThat(response.get("triggerTime").asText()).isEqualTo("2024-05-07T09:30:00Z");
    assertThat(response.get("complete").asBoolean()).isTrue();
    assertThat(response.get("rows").asLong()).isEqualTo(ROWS);
    assertThat(response.at("/tables/0/manifestKey").asText()).isEqualTo(FOLDER + "/" + RunManifest.FILE_NAME);
    assertThat(response.at("/tables/0/parts").asInt()).isEqualTo(ROWS / 2000);
    assertThat(syncedRows()).isEqualTo(ROWS);
  }

  @Test
  void directInvocation_outOfTime_reportsPending_andTheSameTimeContinues() throws Exception {
    byte[] event = ("{\"tables\":[\"" + warehouse.schema() + ".orders\"],\"time\":\"2024-05-07T09:30:00Z\"}")
        .getBytes(StandardCharsets.UTF_8);

    JsonNode starved = invoke(event, Duration.ZERO);
    assertThat(starved.get("complete").asBoolean()).isFalse();
    assertThat(starved.get("pendingTables")).extracting(JsonNode::asText).containsExactly("orders");
    assertThat(lake.stat(FOLDER + "/" + RunManifest.FILE_NAME)).isEmpty();

    JsonNode done = invoke(event, Duration.ofMinutes(1));
    assertThat(done.get("complete").asBoolean()).isTrue();
    assertThat(lake.list(FOLDER + "/").filter(o -> o.key().endsWith(".csv")).count()).isEqualTo(ROWS / 2000);
    assertThat(syncedRows()).isEqualTo(ROWS);
    assertThat(target.scalar("select count(distinct id) from \"" + target.schema() + "\".orders")).isEqualTo(ROWS);
  }

  @Test
  void scheduledEvent_outOfTime_failsSoTheRetryContinues() {
    assertThatThrownBy(() -> invoke(LambdaProcess.resource("events/scheduled-ingest.json"), Duration.ZERO))
        .isInstanceOf(IngestIncompleteException.class)
        .hasMessageContaining("orders")
        .hasMessageContaining("2024-05-07T09:30:00Z");
  }

  @Test
  void badEvents_areClearErrors() {
    assertThatThrownBy(() -> invoke(LambdaProcess.resource("events/malformed.json"), Duration.ofMinutes(1)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("not valid JSON at line 3");
    assertThatThrownBy(() -> invoke("{\"time\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(1)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("'yesterday'");
    assertThatThrownBy(() -> invoke(LambdaProcess.resource("events/s3-manifest-created.json"), Duration.ofMinutes(1)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("Unknown field 'Records'");
  }
}
