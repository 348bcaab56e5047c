package io.insightflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged Firehose handler under the real Runtime Interface Client: handler string, the
 * Firehose JSON in and out, the error contract, and the SnapStart priming hook.
 */
class FirehoseTransformRuntimeIT {

  static final String HANDLER = "io.insightflow.lambda.FirehoseTransformHandler::handleRequest";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void packagedHandler_answersFirehoseAndReportsErrors() throws Exception {
    try (RuntimeApiServer api = new RuntimeApiServer();
        LambdaProcess lambda = LambdaProcess.start(HANDLER, api, Map.of(), dir.resolve("lambda.log"))) {
      RuntimeApiServer.Answer ok = api.invoke(LambdaProcess.resource("events/firehose.json"), Duration.ofSeconds(30))
          .await(Duration.ofSeconds(60));
      RuntimeApiServer.Answer bad = api.invoke("{\"records\": 42}".getBytes(), Duration.ofSeconds(30))
          .await(Duration.ofSeconds(30));

      assertThat(ok.error()).as(lambda.output()).isFalse();
      assertThat(ok.inTime()).isTrue();
      JsonNode records = JSON.readTree(ok.body()).get("records");
      assertThat(records.findValuesAsText("result")).containsExactly("Ok", "ProcessingFailed", "Dropped", "Ok");
      assertThat(bad.error()).isTrue();
      JsonNode error = JSON.readTree(bad.body());
      assertThat(error.get("errorType").asText()).isEqualTo("io.insightflow.stream.StreamException");
      assertThat(error.get("errorMessage").asText()).contains("Not a Firehose transformation event");
      // One JSON line per invocation, with the request id and cold start flag.
      List<String> lines = Files.readAllLines(dir.resolve("lambda.log")).stream()
          .filter(l -> l.contains("\"event\":\"invocation\"")).toList();
      assertThat(lines).as(lambda.output()).hasSize(2);
      assertThat(JSON.readTree(lines.get(0)).at("/coldStart").asBoolean()).isTrue();
      assertThat(JSON.readTree(lines.get(1)).at("/coldStart").asBoolean()).isFalse();
      assertThat(JSON.readTree(lines.get(1)).at("/outcome").asText()).isEqualTo("error");
    }
  }

  @Test
  void snapStart_runsThePrimingHookBeforeTheSnapshot() throws Exception {
    Path log = dir.resolve("snapstart.log");
    try (RuntimeApiServer api = new RuntimeApiServer();
        LambdaProcess lambda = LambdaProcess.start(HANDLER, api, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"),
            List.of("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac"), log)) {
      RuntimeApiServer.Answer ok = api.invoke(LambdaProcess.resource("events/firehose.json"), Duration.ofSeconds(30))
          .await(Duration.ofSeconds(60));

      assertThat(ok.error()).as(lambda.output()).isFalse();
      assertThat(Files.readString(log)).contains("snapstart priming done");
    }
  }
}
