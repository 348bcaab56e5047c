package io.insightflow.connect.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** [#8] The Kinesis tuning keys are settable through configuration, and bad values name their key. */
class KinesisOptionsTest {

  @Test
  void fromProperties_tuningKeys_areApplied() {
    KinesisPublisherOptions publisher = KinesisPublisherOptions.fromProperties(Map.of("insightflow.stream.name", "s",
        "insightflow.publish.maxBatchRecords", "100", "insightflow.publish.maxBatchBytes", "2097152",
        "insightflow.publish.maxAttempts", "3"));
    KinesisConsumerOptions consumer = KinesisConsumerOptions.fromProperties(Map.of("insightflow.stream.name", "s",
        "insightflow.consume.getRecordsLimit", "500", "insightflow.consume.minGetRecordsInterval", "0ms",
        "insightflow.consume.shardRefreshInterval", "5s"));
    KinesisClientOptions client = KinesisClientOptions.fromProperties(Map.of("insightflow.kinesis.apiCallTimeout", "15s"));

    assertThat(publisher.maxBatchRecords()).isEqualTo(100);
    assertThat(publisher.maxBatchBytes()).isEqualTo(2 * 1024 * 1024);
    assertThat(publisher.maxAttempts()).isEqualTo(3);
    assertThat(consumer.getRecordsLimit()).isEqualTo(500);
    assertThat(consumer.minGetRecordsInterval()).isZero();
    assertThat(consumer.shardRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(client.apiCallTimeout()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void fromProperties_outOfRange_namesTheKey() {
    assertThatThrownBy(() -> KinesisPublisherOptions.fromProperties(Map.of("insightflow.stream.name", "s",
        "insightflow.publish.maxBatchRecords", "501")))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.publish.maxBatchRecords:");
    assertThatThrownBy(() -> KinesisConsumerOptions.fromProperties(Map.of("insightflow.stream.name", "s",
        "insightflow.consume.getRecordsLimit", "99999999999")))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.consume.getRecordsLimit:");
    assertThatThrownBy(() -> KinesisClientOptions.fromProperties(Map.of("insightflow.kinesis.apiCallTimeout", "soon")))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.kinesis.apiCallTimeout:");
  }

  @Test
  void fromProperties_cborNotTrueOrFalse_failsNamingTheKey() {
    assertThatThrownBy(() -> KinesisClientOptions.fromProperties(Map.of("insightflow.kinesis.cborEnabled", "no")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessage("insightflow.kinesis.cborEnabled: 'no' is not a boolean; use true or false");
    assertThat(KinesisClientOptions.fromProperties(Map.of("insightflow.kinesis.cborEnabled", "FALSE")).cborEnabled())
        .isFalse();
  }
}
