package io.insightflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.Insightflow;
import io.insightflow.app.IngestCall;
import io.insightflow.app.IngestService;
import io.insightflow.ingest.IngestResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The batch ingest Lambda, for an EventBridge schedule or a direct invocation ({@link IngestTrigger}):
 * one {@link IngestService} call with the event's tables and time, stopping at the {@link Deadline}.
 * A scheduled event that leaves tables pending fails, so that Lambda's retry of it continues the run.
 * Handler string: {@code io.insightflow.lambda.IngestHandler::handleRequest}; clients live per container.
 */
public final class IngestHandler implements RequestStreamHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final IngestService ingest;
  private final Duration margin;
  private final Priming priming = Priming.register(() -> IngestTrigger.prime(JSON));

  /** The handler Lambda instantiates, once per container, configured by the environment. */
  public IngestHandler() {
    this(LambdaConfig.fromEnvironment().insightflow());
    priming.prime();
  }

  /** For tests: the facade of the container's settings. */
  IngestHandler(Insightflow flow) {
    this.ingest = flow.openIngest();
    this.margin = Deadline.margin(flow);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    InvocationLog.Invocation log = InvocationLog.start("ingest", context);
    try {
      IngestTrigger trigger = IngestTrigger.parse(input.readAllBytes(), JSON);
      log.put("trigger", trigger.scheduled() ? "schedule" : "direct");
      IngestResult result = ingest.ingest(IngestCall.builder().tables(trigger.tables()).triggerTime(trigger.time())
          .deadline(Deadline.of(context, margin)).build());
      IngestResponse response = IngestResponse.of(result, log);
      if (trigger.scheduled() && !result.complete()) {
        throw IngestIncompleteException.of(result);
      }
      JSON.writeValue(output, response);
      log.succeeded();
    } catch (RuntimeException | IOException e) {
      log.failed(e);
      throw e;
    }
  }
}
