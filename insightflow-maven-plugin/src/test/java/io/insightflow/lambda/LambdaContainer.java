package io.insightflow.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A Lambda container for tests outside the Lambda module: its handlers built from an environment of
 * {@code INSIGHTFLOW_*} variables (no secrets), invoked with raw JSON and an invocation that has
 * minutes left.
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
    new IngestHandler(config.insightflow()).handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, new Invocation());
    return out.toString(StandardCharsets.UTF_8);
  }

  /** An invocation with five minutes left. */
  private static final class Invocation implements Context {
    private final long deadline = System.currentTimeMillis() + 300_000;

    @Override
    public String getAwsRequestId() {
      return "test";
    }

    @Override
    public String getLogGroupName() {
      return "test";
    }

    @Override
    public String getLogStreamName() {
      return "test";
    }

    @Override
    public String getFunctionName() {
      return "test";
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:us-east-1:000000000000:function:test";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return (int) Math.max(0, deadline - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
      return 1769;
    }

    @Override
    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override
        public void log(String message) {
          System.out.print(message);
        }

        @Override
        public void log(byte[] message) {
          log(new String(message, StandardCharsets.UTF_8));
        }
      };
    }
  }
}
