package io.insightflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.insightflow.metrics.Measurements;
import io.insightflow.stream.FirehoseEvent;
import io.insightflow.stream.FirehoseResponse;
import io.insightflow.stream.FirehoseTransformer;
import io.insightflow.stream.OrderEventTransform;
import io.insightflow.stream.TransformResult.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The Firehose data-transformation Lambda: the Firehose event in, the response Firehose requires
 * out, by {@link FirehoseTransformer} with the default {@link OrderEventTransform} (Ok / Dropped /
 * ProcessingFailed per record, the 6 MB response rule). A record whose data is not valid base64 or
 * not a valid order event is answered {@code ProcessingFailed}, so Firehose delivers it to its
 * error prefix; an event that is not a Firehose event at all fails the invocation.
 *
 * <p>Handler string: {@code io.insightflow.lambda.FirehoseTransformHandler::handleRequest}. A stream
 * handler because core's {@link FirehoseEvent} and {@link FirehoseResponse} are the exact wire
 * format, read and written in one pass (no second object model of a 6 MB batch).
 */
public final class FirehoseTransformHandler implements RequestStreamHandler {

  private final FirehoseTransformer transformer;
  private final Priming priming;

  /** The handler Lambda instantiates, once per container. */
  public FirehoseTransformHandler() {
    this(new FirehoseTransformer(new OrderEventTransform()));
    priming.prime();
  }

  FirehoseTransformHandler(FirehoseTransformer transformer) {
    this.transformer = Objects.requireNonNull(transformer, "transformer");
    this.priming = Priming.register(this::prime);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    InvocationLog.Invocation log = InvocationLog.start("firehose-transform", context);
    try {
      FirehoseEvent event = FirehoseEvent.fromJson(input);
      FirehoseResponse response = transformer.handle(event);
      output.write(response.toJson());
      log.put("records", event.records().size()).put("ok", response.count(Status.OK))
          .put("dropped", response.count(Status.DROPPED)).put("failed", response.count(Status.PROCESSING_FAILED))
          .metrics(Measurements.of(response)).succeeded();
    } catch (RuntimeException | IOException e) {
      log.failed(e);
      throw e;
    }
  }

  /**
   * Runs a small event through the transform, so its classes are loaded at init (and before a
   * SnapStart snapshot) rather than in the first invocation.
   */
  private void prime() {
    byte[] order = ("{\"order_id\":1,\"user_id\":1,\"eval_set\":\"prior\",\"order_number\":1,\"order_dow\":0,"
        + "\"order_hour_of_day\":0,\"event_time\":\"2024-01-01T00:00:00Z\",\"product_ids\":[1]}")
        .getBytes(StandardCharsets.UTF_8);
    FirehoseEvent event = new FirehoseEvent("priming", null, null, null, List.of(
        FirehoseEvent.Record.of("1", 0, order), new FirehoseEvent.Record("2", 0, "not base64!", null)));
    FirehoseEvent.fromJson(new java.io.ByteArrayInputStream(event.toJson()));
    transformer.handle(event).toJson();
  }
}
