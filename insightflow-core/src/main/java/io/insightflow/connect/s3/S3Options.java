package io.insightflow.connect.s3;

import static io.insightflow.config.InsightflowProperties.S3_CONNECT_TIMEOUT;
import static io.insightflow.config.InsightflowProperties.S3_ENDPOINT;
import static io.insightflow.config.InsightflowProperties.S3_MAX_ATTEMPTS;
import static io.insightflow.config.InsightflowProperties.S3_PATH_STYLE;
import static io.insightflow.config.InsightflowProperties.S3_REGION;
import static io.insightflow.config.InsightflowProperties.S3_SOCKET_TIMEOUT;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Secrets;
import io.insightflow.config.OptionsBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * How to reach S3 or an S3-compatible server, and the factory of the {@link S3Client} built from it.
 *
 * <p>Immutable and thread-safe. Holds no secret: credentials come from an {@link
 * AwsCredentialsProvider} (by default the SDK's chain: environment, system properties, profile,
 * container or instance role), which is never printed.
 *
 * <pre>{@code
 * S3Options options = S3Options.builder()
 *     .set(S3_ENDPOINT, "http://127.0.0.1:9000")
 *     .set(S3_PATH_STYLE, true)
 *     .build();
 * try (S3Client client = options.newClient()) { ... }
 * }</pre>
 *
 * @param endpointOverride the endpoint ({@code insightflow.s3.endpoint}) of an S3-compatible server, an http(s)
 *     URL with a host, or null for the AWS endpoint of the region; see {@link #endpoint()}
 * @param region the signing region ({@code insightflow.s3.region}), not blank
 * @param pathStyle whether requests are path-style ({@code http://host/bucket/key}), as most S3-compatible
 *     servers need ({@code insightflow.s3.pathStyle})
 * @param credentials the credentials provider, or null for the SDK's default chain; see
 *     {@link #credentialsProvider()}
 * @param connectTimeout TCP connect timeout of each attempt, positive; default {@code insightflow.s3.connectTimeout}'s
 * @param socketTimeout longest wait for the next bytes of a response, positive; a stalled download is then
 *     resumed; default {@code insightflow.s3.socketTimeout}'s
 * @param maxAttempts attempts per request including the first, at least 1; default {@code insightflow.s3.maxAttempts}'s
 */
@Evolving
public record S3Options(URI endpointOverride, String region, boolean pathStyle, AwsCredentialsProvider credentials,
    Duration connectTimeout, Duration socketTimeout, int maxAttempts) {

  /** Validates, naming the {@code insightflow.s3.*} key at fault. */
  public S3Options {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(socketTimeout, "socketTimeout");
    if (endpointOverride != null) {
      String scheme = endpointOverride.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || endpointOverride.getHost() == null) {
        throw new InsightflowConfigException(S3_ENDPOINT.name(),
            "'" + Secrets.mask(endpointOverride.toString()) + "' is not an http(s) URL with a host; use e.g. http://127.0.0.1:9000");
      }
    }
    if (region.isBlank()) {
      throw new InsightflowConfigException(S3_REGION.name(),
          "Region must not be blank; use e.g. us-east-1");
    }
  }

  /** A builder of options from the keys ({@link #fromProperties}); unset keys keep their defaults. */
  public static OptionsBuilder<S3Options> builder() {
    return new OptionsBuilder<>(S3Options::fromProperties);
  }

  /** These options with this credentials provider; null for the SDK's default chain. */
  public S3Options withCredentials(AwsCredentialsProvider credentials) {
    return new S3Options(endpointOverride, region, pathStyle, credentials, connectTimeout, socketTimeout, maxAttempts);
  }

  /**
   * Options from the keys ({@code insightflow.s3.endpoint},
   * {@code .region}, {@code .pathStyle}, {@code .connectTimeout}, {@code .socketTimeout},
   * {@code .maxAttempts}); absent keys keep their defaults.
   *
   * @throws InsightflowConfigException naming the key whose value is invalid
   */
  public static S3Options fromProperties(Map<String, String> settings) {
    Objects.requireNonNull(settings, "settings");
    String endpoint = S3_ENDPOINT.value(settings);
    return new S3Options(endpoint == null ? null : parseEndpoint(endpoint), S3_REGION.value(settings),
        S3_PATH_STYLE.value(settings), null, S3_CONNECT_TIMEOUT.value(settings), S3_SOCKET_TIMEOUT.value(settings),
        S3_MAX_ATTEMPTS.value(settings));
  }

  private static URI parseEndpoint(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new InsightflowConfigException(S3_ENDPOINT.name(),
          "'" + Secrets.mask(value) + "' is not a URI; use e.g. http://127.0.0.1:9000", Secrets.scrub(e));
    }
  }

  /** The endpoint override, or empty for the AWS endpoint of the region. */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpointOverride);
  }

  /** The credentials provider, or empty when the SDK's default chain is used. */
  public Optional<AwsCredentialsProvider> credentialsProvider() {
    return Optional.ofNullable(credentials);
  }

  /**
   * Builds a new client with the URL-connection HTTP client (small, no Netty), these options, and
   * checksums only where the S3 API requires them: the SDK's default CRC trailers since 2.30 are
   * rejected by many S3-compatible servers. The caller owns and closes the client; build one per
   * job and share it, clients are thread-safe and expensive.
   */
  public S3Client newClient() {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(connectTimeout)
            .socketTimeout(socketTimeout))
        .region(Region.of(region))
        .forcePathStyle(pathStyle)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(maxAttempts)));
    if (endpointOverride != null) {
      builder.endpointOverride(endpointOverride);
    }
    // Without an explicit provider the client creates the default chain itself and closes it with itself.
    if (credentials != null) {
      builder.credentialsProvider(credentials);
    }
    return builder.build();
  }

  /** Every field; nothing to mask, since credentials are only referenced through their provider's type. */
  @Override
  public String toString() {
    return "S3Options[endpoint=" + (endpointOverride == null ? "aws" : Secrets.mask(endpointOverride.toString()))
        + ", region=" + region
        + ", pathStyle=" + pathStyle
        + ", credentials=" + (credentials == null ? "default chain" : credentials.getClass().getSimpleName())
        + ", connectTimeout=" + connectTimeout
        + ", socketTimeout=" + socketTimeout
        + ", maxAttempts=" + maxAttempts + "]";
  }
}
