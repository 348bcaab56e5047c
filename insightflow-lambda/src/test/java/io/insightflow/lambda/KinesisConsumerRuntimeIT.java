package io.insightflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.layout.RunManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged Kinesis consumer handler under the real Runtime Interface Client: the runtime's own
 * serialiser turns the event-source-mapping JSON into a {@code KinesisEvent} and the
 * {@code StreamsEventResponse} back into JSON.
 */
class KinesisConsumerRuntimeIT {

  static final String HANDLER = "io.insightflow.lambda.KinesisConsumerHandler::handleRequest";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void packagedHandler_writesTheBatchAndAnswersWithoutFailures() throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "it-logs"));
    Map<String, String> env = Map.of("INSIGHTFLOW_LAKE", dir.resolve("lake").toString(),
        "INSIGHTFLOW_STREAM_TABLE", "order_events");
    try (RuntimeApiServer api = new RuntimeApiServer();
        LambdaProcess lambda = LambdaProcess.start(HANDLER, api, env, logs.resolve("kinesis-lambda.log"))) {
      RuntimeApiServer.Answer ok = api.invoke(LambdaProcess.resource("events/kinesis.json"), Duration.ofSeconds(30))
          .await(Duration.ofSeconds(60));
      RuntimeApiServer.Answer bad = api.invoke("{\"Records\": 7}".getBytes(), Duration.ofSeconds(30))
          .await(Duration.ofSeconds(30));

      assertThat(ok.error()).as("%s%n%s", ok.body(), lambda.output()).isFalse();
      assertThat(JSON.readTree(ok.body()).get("batchItemFailures")).isEmpty();
      assertThat(bad.error()).isTrue();
    }
    try (LocalObjectStore lake = new LocalObjectStore(dir.resolve("lake"))) {
      List<String> manifests = lake.list("data/stream/order_events/").map(o -> o.key())
          .filter(RunManifest::isManifestKey).toList();
      assertThat(manifests).hasSize(1);
      RunManifest manifest = RunManifest.fromJson(manifests.get(0), lake.open(manifests.get(0)).readAllBytes());
      assertThat(manifest.table()).isEqualTo("order_events");
      assertThat(manifest.rows()).isEqualTo(2);
      assertThat(lake.list("errors/processing-failed/order_events/").count()).isEqualTo(1);
    }
  }
}
