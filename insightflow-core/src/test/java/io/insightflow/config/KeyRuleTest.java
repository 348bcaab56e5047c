package io.insightflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.sync.SyncOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A key's own rule is checked wherever the key is read, and the builder reads keys like every runtime. */
class KeyRuleTest {

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "insightflow.sync.threads; 0; insightflow.sync.threads: must be between 1 and 256, not 0",
      "insightflow.sync.threads; 9999999999; insightflow.sync.threads: must be between 1 and 256, not 2147483647",
      "insightflow.consume.idleTimeout; 0s; insightflow.consume.idleTimeout: must be > 0, not 0s",
      "insightflow.sync.retryTimeout; -1s; insightflow.sync.retryTimeout: must be >= 0, not -1s",
      "insightflow.sync.onError; skip; insightflow.sync.onError: must be one of fail | reject, not skip",
      "insightflow.publish.rate; Infinity; insightflow.publish.rate: 'Infinity' is not a number",
  })
  void value_outsideTheKeysRule_failsNamingKeyRuleAndValue(String key, String text, String message) {
    ConfigKey<?> declared = InsightflowProperties.find(key).orElseThrow();

    assertThatThrownBy(() -> declared.value(Map.of(key, text))).isInstanceOf(InsightflowConfigException.class)
        .hasMessage(message);
  }

  @Test
  void value_withinTheRule_orUnset_isTheValueOrTheDefault() {
    assertThat(InsightflowProperties.SYNC_ON_ERROR.value(Map.of("insightflow.sync.onError", "REJECT"))).isEqualTo("REJECT");
    assertThat(InsightflowProperties.SYNC_THREADS.value(Map.of("insightflow.sync.threads", "256"))).isEqualTo(256);
    assertThat(InsightflowProperties.SYNC_RETRY_TIMEOUT.value(Map.of())).isEqualTo(Duration.ofSeconds(60));
    assertThat(InsightflowProperties.SYNC_THREADS.constraint()).isEqualTo("between 1 and 256");
  }

  @Test
  void builder_typedValues_giveTheOptionsTheSameTextGives() {
    SyncOptions typed = SyncOptions.builder().set(InsightflowProperties.SYNC_THREADS, 3)
        .set(InsightflowProperties.SYNC_RETRY_TIMEOUT, Duration.ofMillis(1500)).build();

    assertThat(typed).isEqualTo(SyncOptions.fromProperties(Map.of("insightflow.sync.threads", "3",
        "insightflow.sync.retryTimeout", "1500ms")));
    assertThatThrownBy(() -> SyncOptions.builder().set(InsightflowProperties.SYNC_THREADS, 0).build())
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.sync.threads: must be");
  }

  @Test
  void builder_null_unsetsTheKey() {
    SyncOptions options = SyncOptions.builder().set(InsightflowProperties.SYNC_THREADS, 3)
        .set(InsightflowProperties.SYNC_THREADS, null).build();

    assertThat(options).isEqualTo(SyncOptions.fromProperties(Map.of()));
  }
}
