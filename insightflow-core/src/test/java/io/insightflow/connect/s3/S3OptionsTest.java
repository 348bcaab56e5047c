package io.insightflow.connect.s3;

import static io.insightflow.config.InsightflowProperties.S3_ENDPOINT;
import static io.insightflow.config.InsightflowProperties.S3_MAX_ATTEMPTS;
import static io.insightflow.config.InsightflowProperties.S3_PATH_STYLE;
import static io.insightflow.config.InsightflowProperties.S3_REGION;
import static io.insightflow.config.InsightflowProperties.S3_SOCKET_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

class S3OptionsTest {

  @Test
  void fromProperties_allKeys_areApplied() {
    S3Options options = S3Options.fromProperties(Map.of(
        "insightflow.s3.endpoint", " http://127.0.0.1:9000 ",
        "insightflow.s3.region", "eu-west-1",
        "insightflow.s3.pathStyle", "TRUE"));

    assertThat(options.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(options.region()).isEqualTo("eu-west-1");
    assertThat(options.pathStyle()).isTrue();
    assertThat(options.credentialsProvider()).isEmpty();
  }

  @Test
  void fromProperties_noKeys_givesDefaults() {
    assertThat(S3Options.fromProperties(Map.of())).isEqualTo(S3Options.builder().build());
    assertThat(S3Options.builder().build().region()).isEqualTo("us-east-1");
    assertThat(S3Options.builder().build().pathStyle()).isFalse();
  }

  @Test
  void fromProperties_badPathStyle_namesKey() {
    assertThatThrownBy(() -> S3Options.fromProperties(Map.of("insightflow.s3.pathStyle", "yes")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.s3.pathStyle");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://127.0.0.1", "127.0.0.1:9000", "http://", "not a uri"})
  void fromProperties_badEndpoint_namesKey(String endpoint) {
    assertThatThrownBy(() -> S3Options.fromProperties(Map.of("insightflow.s3.endpoint", endpoint)))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.s3.endpoint");
  }

  @Test
  void build_blankRegion_namesKey() {
    assertThatThrownBy(() -> new S3Options(null, " ", false, null, Duration.ofSeconds(3), Duration.ofSeconds(60), 3))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.s3.region");
  }

  @Test
  void toString_staticCredentials_doesNotShowThem() {
    S3Options options = S3Options.builder()
        .build().withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "s3cr3t")));

    assertThat(options.toString()).contains("StaticCredentialsProvider").doesNotContain("s3cr3t", "AKIDEXAMPLE");
  }

  @Test
  void withCredentials_copiesEveryOtherField() {
    S3Options options = S3Options.builder().set(S3_ENDPOINT, "https://s3.example").set(S3_REGION, "eu-west-1")
        .set(S3_PATH_STYLE, true).set(S3_MAX_ATTEMPTS, 2).build();

    assertThat(options.withCredentials(null)).isEqualTo(options).hasSameHashCodeAs(options);
  }

  @Test
  void newClient_endpointAndRegion_areConfigured() {
    S3Options options = S3Options.builder().set(S3_ENDPOINT, "http://127.0.0.1:9000").set(S3_REGION, "eu-west-1")
        .build();

    try (S3Client client = options.newClient()) {
      assertThat(client.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:9000"));
      assertThat(client.serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
    }
  }

  @Test
  void fromProperties_timeoutsAndAttempts_areAppliedAndValidatedNamingTheKey() {
    S3Options options = S3Options.fromProperties(java.util.Map.of("insightflow.s3.connectTimeout", "5s",
        "insightflow.s3.socketTimeout", "2m", "insightflow.s3.maxAttempts", "7"));

    assertThat(options.connectTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(options.socketTimeout()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(options.maxAttempts()).isEqualTo(7);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> S3Options.fromProperties(
        java.util.Map.of("insightflow.s3.maxAttempts", "0")))
        .isInstanceOf(io.insightflow.api.InsightflowConfigException.class).hasMessageStartingWith("insightflow.s3.maxAttempts:");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> S3Options.builder()
        .set(S3_SOCKET_TIMEOUT, java.time.Duration.ZERO).build())
        .isInstanceOf(io.insightflow.api.InsightflowConfigException.class).hasMessageStartingWith("insightflow.s3.socketTimeout:");
  }
}
