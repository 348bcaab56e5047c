package io.insightflow.maven;

import io.insightflow.InsightflowProperties;
import io.insightflow.InsightflowProperties.Key;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** Base of the goals that read or load the PostgreSQL target: {@code sync} and {@code status}. */
public abstract class AbstractTargetMojo extends AbstractLakeMojo {

  /**
   * PostgreSQL JDBC URL of the sync target ({@code insightflow.target.url}). Default
   * {@code jdbc:postgresql://127.0.0.1:5432/postgres}. The password goes in
   * {@code insightflow.target.password} (environment {@code INSIGHTFLOW_TARGET_PASSWORD} or
   * {@code -D}), never in the URL.
   */
  @Parameter(property = "insightflow.target.url")
  private String targetUrl;

  /** PostgreSQL user ({@code insightflow.target.user}). Default {@code postgres}. */
  @Parameter(property = "insightflow.target.user")
  private String targetUser;

  /** PostgreSQL schema that receives the tables ({@code insightflow.target.schema}). Default {@code public}. */
  @Parameter(property = "insightflow.target.schema")
  private String targetSchema;

  @Override
  protected void parameters(Map<Key, String> values) {
    super.parameters(values);
    values.put(InsightflowProperties.TARGET_URL, targetUrl);
    values.put(InsightflowProperties.TARGET_USER, targetUser);
    values.put(InsightflowProperties.TARGET_SCHEMA, targetSchema);
  }
}
