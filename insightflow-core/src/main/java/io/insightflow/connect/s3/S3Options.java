package io.insightflow.connect.s3;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.api.Secrets;
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
 *     .endpoint(URI.create("http://127.0.0.1:9000"))
 *     .pathStyle(true)
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
 * @param connectTimeout TCP connect timeout of each attempt, positive; default {@link #DEFAULT_CONNECT_TIMEOUT}
 * @param socketTimeout longest wait for the next bytes of a response, positive; a stalled download is then
 *     resumed; default {@link #DEFAULT_SOCKET_TIMEOUT}
 * @param maxAttempts attempts per request including the first, at least 1; default {@link #DEFAULT_MAX_ATTEMPTS}
 */
@Evolving
public record S3Options(URI endpointOverride, String region, boolean pathStyle, AwsCredentialsProvider credentials,
    Duration connectTimeout, Duration socketTimeout, int maxAttempts) {

  /** Default connect timeout: long enough for a cross-region handshake, short enough to fail fast. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

  /** Default attempts per request (the first try plus retries). */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /**
   * Default wait for the next bytes of a response: a part of 16 MiB over a slow link must not time
   * out, yet a stalled download must be resumed rather than hang.
   */
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);

  /** Validates, naming the {@code insightflow.s3.*} key at fault. */
  public S3Options {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(socketTimeout, "socketTimeout");
    if (endpointOverride != null) {
      String scheme = endpointOverride.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || endpointOverride.getHost() == null) {
        throw new InsightflowConfigException(InsightflowProperties.S3_ENDPOINT.name(),
            "'" + Secrets.mask(endpointOverride.toString()) + "' is not an http(s) URL with a host; use e.g. http://127.0.0.1:9000");
      }
    }
    if (region.isBlank()) {
      throw new InsightflowConfigException(InsightflowProperties.S3_REGION.name(),
          "Region must not be blank; use e.g. us-east-1");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new InsightflowConfigException(InsightflowProperties.S3_CONNECT_TIMEOUT.name(),
          "must be positive: " + connectTimeout);
    }
    if (socketTimeout.isNegative() || socketTimeout.isZero()) {
      throw new InsightflowConfigException(InsightflowProperties.S3_SOCKET_TIMEOUT.name(),
          "must be positive: " + socketTimeout);
    }
    if (maxAttempts < 1) {
      throw new InsightflowConfigException(InsightflowProperties.S3_MAX_ATTEMPTS.name(),
          "must be at least 1: " + maxAttempts);
    }
  }

  /** A builder with the defaults: AWS endpoint, region {@code us-east-1}, virtual-host style. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with these options. */
  public Builder toBuilder() {
    return builder().endpoint(endpointOverride).region(region).pathStyle(pathStyle).credentialsProvider(credentials)
        .connectTimeout(connectTimeout).socketTimeout(socketTimeout).maxAttempts(maxAttempts);
  }

  /**
   * Options from settings keyed by {@link InsightflowProperties} names ({@code insightflow.s3.endpoint},
   * {@code .region}, {@code .pathStyle}, {@code .connectTimeout}, {@code .socketTimeout},
   * {@code .maxAttempts}); absent keys keep their defaults.
   *
   * @throws InsightflowConfigException naming the key whose value is invalid
   */
  public static S3Options fromProperties(Map<String, String> settings) {
    Objects.requireNonNull(settings, "settings");
    Builder b = builder();
    String endpoint = settings.get(InsightflowProperties.S3_ENDPOINT.name());
    if (endpoint != null && !endpoint.isBlank()) {
      b.endpoint(parseEndpoint(endpoint.trim()));
    }
    String region = settings.get(InsightflowProperties.S3_REGION.name());
    if (region != null) {
      b.region(region.trim());
    }
    b.pathStyle(InsightflowProperties.booleanValue(settings, InsightflowProperties.S3_PATH_STYLE));
    b.connectTimeout(InsightflowProperties.durationValue(settings, InsightflowProperties.S3_CONNECT_TIMEOUT));
    b.socketTimeout(InsightflowProperties.durationValue(settings, InsightflowProperties.S3_SOCKET_TIMEOUT));
    long attempts = InsightflowProperties.longValue(settings, InsightflowProperties.S3_MAX_ATTEMPTS);
    b.maxAttempts(attempts > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) attempts);
    return b.build();
  }

  private static URI parseEndpoint(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new InsightflowConfigException(InsightflowProperties.S3_ENDPOINT.name(),
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

  /** Builder; {@link #build()} validates. Not thread-safe. Setters are named after the options. */
  public static final class Builder {
    private URI endpoint;
    private String region = InsightflowProperties.S3_REGION.defaultValue();
    private boolean pathStyle = InsightflowProperties.booleanValue(Map.of(), InsightflowProperties.S3_PATH_STYLE);
    private AwsCredentialsProvider credentialsProvider;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

    private Builder() {}

    /** The endpoint override; null for AWS. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** Null for the SDK's default chain. */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      this.credentialsProvider = credentialsProvider;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    public Builder socketTimeout(Duration socketTimeout) {
      this.socketTimeout = Objects.requireNonNull(socketTimeout, "socketTimeout");
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InsightflowConfigException naming the key at fault
     */
    public S3Options build() {
      return new S3Options(endpoint, region, pathStyle, credentialsProvider, connectTimeout, socketTimeout,
          maxAttempts);
    }
  }
}
