package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.InsightflowProperties.Key;
import io.insightflow.connect.kinesis.KinesisConsumer.ConsumeResult;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * Consumes every shard of a Kinesis stream into the lake: transformed like Firehose's
 * transformation (malformed events go to {@code errors/processing-failed/}), buffered per shard,
 * written as CSV objects with a manifest each under {@code data/stream/<table>/…} and checkpointed
 * after each object, so {@code sync} loads them like batch data. Each shard resumes from its
 * checkpoint; a killed run loses nothing and duplicates nothing after sync. Without
 * {@code maxRecords} or {@code idleTimeout} it runs until the build is stopped.
 *
 * <pre>mvn insightflow:consume -Dinsightflow.stream.name=orders -Dinsightflow.consume.idleTimeout=30s</pre>
 */
@Mojo(name = "consume", threadSafe = true, requiresProject = false)
public class ConsumeMojo extends AbstractStreamMojo {

  /**
   * The lake ({@code insightflow.lake}): a directory (relative to the project), a {@code file:} URI
   * or {@code s3://bucket/prefix}. Default {@code lake}.
   */
  @Parameter(property = "insightflow.lake")
  private String lake;

  /** S3 endpoint override for S3-compatible servers ({@code insightflow.s3.endpoint}). Default: AWS. */
  @Parameter(property = "insightflow.s3.endpoint")
  private PlexusConfiguration s3Endpoint;

  /** S3 region ({@code insightflow.s3.region}). Default {@code us-east-1}. */
  @Parameter(property = "insightflow.s3.region")
  private String s3Region;

  /** Path-style S3 requests ({@code insightflow.s3.pathStyle}). Default {@code false}. */
  @Parameter(property = "insightflow.s3.pathStyle")
  private String s3PathStyle;

  /** TCP connect timeout of each S3 request ({@code insightflow.s3.connectTimeout}), e.g. {@code 5s}. Default {@code 3s}. */
  @Parameter(property = "insightflow.s3.connectTimeout")
  private String s3ConnectTimeout;

  /**
   * Longest wait for the next bytes of an S3 response ({@code insightflow.s3.socketTimeout}); a
   * stalled download is then resumed where it stopped. Default {@code 60s}.
   */
  @Parameter(property = "insightflow.s3.socketTimeout")
  private String s3SocketTimeout;

  /** Attempts per S3 request, the first included ({@code insightflow.s3.maxAttempts}). Default {@code 3}. */
  @Parameter(property = "insightflow.s3.maxAttempts")
  private String s3MaxAttempts;

  /**
   * The table that the objects' manifests name and {@code sync} loads into
   * ({@code insightflow.stream.table}). Default: the stream name.
   */
  @Parameter(property = "insightflow.stream.table")
  private String streamTable;

  /** Records per lake object and shard ({@code insightflow.consume.flushRecords}). Default {@code 100000}. */
  @Parameter(property = "insightflow.consume.flushRecords")
  private String consumeFlushRecords;

  /** Payload bytes per lake object and shard ({@code insightflow.consume.flushBytes}). Default {@code 67108864}. */
  @Parameter(property = "insightflow.consume.flushBytes")
  private String consumeFlushBytes;

  /**
   * Age after which a shard's buffer is written even with no new records
   * ({@code insightflow.consume.flushInterval}): {@code 250ms}, {@code 30s}, {@code 5m} or ISO-8601
   * {@code PT30S}. Default {@code 60s}.
   */
  @Parameter(property = "insightflow.consume.flushInterval")
  private String consumeFlushInterval;

  /** Stop after this many records ({@code insightflow.consume.maxRecords}). Default: no bound. */
  @Parameter(property = "insightflow.consume.maxRecords")
  private String consumeMaxRecords;

  /**
   * Stop after no record arrived for this long ({@code insightflow.consume.idleTimeout}), e.g.
   * {@code 30s}. Default: no bound.
   */
  @Parameter(property = "insightflow.consume.idleTimeout")
  private String consumeIdleTimeout;

  /**
   * Wait before re-reading a shard that had no new records ({@code insightflow.consume.pollInterval}).
   * Default {@code 1s}.
   */
  @Parameter(property = "insightflow.consume.pollInterval")
  private String consumePollInterval;

  /** Records per GetRecords call, 1-10000 ({@code insightflow.consume.getRecordsLimit}). Default {@code 10000}. */
  @Parameter(property = "insightflow.consume.getRecordsLimit")
  private String consumeGetRecordsLimit;

  /**
   * Shortest time between two GetRecords calls on one shard ({@code insightflow.consume.minGetRecordsInterval});
   * Kinesis allows five per second. Default {@code 200ms}.
   */
  @Parameter(property = "insightflow.consume.minGetRecordsInterval")
  private String consumeMinGetRecordsInterval;

  /**
   * How often the shards are listed again, to follow splits and merges
   * ({@code insightflow.consume.shardRefreshInterval}). Default {@code 30s}.
   */
  @Parameter(property = "insightflow.consume.shardRefreshInterval")
  private String consumeShardRefreshInterval;

  @Override
  protected void parameters(Map<Key, String> values) {
    super.parameters(values);
    values.put(InsightflowProperties.LAKE, lake);
    values.put(InsightflowProperties.S3_ENDPOINT, evaluate(s3Endpoint));
    values.put(InsightflowProperties.S3_REGION, s3Region);
    values.put(InsightflowProperties.S3_PATH_STYLE, s3PathStyle);
    values.put(InsightflowProperties.S3_CONNECT_TIMEOUT, s3ConnectTimeout);
    values.put(InsightflowProperties.S3_SOCKET_TIMEOUT, s3SocketTimeout);
    values.put(InsightflowProperties.S3_MAX_ATTEMPTS, s3MaxAttempts);
    values.put(InsightflowProperties.STREAM_TABLE, streamTable);
    values.put(InsightflowProperties.CONSUME_FLUSH_RECORDS, consumeFlushRecords);
    values.put(InsightflowProperties.CONSUME_FLUSH_BYTES, consumeFlushBytes);
    values.put(InsightflowProperties.CONSUME_FLUSH_INTERVAL, consumeFlushInterval);
    values.put(InsightflowProperties.CONSUME_MAX_RECORDS, consumeMaxRecords);
    values.put(InsightflowProperties.CONSUME_IDLE_TIMEOUT, consumeIdleTimeout);
    values.put(InsightflowProperties.CONSUME_POLL_INTERVAL, consumePollInterval);
    values.put(InsightflowProperties.CONSUME_GET_RECORDS_LIMIT, consumeGetRecordsLimit);
    values.put(InsightflowProperties.CONSUME_MIN_GET_RECORDS_INTERVAL, consumeMinGetRecordsInterval);
    values.put(InsightflowProperties.CONSUME_SHARD_REFRESH_INTERVAL, consumeShardRefreshInterval);
  }

  @Override
  protected String run(Insightflow flow) {
    ConsumeResult r = flow.consume();
    return "Consumed " + r.read() + " records from stream " + flow.get(InsightflowProperties.STREAM_NAME) + " into "
        + flow.lakeLocation() + ": rows=" + r.rows() + " dropped=" + r.dropped() + " failed=" + r.failed()
        + " objects=" + r.objects() + " shardsClosed=" + r.shardsClosed() + " stop=" + r.reason()
        + " ms=" + r.elapsed().toMillis();
  }
}
