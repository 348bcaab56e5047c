package io.insightflow.lambda;

import io.insightflow.testing.MotoServer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.layout.RunManifest;
import io.insightflow.testing.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The packaged ingest handler under the real Runtime Interface Client: a PostgreSQL table into a
 * lake in invocations of 1.5 seconds, each answering before its deadline, until the run is complete;
 * then a scheduled event; bad events are errors; the run is registered in Glue (moto_server).
 */
class IngestRuntimeIT {

  static final String HANDLER = "io.insightflow.lambda.IngestHandler::handleRequest";
  /**
   * Enough rows that an invocation's 200 ms of work (a 1.2 s deadline less the 1 s safety margin)
   * cannot export them all even at 9M rows/s, and few enough that at 300k rows/s the run still ends
   * within the loop's cap.
   */
  static final int ROWS = 2_400_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void packagedHandler_ingestsAcrossShortInvocations() throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "it-logs"));
    try (PostgresTestDatabase warehouse = PostgresTestDatabase.create();
        RuntimeApiServer api = new RuntimeApiServer();
        MotoServer moto = MotoServer.start();
        GlueClient glue = GlueClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(MotoServer.CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      glue.createDatabase(b -> b.databaseInput(d -> d.name("raw")));
      warehouse.execute("create table " + warehouse.schema() + ".orders as select g as id, md5(g::text) as name"
          + " from generate_series(1, " + ROWS + ") g");
      // Statistics, as autovacuum gives every real table (and would give this one at a random moment):
      // the table is planned as block ranges, so an invocation resumes at its chunk instead of
      // re-reading every row before its position, which on a slow machine alone outlasts the deadline.
      warehouse.execute("analyze " + warehouse.schema() + ".orders");
      Map<String, String> env = Map.ofEntries(Map.entry("INSIGHTFLOW_SOURCE_URL", warehouse.url()),
          Map.entry("INSIGHTFLOW_SOURCE_USER", warehouse.user()),
          Map.entry("INSIGHTFLOW_TABLES", warehouse.schema() + ".orders"),
          Map.entry("INSIGHTFLOW_INGEST_BATCHSIZE", "20000"),
          Map.entry("INSIGHTFLOW_LAKE", dir.resolve("lake").toString()),
          Map.entry("INSIGHTFLOW_LAMBDA_SAFETYMARGIN", "1s"),
          Map.entry("INSIGHTFLOW_CATALOG_GLUE_DATABASE", "raw"),
          Map.entry("INSIGHTFLOW_CATALOG_GLUE_ENDPOINT", moto.endpoint().toString()),
          Map.entry("INSIGHTFLOW_CATALOG_GLUE_REGION", "us-east-1"),
          Map.entry("AWS_ACCESS_KEY_ID", "testing"),
          Map.entry("AWS_SECRET_ACCESS_KEY", "testing"));
      try (LambdaProcess lambda = LambdaProcess.start(HANDLER, api, env, logs.resolve("ingest-lambda.log"))) {
        byte[] direct = "{\"time\":\"2024-05-07T09:30:00Z\"}".getBytes(StandardCharsets.UTF_8);
        int invocations = 0;
        boolean complete;
        do {
          RuntimeApiServer.Answer answer = api.invoke(direct, Duration.ofMillis(1200)).await(Duration.ofSeconds(60));
          assertThat(answer.error()).as("%s%n%s", answer.body(), lambda.output()).isFalse();
          assertThat(answer.inTime()).as("answered %d ms late", answer.answeredAtMillis() - answer.deadlineMillis())
              .isTrue();
          complete = JSON.readTree(answer.body()).get("complete").asBoolean();
          invocations++;
        } while (!complete && invocations < 200);
        assertThat(complete).isTrue();
        assertThat(invocations).as("invocations that continued the run").isGreaterThan(1);

        RuntimeApiServer.Answer scheduled = api.invoke(LambdaProcess.resource("events/scheduled-ingest.json"),
            Duration.ofSeconds(60)).await(Duration.ofSeconds(90));
        RuntimeApiServer.Answer bad = api.invoke(LambdaProcess.resource("events/kinesis.json"), Duration.ofSeconds(10))
            .await(Duration.ofSeconds(30));

        assertThat(scheduled.error()).as(scheduled.body()).isFalse();
        assertThat(JSON.readTree(scheduled.body()).get("rows").asLong()).isEqualTo(ROWS);
        assertThat(bad.error()).isTrue();
        assertThat(JSON.readTree(bad.body()).get("errorType").asText()).isEqualTo(InvalidEventException.class.getName());
      }
      try (LocalObjectStore lake = new LocalObjectStore(dir.resolve("lake"))) {
        String manifestKey = "data/batch/orders/year=2024/month=05/day=07/hhmm=0930/" + RunManifest.FILE_NAME;
        RunManifest manifest = RunManifest.fromJson(manifestKey, lake.open(manifestKey).readAllBytes());
        assertThat(manifest.rows()).isEqualTo(ROWS);
        assertThat(manifest.parts()).hasSizeGreaterThanOrEqualTo(ROWS / 20_000)
            .allSatisfy(part -> assertThat(part.rows()).isBetween(1L, 20_000L));
        assertThat(manifest.parts().stream().mapToLong(RunManifest.Part::rows).sum()).isEqualTo(ROWS);
      }
      // The committed run is registered in Glue (moto_server) by the artifact's own Glue client.
      assertThat(glue.getPartitions(b -> b.databaseName("raw").tableName("orders")).partitions()).isNotEmpty();
    }
  }
}
