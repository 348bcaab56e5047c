package io.insightflow.connect.kinesis;

import io.insightflow.api.Evolving;
import java.util.Objects;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * Builds the synchronous {@link KinesisClient} a job uses. Build it once per job (or per Lambda
 * container) and inject it into the publisher and consumer; the caller closes it.
 */
@Evolving
public final class KinesisClientProvider {

  private KinesisClientProvider() {}

  /**
   * A new client for these options, over the JDK's URLConnection HTTP client (no Netty).
   *
   * <p>With {@code cborEnabled(false)} this sets the JVM-wide {@code aws.cborEnabled=false}
   * system property, because the SDK reads CBOR support from there and not per client.
   */
  public static KinesisClient create(KinesisClientOptions options) {
    Objects.requireNonNull(options, "options");
    if (!options.cborEnabled()) {
      System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
    }
    KinesisClientBuilder builder = KinesisClient.builder()
        .region(Region.of(options.region()))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.apiCallTimeout(options.apiCallTimeout()));
    if (options.endpoint() != null) {
      builder.endpointOverride(options.endpoint());
    }
    if (options.credentials() != null) {
      builder.credentialsProvider(options.credentials());
    }
    return builder.build();
  }
}
