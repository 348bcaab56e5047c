package io.insightflow.connect.kinesis;

import io.insightflow.lake.LocalObjectStore;
import io.insightflow.stream.OrderEventTransform;
import java.net.URI;
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
    KinesisClientOptions options = KinesisClientOptions.builder().endpoint(URI.create(args[0])).region("us-east-1")
        .credentials(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
        .build();
    try (KinesisClient client = KinesisClientProvider.create(options);
        LocalObjectStore lake = new LocalObjectStore(Path.of(args[1]))) {
      new KinesisConsumer(client, lake, new OrderEventTransform(), KinesisConsumerOptions.builder()
          .stream(args[2]).table("order_events").flushRecords(Long.parseLong(args[3]))
          .flushInterval(Duration.ofMillis(300)).pollInterval(Duration.ofMillis(50))
          .minGetRecordsInterval(Duration.ZERO).getRecordsLimit(97).idleTimeout(Duration.ofSeconds(60)).build())
          .run();
    }
  }
}
