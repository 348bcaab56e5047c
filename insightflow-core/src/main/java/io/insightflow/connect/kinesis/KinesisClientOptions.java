package io.insightflow.connect.kinesis;

import static io.insightflow.config.InsightflowProperties.KINESIS_API_CALL_TIMEOUT;
import static io.insightflow.config.InsightflowProperties.KINESIS_CBOR_ENABLED;
import static io.insightflow.config.InsightflowProperties.KINESIS_ENDPOINT;
import static io.insightflow.config.InsightflowProperties.KINESIS_REGION;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Secrets;
import io.insightflow.config.OptionsBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How to reach Kinesis: region, optional endpoint override (an emulator), credentials and wire
 * protocol. Immutable; build with {@link #builder()} or {@link #fromProperties}.
 *
 * <pre>{@code
 * KinesisClientOptions options = KinesisClientOptions.builder()
 *     .set(KINESIS_ENDPOINT, "http://127.0.0.1:4568").set(KINESIS_REGION, "us-east-1").build();
 * }</pre>
 *
 * @param region the AWS region, e.g. {@code eu-west-1}
 * @param endpoint an endpoint override such as {@code http://127.0.0.1:4568}, or null for the region's AWS endpoint
 * @param credentials the credentials provider, or null for the SDK's default chain
 * @param cborEnabled whether the SDK speaks CBOR to Kinesis (its default); emulators such as kinesalite need
 *     false. False sets the SDK's JVM-wide {@code aws.cborEnabled} system property when the client is built,
 *     as the SDK has no per-client switch
 * @param apiCallTimeout upper bound of one API call including the SDK's retries
 */
@Evolving
public record KinesisClientOptions(String region, URI endpoint, AwsCredentialsProvider credentials,
    boolean cborEnabled, Duration apiCallTimeout) {

  /** Validates, naming the key at fault. */
  public KinesisClientOptions {
    if (region == null || region.isBlank()) {
      throw new InsightflowConfigException(KINESIS_REGION.name(), "region must be set");
    }
    if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
      throw new InsightflowConfigException(KINESIS_ENDPOINT.name(),
          "'" + Secrets.mask(endpoint.toString()) + "' needs a scheme and host, e.g. http://127.0.0.1:4568");
    }
    Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
  }

  /** A builder of options from the keys ({@link #fromProperties}); unset keys keep their defaults. */
  public static OptionsBuilder<KinesisClientOptions> builder() {
    return new OptionsBuilder<>(KinesisClientOptions::fromProperties);
  }

  /** These options with this credentials provider; null for the SDK's default chain. */
  public KinesisClientOptions withCredentials(AwsCredentialsProvider credentials) {
    return new KinesisClientOptions(region, endpoint, credentials, cborEnabled, apiCallTimeout);
  }

  /**
   * Options from the keys {@code insightflow.kinesis.endpoint}, {@code .region}, {@code .cborEnabled} and
   * {@code .apiCallTimeout}; absent keys keep their defaults.
   * Credentials come from the default AWS chain (environment, profile, instance role).
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public static KinesisClientOptions fromProperties(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    String endpoint = KINESIS_ENDPOINT.value(values);
    return new KinesisClientOptions(KINESIS_REGION.value(values), endpoint == null ? null : parseEndpoint(endpoint),
        null, KINESIS_CBOR_ENABLED.value(values), KINESIS_API_CALL_TIMEOUT.value(values));
  }

  private static URI parseEndpoint(String endpoint) {
    try {
      return URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw new InsightflowConfigException(KINESIS_ENDPOINT.name(),
          "'" + Secrets.mask(endpoint) + "' is not a URI; use e.g. http://127.0.0.1:4568");
    }
  }

  /** Never prints credentials, only whether custom ones are set. */
  @Override
  public String toString() {
    return "KinesisClientOptions[region=" + region + ", endpoint=" + (endpoint == null ? null
        : Secrets.mask(endpoint.toString())) + ", credentials="
        + (credentials == null ? "default chain" : "custom") + ", cborEnabled=" + cborEnabled
        + ", apiCallTimeout=" + apiCallTimeout + "]";
  }
}
