package io.insightflow.connect.postgres;

import static io.insightflow.config.InsightflowProperties.TARGET_PASSWORD;
import static io.insightflow.config.InsightflowProperties.TARGET_SSL_MODE;
import static io.insightflow.config.InsightflowProperties.TARGET_URL;
import static io.insightflow.config.InsightflowProperties.TARGET_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresConnectionOptionsTest {

  @Test
  void toString_withPassword_masksItAndUrlSecrets() {
    PostgresConnectionOptions options = PostgresConnectionOptions.builder()
        .set(TARGET_URL, "jdbc:postgresql://db:5432/app?password=hunter2&ssl=true").set(TARGET_USER, "u")
        .set(TARGET_PASSWORD, "hunter2").build();

    assertThat(options.toString()).doesNotContain("hunter2").contains("****");
  }

  @Test
  void connect_urlWithUserInfo_failsWithoutEchoingThePassword() {
    PostgresConnectionOptions options = PostgresConnectionOptions.builder()
        .set(TARGET_URL, "jdbc:postgresql://u:hunter2@127.0.0.1:5432/test").set(TARGET_USER, "u").build();

    assertThat(options.toString()).doesNotContain("hunter2").contains("u:****@127.0.0.1");
    assertThatThrownBy(options::connect).isInstanceOf(java.sql.SQLException.class).satisfies(e -> {
      java.io.StringWriter trace = new java.io.StringWriter();
      e.printStackTrace(new java.io.PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain("hunter2").contains("u:****@127.0.0.1");
      assertThat(((java.sql.SQLException) e).getSQLState()).isEqualTo("08001");
    });
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
    assertThatThrownBy(() -> PostgresConnectionOptions.builder().set(TARGET_URL, "jdbc:mysql://h/db").build())
        .isInstanceOf(InsightflowConfigException.class).hasMessageContaining("insightflow.target.url");
  }

  @Test
  void build_unknownSslMode_throws() {
    assertThatThrownBy(() -> PostgresConnectionOptions.builder().set(TARGET_SSL_MODE, "maybe").build())
        .isInstanceOf(InsightflowConfigException.class).hasMessageContaining("sslmode");
  }

  @Test
  void fromProperties_iamRegion_requiresTlsAndRejectsAPassword() {
    PostgresConnectionOptions options = PostgresConnectionOptions.fromProperties(Map.of(
        "insightflow.target.url", "jdbc:postgresql://db.abc.eu-west-1.rds.amazonaws.com:5432/app",
        "insightflow.target.user", "app", "insightflow.target.iamRegion", "eu-west-1"));

    assertThat(options.sslMode()).isEqualTo("require");
    assertThatThrownBy(() -> PostgresConnectionOptions.fromProperties(Map.of(
        "insightflow.target.url", "jdbc:postgresql://db:5432/app", "insightflow.target.user", "app",
        "insightflow.target.iamRegion", "eu-west-1", "insightflow.target.password", "pw")))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.target.iamRegion:");
  }

  @Test
  void forUrl_jdbcUrl_signsTokenForItsHostPortAndUser() {
    var credentials = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
    String token = new String(RdsIamTokenProvider.forUrl(software.amazon.awssdk.regions.Region.EU_WEST_1,
        credentials, "jdbc:postgresql://db.example:6543/app?ssl=true", "app").get());

    assertThat(token).startsWith("db.example:6543/?").contains("Action=connect").contains("DBUser=app")
        .doesNotContain("secret");
    assertThatThrownBy(() -> RdsIamTokenProvider.forUrl(software.amazon.awssdk.regions.Region.EU_WEST_1,
        credentials, "jdbc:mysql://db.example/app", "app"))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.target.url:");
  }
}
