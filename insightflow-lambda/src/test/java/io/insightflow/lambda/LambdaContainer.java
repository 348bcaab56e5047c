package io.insightflow.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A Lambda container for tests outside this module (shipped in its test-jar): its handlers built
 * from an environment of {@code INSIGHTFLOW_*} variables (no secrets), invoked with raw JSON and an
 * invocation that has minutes left.
 */
public final class LambdaContainer {

  private final LambdaConfig config;

  public LambdaContainer(Map<String, String> environment) {
    try (SecretResolver secrets = new SecretResolver(() -> {
      throw new AssertionError("no Secrets Manager call expected");
    }, () -> {
      throw new AssertionError("no SSM call expected");
    })) {
      this.config = LambdaConfig.fromEnvironment(environment, secrets);
    }
  }

  /** Invokes a new {@link IngestHandler} of this container with {@code event}; its JSON answer. */
  public String ingest(String event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new IngestHandler(config.insightflow()).handleRequest(new ByteArrayInputStream(
        event.getBytes(StandardCharsets.UTF_8)), out, new TestContext(Duration.ofMinutes(5)));
    return out.toString(StandardCharsets.UTF_8);
  }
}
