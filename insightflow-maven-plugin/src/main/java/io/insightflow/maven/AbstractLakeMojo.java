package io.insightflow.maven;

import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.InsightflowProperties.Key;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/** Base of the goals that read or write the lake. */
public abstract class AbstractLakeMojo extends AbstractInsightflowMojo {

  /**
   * The lake ({@code insightflow.lake}): a directory (relative to the project), a {@code file:} URI
   * or {@code s3://bucket/prefix}. Default {@code lake}.
   */
  @Parameter(property = "insightflow.lake")
  private String lake;

  /**
   * S3 endpoint override for S3-compatible servers ({@code insightflow.s3.endpoint}), e.g.
   * {@code http://127.0.0.1:9000}. Default: AWS.
   */
  @Parameter(property = "insightflow.s3.endpoint")
  private PlexusConfiguration s3Endpoint;

  /** S3 region ({@code insightflow.s3.region}). Default {@code us-east-1}. */
  @Parameter(property = "insightflow.s3.region")
  private String s3Region;

  /**
   * Path-style S3 requests ({@code insightflow.s3.pathStyle}), needed by most S3-compatible
   * servers. Default {@code false}.
   */
  @Parameter(property = "insightflow.s3.pathStyle")
  private String s3PathStyle;

  /**
   * AWS Glue database in which ingest and consume register every run they write, and which the
   * {@code catalog} goal fills ({@code insightflow.catalog.glue.database}). Default: no registration.
   */
  @Parameter(property = "insightflow.catalog.glue.database")
  private String catalogGlueDatabase;

  /** Region of the Glue catalog ({@code insightflow.catalog.glue.region}). Default: {@code insightflow.s3.region}. */
  @Parameter(property = "insightflow.catalog.glue.region")
  private String catalogGlueRegion;

  /** Glue endpoint override ({@code insightflow.catalog.glue.endpoint}), for a local server. Default: AWS. */
  @Parameter(property = "insightflow.catalog.glue.endpoint")
  private PlexusConfiguration catalogGlueEndpoint;

  /** TCP connect timeout of each S3 request ({@code insightflow.s3.connectTimeout}), e.g. {@code 5s}. Default {@code 3s}. */
  @Parameter(property = "insightflow.s3.connectTimeout")
  private String s3ConnectTimeout;

  /**
   * Longest wait for the next bytes of an S3 response ({@code insightflow.s3.socketTimeout}); a
   * stalled download is then resumed where it stopped. Default {@code 60s}.
   */
  @Parameter(property = "insightflow.s3.socketTimeout")
  private String s3SocketTimeout;

  /** Attempts per S3 request, the first included ({@code insightflow.s3.maxAttempts}). Default {@code 3}. */
  @Parameter(property = "insightflow.s3.maxAttempts")
  private String s3MaxAttempts;

  @Override
  protected void parameters(Map<Key, String> values) {
    super.parameters(values);
    values.put(InsightflowProperties.CATALOG_GLUE_DATABASE, catalogGlueDatabase);
    values.put(InsightflowProperties.CATALOG_GLUE_REGION, catalogGlueRegion);
    values.put(InsightflowProperties.CATALOG_GLUE_ENDPOINT, evaluate(catalogGlueEndpoint));
    values.put(InsightflowProperties.LAKE, lake);
    values.put(InsightflowProperties.S3_ENDPOINT, evaluate(s3Endpoint));
    values.put(InsightflowProperties.S3_REGION, s3Region);
    values.put(InsightflowProperties.S3_PATH_STYLE, s3PathStyle);
    values.put(InsightflowProperties.S3_CONNECT_TIMEOUT, s3ConnectTimeout);
    values.put(InsightflowProperties.S3_SOCKET_TIMEOUT, s3SocketTimeout);
    values.put(InsightflowProperties.S3_MAX_ATTEMPTS, s3MaxAttempts);
  }
}
