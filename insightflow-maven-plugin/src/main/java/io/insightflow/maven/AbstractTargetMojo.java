package io.insightflow.maven;

import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.InsightflowProperties.Key;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/** Base of the goals that read or load the PostgreSQL target: {@code sync} and {@code status}. */
public abstract class AbstractTargetMojo extends AbstractLakeMojo {

  /**
   * PostgreSQL JDBC URL of the sync target ({@code insightflow.target.url}). Default
   * {@code jdbc:postgresql://127.0.0.1:5432/postgres}. The password goes in
   * {@code insightflow.target.password} (environment {@code INSIGHTFLOW_TARGET_PASSWORD} or
   * {@code -D}), never in the URL.
   */
  @Parameter(property = "insightflow.target.url")
  private PlexusConfiguration targetUrl;

  /** PostgreSQL user ({@code insightflow.target.user}). Default {@code postgres}. */
  @Parameter(property = "insightflow.target.user")
  private String targetUser;

  /** PostgreSQL schema that receives the tables ({@code insightflow.target.schema}). Default {@code public}. */
  @Parameter(property = "insightflow.target.schema")
  private String targetSchema;

  /**
   * PostgreSQL sslmode ({@code insightflow.target.sslMode}): {@code disable}, {@code prefer},
   * {@code require}, {@code verify-ca} or {@code verify-full}. Default: the driver's.
   */
  @Parameter(property = "insightflow.target.sslMode")
  private String targetSslMode;

  /**
   * AWS region for RDS IAM authentication ({@code insightflow.target.iamRegion}): tokens signed
   * with the default AWS credentials replace the password, refreshed before they expire.
   */
  @Parameter(property = "insightflow.target.iamRegion")
  private String targetIamRegion;

  /**
   * Tables whose objects other writers deliver without manifests, comma-separated
   * ({@code insightflow.sync.externalTables}): Firehose, a Snowflake unload, dropped files. Every
   * object under such a table's folder loads once by key and ETag, described by the folder's
   * {@code _schema.json} or the existing target table. Default: none.
   */
  @Parameter(property = "insightflow.sync.externalTables")
  private String syncExternalTables;

  @Override
  protected void parameters(Map<Key, String> values) {
    super.parameters(values);
    values.put(InsightflowProperties.SYNC_EXTERNAL_TABLES, syncExternalTables);
    values.put(InsightflowProperties.TARGET_URL, evaluate(targetUrl));
    values.put(InsightflowProperties.TARGET_USER, targetUser);
    values.put(InsightflowProperties.TARGET_SCHEMA, targetSchema);
    values.put(InsightflowProperties.TARGET_SSL_MODE, targetSslMode);
    values.put(InsightflowProperties.TARGET_IAM_REGION, targetIamRegion);
  }
}
