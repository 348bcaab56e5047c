package io.insightflow.maven;

import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.InsightflowProperties.Key;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * Base of the goals that talk to Kinesis: {@code publish} and {@code consume}. Credentials come
 * from the default AWS chain (environment {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY},
 * profile, instance role); they are no parameters.
 */
public abstract class AbstractStreamMojo extends AbstractInsightflowMojo {

  /**
   * Kinesis endpoint override ({@code insightflow.kinesis.endpoint}), e.g.
   * {@code http://127.0.0.1:4568} for an emulator. Default: AWS.
   */
  @Parameter(property = "insightflow.kinesis.endpoint")
  private PlexusConfiguration kinesisEndpoint;

  /** Kinesis region ({@code insightflow.kinesis.region}). Default {@code us-east-1}. */
  @Parameter(property = "insightflow.kinesis.region")
  private String kinesisRegion;

  /**
   * Whether the Kinesis client speaks CBOR ({@code insightflow.kinesis.cborEnabled}); {@code false}
   * for emulators that only speak JSON, such as kinesalite. Default {@code true}.
   */
  @Parameter(property = "insightflow.kinesis.cborEnabled")
  private String kinesisCborEnabled;

  /** Upper bound of one Kinesis API call, retries included ({@code insightflow.kinesis.apiCallTimeout}). Default {@code 60s}. */
  @Parameter(property = "insightflow.kinesis.apiCallTimeout")
  private String kinesisApiCallTimeout;

  /** The Kinesis stream ({@code insightflow.stream.name}). Required; it must exist. */
  @Parameter(property = "insightflow.stream.name")
  private String streamName;

  @Override
  protected void parameters(Map<Key, String> values) {
    super.parameters(values);
    values.put(InsightflowProperties.KINESIS_ENDPOINT, evaluate(kinesisEndpoint));
    values.put(InsightflowProperties.KINESIS_REGION, kinesisRegion);
    values.put(InsightflowProperties.KINESIS_CBOR_ENABLED, kinesisCborEnabled);
    values.put(InsightflowProperties.KINESIS_API_CALL_TIMEOUT, kinesisApiCallTimeout);
    values.put(InsightflowProperties.STREAM_NAME, streamName);
  }
}
