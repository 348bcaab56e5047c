package io.insightflow.connect.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.InsightflowConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresConnectionOptionsTest {

  @Test
  void toString_withPassword_masksItAndUrlSecrets() {
    PostgresConnectionOptions options = PostgresConnectionOptions.builder()
        .url("jdbc:postgresql://db:5432/app?password=hunter2&ssl=true").user("u")
        .password("hunter2".toCharArray()).build();

    assertThat(options.toString()).doesNotContain("hunter2").contains("****");
  }

  @Test
  void fromProperties_targetKeys_mapped() {
    PostgresConnectionOptions options = PostgresConnectionOptions.fromProperties(Map.of(
        "insightflow.target.url", "jdbc:postgresql://h/db", "insightflow.target.user", "me",
        "insightflow.target.schema", "lake", "insightflow.target.password", "pw"));

    assertThat(options.url()).isEqualTo("jdbc:postgresql://h/db");
    assertThat(options.user()).isEqualTo("me");
    assertThat(options.schema()).isEqualTo("lake");
    assertThat(options.toString()).doesNotContain("pw,").contains("password=****");
  }

  @Test
  void build_notPostgresUrl_throwsNamingKey() {
    assertThatThrownBy(() -> PostgresConnectionOptions.builder().url("jdbc:mysql://h/db").build())
        .isInstanceOf(InsightflowConfigException.class).hasMessageContaining("insightflow.target.url");
  }

  @Test
  void build_unknownSslMode_throws() {
    assertThatThrownBy(() -> PostgresConnectionOptions.builder().sslMode("maybe").build())
        .isInstanceOf(InsightflowConfigException.class).hasMessageContaining("sslmode");
  }
}
