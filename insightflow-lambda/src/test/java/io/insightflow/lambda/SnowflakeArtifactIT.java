package io.insightflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Snowflake artifact: within Lambda's 250 MB unzipped, and the trimmed driver still loads and
 * attempts a login (no Snowflake is reachable here: it must fail on the network, not on a class).
 */
class SnowflakeArtifactIT {

  static final String HANDLER = "io.insightflow.lambda.IngestHandler::handleRequest";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void unzippedSize_isWithinLambdasLimit() throws Exception {
    long unzipped;
    try (ZipFile zip = new ZipFile(LambdaProcess.SNOWFLAKE_ARTIFACT.toFile())) {
      unzipped = zip.stream().mapToLong(e -> Math.max(0, e.getSize())).sum();
    }
    assertThat(unzipped).isLessThan(250L * 1024 * 1024);
    assertThat(Files.size(LambdaProcess.ARTIFACT)).isLessThan(50L * 1024 * 1024);
  }

  @Test
  void snowflakeSource_failsOnTheNetworkNotOnAMissingClass() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> env = Map.of("INSIGHTFLOW_SOURCE_URL", "jdbc:snowflake://127.0.0.1:" + closedPort
            + "/?account=test&ssl=off&loginTimeout=5&networkTimeout=5&password=not-a-real-one",
        "INSIGHTFLOW_SOURCE_USER", "loader", "INSIGHTFLOW_TABLES", "orders",
        "INSIGHTFLOW_LAKE", dir.resolve("lake").toString());
    Path logs = Files.createDirectories(Path.of("target", "it-logs"));
    try (RuntimeApiServer api = new RuntimeApiServer();
        LambdaProcess lambda = LambdaProcess.start(LambdaProcess.SNOWFLAKE_ARTIFACT, HANDLER, api, env, List.of(),
            logs.resolve("snowflake-lambda.log"))) {
      RuntimeApiServer.Answer answer = api.invoke("{\"time\":\"2024-05-07T09:30:00Z\"}".getBytes(),
          Duration.ofSeconds(120)).await(Duration.ofSeconds(150));

      assertThat(answer.error()).as(answer.body()).isTrue();
      JsonNode error = JSON.readTree(answer.body());
      String text = error.toString();
      assertThat(text).doesNotContain("NoClassDefFoundError").doesNotContain("ClassNotFoundException")
          .doesNotContain("No suitable driver");
      assertThat(error.get("errorMessage").asText()).contains("127.0.0.1");
    }
  }
}
