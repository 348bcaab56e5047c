package io.insightflow.connect.kinesis;

import static io.insightflow.config.InsightflowProperties.CONSUME_FLUSH_INTERVAL;
import static io.insightflow.config.InsightflowProperties.CONSUME_FLUSH_RECORDS;
import static io.insightflow.config.InsightflowProperties.CONSUME_GET_RECORDS_LIMIT;
import static io.insightflow.config.InsightflowProperties.CONSUME_IDLE_TIMEOUT;
import static io.insightflow.config.InsightflowProperties.CONSUME_MIN_GET_RECORDS_INTERVAL;
import static io.insightflow.config.InsightflowProperties.CONSUME_POLL_INTERVAL;
import static io.insightflow.config.InsightflowProperties.KINESIS_ENDPOINT;
import static io.insightflow.config.InsightflowProperties.KINESIS_REGION;
import static io.insightflow.config.InsightflowProperties.STREAM_NAME;
import static io.insightflow.config.InsightflowProperties.STREAM_TABLE;

import io.insightflow.lake.LocalObjectStore;
import io.insightflow.stream.OrderEventTransform;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A consumer in its own JVM, for tests that kill it with SIGKILL at random moments.
 * Arguments: endpoint, lake directory, stream, flush records.
 */
public final class ConsumerProcess {

  private ConsumerProcess() {}

  public static void main(String[] args) {
    KinesisClientOptions options = KinesisClientOptions.builder().set(KINESIS_ENDPOINT, args[0])
        .set(KINESIS_REGION, "us-east-1")
        .build().withCredentials(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")));
    try (KinesisClient client = KinesisClientProvider.create(options);
        LocalObjectStore lake = new LocalObjectStore(Path.of(args[1]))) {
      new KinesisConsumer(client, lake, new OrderEventTransform(), KinesisConsumerOptions.builder()
          .set(STREAM_NAME, args[2]).set(STREAM_TABLE, "order_events")
          .set(CONSUME_FLUSH_RECORDS, (long) Long.parseLong(args[3]))
          .set(CONSUME_FLUSH_INTERVAL, Duration.ofMillis(300)).set(CONSUME_POLL_INTERVAL, Duration.ofMillis(50))
          .set(CONSUME_MIN_GET_RECORDS_INTERVAL, Duration.ZERO).set(CONSUME_GET_RECORDS_LIMIT, 97)
          .set(CONSUME_IDLE_TIMEOUT, Duration.ofSeconds(60)).build())
          .run();
    }
  }
}
