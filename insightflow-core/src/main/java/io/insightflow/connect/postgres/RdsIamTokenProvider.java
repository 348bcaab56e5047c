package io.insightflow.connect.postgres;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;
import software.amazon.awssdk.services.rds.model.GenerateAuthenticationTokenRequest;

/**
 * AWS RDS IAM authentication: supplies a signed authentication token as the PostgreSQL password.
 * Tokens are valid for 15 minutes; one is cached and regenerated after {@link #DEFAULT_REFRESH}
 * (10 minutes), so a connection opened late in a long sync still gets a valid token. Generating a
 * token is a local signing operation (no network call). Thread-safe.
 *
 * <pre>{@code
 * PostgresConnectionOptions.builder()
 *     .set(TARGET_URL, "jdbc:postgresql://mydb.xxxx.eu-west-1.rds.amazonaws.com:5432/app").set(TARGET_USER, "loader")
 *     .set(TARGET_SSL_MODE, "verify-full").build()
 *     .withPassword(RdsIamTokenProvider.of(Region.EU_WEST_1, DefaultCredentialsProvider.create(),
 *         "mydb.xxxx.eu-west-1.rds.amazonaws.com", 5432, "loader"));
 * }</pre>
 */
final class RdsIamTokenProvider implements Supplier<char[]> {

  /** Age after which a cached token is regenerated; tokens expire after 15 minutes. */
  public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(10);

  private final RdsUtilities utilities;
  private final GenerateAuthenticationTokenRequest request;
  private final Clock clock;
  private final Duration refreshAfter;
  private String token;
  private Instant generatedAt;

  RdsIamTokenProvider(RdsUtilities utilities, GenerateAuthenticationTokenRequest request, Clock clock,
      Duration refreshAfter) {
    this.utilities = Objects.requireNonNull(utilities, "utilities");
    this.request = Objects.requireNonNull(request, "request");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refreshAfter = Objects.requireNonNull(refreshAfter, "refreshAfter");
  }

    /**
   * A provider for the host, port and user of a PostgreSQL JDBC URL.
   *
   * @throws io.insightflow.api.InsightflowConfigException naming {@code insightflow.target.url} when
   *     the URL has no host
   */
  public static RdsIamTokenProvider forUrl(Region region, AwsCredentialsProvider credentials, String url, String user) {
    java.util.Properties parsed = url == null ? null : org.postgresql.Driver.parseURL(url, null);
    if (parsed == null || parsed.getProperty("PGHOST") == null) {
      throw new io.insightflow.api.InsightflowConfigException(io.insightflow.config.InsightflowProperties.TARGET_URL.name(),
          "RDS IAM authentication needs a URL with a host, such as jdbc:postgresql://db.xxxx.rds.amazonaws.com:5432/app");
    }
    String host = parsed.getProperty("PGHOST").split(",")[0];
    int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
    return of(region, credentials, host, port, user);
  }

/**
   * A provider for one database endpoint and user.
   *
   * @param credentials AWS credentials allowed to {@code rds-db:connect} as {@code user}
   */
  public static RdsIamTokenProvider of(Region region, AwsCredentialsProvider credentials, String host,
      int port, String user) {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(credentials, "credentials");
    RdsUtilities utilities = RdsUtilities.builder().region(region).credentialsProvider(credentials).build();
    GenerateAuthenticationTokenRequest request = GenerateAuthenticationTokenRequest.builder()
        .hostname(Objects.requireNonNull(host, "host")).port(port)
        .username(Objects.requireNonNull(user, "user")).build();
    return new RdsIamTokenProvider(utilities, request, Clock.systemUTC(), DEFAULT_REFRESH);
  }

  /** The current token, regenerated when older than the refresh age; a fresh array per call. */
  @Override
  public synchronized char[] get() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(generatedAt.plus(refreshAfter))) {
      token = utilities.generateAuthenticationToken(request);
      generatedAt = now;
    }
    return token.toCharArray();
  }

  @Override
  public String toString() {
    return "RdsIamTokenProvider[host=" + request.hostname() + ", port=" + request.port()
        + ", user=" + request.username() + "]";
  }
}
