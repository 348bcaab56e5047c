package io.insightflow.examples.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.Insightflow;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.spi.SourceConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connector's own key is known to core through {@code configKeys()}: typed, defaulted, typo-checked. */
class MariaDbKeysTest {

  @Test
  void connectTimeout_setOrDefault_becomesTheDriverProperty() {
    MariaDbDialect dialect = new MariaDbDialect();

    assertThat(dialect.connectionProperties(SourceConfig.fromProperties(Map.of("insightflow.source.url", MariaDb.URL,
        "insightflow.source.mariadb.connectTimeout", "5s"))).getProperty("connectTimeout")).isEqualTo("5000");
    assertThat(dialect.connectionProperties(SourceConfig.of(MariaDb.URL)).getProperty("connectTimeout"))
        .isEqualTo("10000");
  }

  @Test
  void connectTimeout_isAKnownKey_andATypoInItFailsNamingIt() {
    Insightflow.configure().property("insightflow.source.mariadb.connectTimeout", "5s").build();

    assertThatThrownBy(() -> Insightflow.configure().property("insightflow.source.mariadb.conectTimeout", "5s").build())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("did you mean insightflow.source.mariadb.connectTimeout?");
    assertThatThrownBy(() -> MariaDbDialect.CONNECT_TIMEOUT.value(Map.of("insightflow.source.mariadb.connectTimeout",
        "soon"))).isInstanceOf(InsightflowConfigException.class).hasMessageContaining("is not a duration");
  }
}
