package io.insightflow.connect.s3;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties;
import io.insightflow.Secrets;
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
 */
public final class S3Options {

  /** Default connect timeout: long enough for a cross-region handshake, short enough to fail fast. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

  /** Default attempts per request (the first try plus retries). */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /**
   * Default wait for the next bytes of a response: a part of 16 MiB over a slow link must not time
   * out, yet a stalled download must be resumed rather than hang.
   */
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);

  private final URI endpoint;
  private final String region;
  private final boolean pathStyle;
  private final AwsCredentialsProvider credentialsProvider;
  private final Duration connectTimeout;
  private final Duration socketTimeout;
  private final int maxAttempts;

  private S3Options(Builder b) {
    this.endpoint = b.endpoint;
    this.region = b.region;
    this.pathStyle = b.pathStyle;
    this.credentialsProvider = b.credentialsProvider;
    this.connectTimeout = b.connectTimeout;
    this.socketTimeout = b.socketTimeout;
    this.maxAttempts = b.maxAttempts;
  }

  /** A builder with the defaults: AWS endpoint, region {@code us-east-1}, virtual-host style. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.endpoint = endpoint;
    b.region = region;
    b.pathStyle = pathStyle;
    b.credentialsProvider = credentialsProvider;
    b.connectTimeout = connectTimeout;
    b.socketTimeout = socketTimeout;
    b.maxAttempts = maxAttempts;
    return b;
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
    String pathStyle = settings.get(InsightflowProperties.S3_PATH_STYLE.name());
    if (pathStyle != null) {
      String value = pathStyle.trim();
      if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
        throw new InsightflowConfigException(InsightflowProperties.S3_PATH_STYLE.name(),
            "'" + pathStyle + "' is not a boolean; use true or false");
      }
      b.pathStyle(Boolean.parseBoolean(value));
    }
    b.connectTimeout(InsightflowProperties.durationValue(settings, InsightflowProperties.S3_CONNECT_TIMEOUT));
    b.socketTimeout(InsightflowProperties.durationValue(settings, InsightflowProperties.S3_SOCKET_TIMEOUT));
    long attempts = InsightflowProperties.longValue(settings, InsightflowProperties.S3_MAX_ATTEMPTS);
    b.maxAttempts(attempts > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) attempts);
    return b.build();
  }

  /** The endpoint override, or empty for the AWS endpoint of the region. */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** The signing region. */
  public String region() {
    return region;
  }

  /** Whether requests are path-style ({@code http://host/bucket/key}), as most S3-compatible servers need. */
  public boolean pathStyle() {
    return pathStyle;
  }

  /** The credentials provider, or empty when the SDK's default chain is used. */
  public Optional<AwsCredentialsProvider> credentialsProvider() {
    return Optional.ofNullable(credentialsProvider);
  }

  /** TCP connect timeout of each attempt. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Longest wait for the next bytes of a response; a stalled download is then resumed. */
  public Duration socketTimeout() {
    return socketTimeout;
  }

  /** Attempts per request, including the first. */
  public int maxAttempts() {
    return maxAttempts;
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
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    // Without an explicit provider the client creates the default chain itself and closes it with itself.
    if (credentialsProvider != null) {
      builder.credentialsProvider(credentialsProvider);
    }
    return builder.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof S3Options other
        && Objects.equals(endpoint, other.endpoint)
        && region.equals(other.region)
        && pathStyle == other.pathStyle
        && Objects.equals(credentialsProvider, other.credentialsProvider)
        && connectTimeout.equals(other.connectTimeout)
        && socketTimeout.equals(other.socketTimeout)
        && maxAttempts == other.maxAttempts;
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, region, pathStyle, credentialsProvider, connectTimeout, socketTimeout, maxAttempts);
  }

  /** Every field; nothing to mask, since credentials are only referenced through their provider's type. */
  @Override
  public String toString() {
    return "S3Options[endpoint=" + (endpoint == null ? "aws" : Secrets.mask(endpoint.toString()))
        + ", region=" + region
        + ", pathStyle=" + pathStyle
        + ", credentials=" + (credentialsProvider == null
            ? "default chain" : credentialsProvider.getClass().getSimpleName())
        + ", connectTimeout=" + connectTimeout
        + ", socketTimeout=" + socketTimeout
        + ", maxAttempts=" + maxAttempts + "]";
  }

  private static URI parseEndpoint(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new InsightflowConfigException(InsightflowProperties.S3_ENDPOINT.name(),
          "'" + value + "' is not a URI; use e.g. http://127.0.0.1:9000", e);
    }
  }

  /** Builder of {@link S3Options}; not thread-safe. */
  public static final class Builder {
    private URI endpoint;
    private String region = InsightflowProperties.S3_REGION.defaultValue();
    private boolean pathStyle = Boolean.parseBoolean(InsightflowProperties.S3_PATH_STYLE.defaultValue());
    private AwsCredentialsProvider credentialsProvider;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

    private Builder() {}

    /** Endpoint override ({@code insightflow.s3.endpoint}), for S3-compatible servers; null for AWS. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** Signing region ({@code insightflow.s3.region}). */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** Path-style requests ({@code insightflow.s3.pathStyle}). */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** Credentials provider; null for the SDK's default chain. */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      this.credentialsProvider = credentialsProvider;
      return this;
    }

    /** TCP connect timeout of each attempt; default {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    /** Longest wait for the next bytes of a response; default {@link #DEFAULT_SOCKET_TIMEOUT}. */
    public Builder socketTimeout(Duration socketTimeout) {
      this.socketTimeout = Objects.requireNonNull(socketTimeout, "socketTimeout");
      return this;
    }

    /** Attempts per request including the first; default {@link #DEFAULT_MAX_ATTEMPTS}. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InsightflowConfigException naming {@code insightflow.s3.endpoint} or
     *     {@code insightflow.s3.region} when a value is unusable
     */
    public S3Options build() {
      if (endpoint != null) {
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
            || endpoint.getHost() == null) {
          throw new InsightflowConfigException(InsightflowProperties.S3_ENDPOINT.name(),
              "'" + endpoint + "' is not an http(s) URL with a host; use e.g. http://127.0.0.1:9000");
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
      return new S3Options(this);
    }
  }
}
