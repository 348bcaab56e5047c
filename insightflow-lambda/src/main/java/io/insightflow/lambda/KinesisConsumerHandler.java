package io.insightflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.insightflow.app.StreamBatch;
import io.insightflow.app.StreamService;
import io.insightflow.stream.StreamLakeWriter.Flushed;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kinesis event-source-mapping consumer (stream → lake): each shard's records of an invocation
 * ({@link KinesisBatches}) become one lake object by {@link StreamService#write}, named by shard and
 * first sequence number so a redelivered batch rewrites the same keys. A shard whose write fails is
 * reported from its first record (the partial batch response of {@code ReportBatchItemFailures}).
 * Handler string: {@code io.insightflow.lambda.KinesisConsumerHandler::handleRequest}.
 */
public final class KinesisConsumerHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {

  private final StreamService streams;

  /** The handler Lambda instantiates, once per container, configured by the environment. */
  public KinesisConsumerHandler() {
    this(LambdaConfig.fromEnvironment().insightflow().openStream());
  }

  /** For tests: the container's stream use case. */
  KinesisConsumerHandler(StreamService streams) {
    this.streams = streams;
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    InvocationLog.Invocation log = InvocationLog.start("kinesis-consumer", context);
    try {
      List<StreamBatch> batches = KinesisBatches.of(event, streams.configuredStream());
      List<Flushed> written = new ArrayList<>();
      List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
      for (StreamBatch batch : batches) {
        try {
          written.add(streams.write(batch));
        } catch (RuntimeException e) {
          failures.add(KinesisBatches.failed(batch, e));
        }
      }
      StreamsEventResponse response = KinesisBatches.response(batches, written, failures, log);
      log.succeeded();
      return response;
    } catch (RuntimeException e) {
      log.failed(e);
      throw e;
    }
  }
}
