package io.insightflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.Insightflow;
import io.insightflow.app.SyncService;
import io.insightflow.spi.ObjectStore;
import io.insightflow.sync.SyncResult;
import io.insightflow.sync.VerifyReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The sync Lambda: an S3 notification, schedule or Step Functions task ({@link SyncTrigger}) mapped by
 * {@link SyncCalls} onto one {@link SyncService} call that stops at the {@link Deadline}; or, for
 * {@code {"mode": "verify"}}, onto {@link SyncService#verify()}, failing when it finds a divergence. Handler
 * string: {@code io.insightflow.lambda.SyncHandler::handleRequest}; clients live per container.
 */
public final class SyncHandler implements RequestStreamHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SyncService sync;
  private final Duration margin;
  private final Priming priming;

  /** The handler Lambda instantiates, once per container, configured by the environment. */
  public SyncHandler() {
    this(LambdaConfig.fromEnvironment().insightflow(), null);
    priming.prime();
  }

  /** For tests: the container's settings, and a lake of the caller's or null to open the configured one. */
  SyncHandler(Insightflow flow, ObjectStore lake) {
    this.sync = lake == null ? flow.openSync() : flow.openSync(lake);
    this.margin = Deadline.margin(flow);
    this.priming = Priming.register(() -> SyncCalls.prime(JSON, sync));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    InvocationLog.Invocation log = InvocationLog.start("sync", context);
    try {
      SyncTrigger trigger = SyncTrigger.parse(input.readAllBytes(), JSON);
      log.put("trigger", trigger.name());
      if (trigger instanceof SyncTrigger.Verify) {
        VerifyReport report = sync.verify();
        VerifyResponse response = VerifyResponse.of(report, log);
        VerifyFailedException.check(report);
        JSON.writeValue(output, response);
        log.succeeded();
        return;
      }
      var call = SyncCalls.of(trigger, sync, Deadline.of(context, margin));
      SyncResult result = call.map(sync::sync).orElse(null);
      SyncResponse response = result == null ? SyncResponse.nothing(SyncCalls.nothing(trigger))
          : SyncResponse.of(trigger.name(), sync.options(call.get()), result, log);
      if (result != null) {
        // One grouped query of the ledger, so every sync reports how stale each table is. [#23]
        log.metrics(sync.measurements(result));
      }
      SyncFailedException.check(trigger instanceof SyncTrigger.NewObjects, result);
      JSON.writeValue(output, response);
      log.succeeded();
    } catch (RuntimeException | IOException e) {
      log.failed(e);
      throw e;
    }
  }
}
