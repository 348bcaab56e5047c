package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.InsightflowProperties.Key;
import io.insightflow.connect.kinesis.KinesisPublisher.PublishResult;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Publishes generated Instacart-shaped order events (JSON) to a Kinesis stream with
 * {@code PutRecords}, in batches within the Kinesis limits, retrying only the failed entries. The
 * same seed and index always give the same event, so {@code from} resumes a series.
 *
 * <pre>mvn insightflow:publish -Dinsightflow.stream.name=orders -Dinsightflow.publish.count=100000</pre>
 */
@Mojo(name = "publish", threadSafe = true, requiresProject = false)
public class PublishMojo extends AbstractStreamMojo {

  /** Events to publish ({@code insightflow.publish.count}). Default {@code 1000}. */
  @Parameter(property = "insightflow.publish.count")
  private String publishCount;

  /**
   * Events per second ({@code insightflow.publish.rate}); {@code 0} sends as fast as the stream
   * accepts. Default {@code 0}.
   */
  @Parameter(property = "insightflow.publish.rate")
  private String publishRate;

  /** Seed of the generated events ({@code insightflow.publish.seed}). Default {@code 42}. */
  @Parameter(property = "insightflow.publish.seed")
  private String publishSeed;

  /** Index of the first event ({@code insightflow.publish.from}); its order_id is from + 1. Default {@code 0}. */
  @Parameter(property = "insightflow.publish.from")
  private String publishFrom;

  /** Records per PutRecords request, 1-500 ({@code insightflow.publish.maxBatchRecords}). Default {@code 500}. */
  @Parameter(property = "insightflow.publish.maxBatchRecords")
  private String publishMaxBatchRecords;

  /** Bytes per PutRecords request, 1-5 MiB ({@code insightflow.publish.maxBatchBytes}). Default {@code 5242880}. */
  @Parameter(property = "insightflow.publish.maxBatchBytes")
  private String publishMaxBatchBytes;

  /**
   * Attempts per batch ({@code insightflow.publish.maxAttempts}); only the entries Kinesis refused
   * are sent again. Default {@code 10}.
   */
  @Parameter(property = "insightflow.publish.maxAttempts")
  private String publishMaxAttempts;

  @Override
  protected void parameters(Map<Key, String> values) {
    super.parameters(values);
    values.put(InsightflowProperties.PUBLISH_COUNT, publishCount);
    values.put(InsightflowProperties.PUBLISH_RATE, publishRate);
    values.put(InsightflowProperties.PUBLISH_SEED, publishSeed);
    values.put(InsightflowProperties.PUBLISH_FROM, publishFrom);
    values.put(InsightflowProperties.PUBLISH_MAX_BATCH_RECORDS, publishMaxBatchRecords);
    values.put(InsightflowProperties.PUBLISH_MAX_BATCH_BYTES, publishMaxBatchBytes);
    values.put(InsightflowProperties.PUBLISH_MAX_ATTEMPTS, publishMaxAttempts);
  }

  @Override
  protected String run(Insightflow flow) {
    PublishResult r = flow.publish();
    return String.format(Locale.ROOT,
        "Published %d events to stream %s: batches=%d retriedEntries=%d ms=%d (%.0f events/s)", r.records(),
        flow.get(InsightflowProperties.STREAM_NAME), r.batches(), r.retriedEntries(), r.elapsed().toMillis(),
        r.recordsPerSecond());
  }
}
