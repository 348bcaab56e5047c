package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.InsightflowProperties.Key;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * A dry run that writes nothing. For {@code ingest}: tables, row counts, the partition folder, part
 * names and the SQL the warehouse would run. For {@code sync}: the objects that would load and the
 * COPY statement of each.
 *
 * <pre>mvn insightflow:plan -Dinsightflow.plan.operation=sync</pre>
 */
@Mojo(name = "plan", threadSafe = true, requiresProject = false)
public class PlanMojo extends AbstractIngestMojo {

  /** What to dry-run ({@code insightflow.plan.operation}): {@code ingest} or {@code sync}. Default {@code ingest}. */
  @Parameter(property = "insightflow.plan.operation")
  private String planOperation;

  /** For {@code sync}: PostgreSQL JDBC URL ({@code insightflow.target.url}). Default {@code jdbc:postgresql://127.0.0.1:5432/postgres}. */
  @Parameter(property = "insightflow.target.url")
  private PlexusConfiguration targetUrl;

  /** For {@code sync}: PostgreSQL user ({@code insightflow.target.user}). Default {@code postgres}. */
  @Parameter(property = "insightflow.target.user")
  private String targetUser;

  /** For {@code sync}: target schema ({@code insightflow.target.schema}). Default {@code public}. */
  @Parameter(property = "insightflow.target.schema")
  private String targetSchema;

  /** For {@code sync}: {@code incremental}, {@code full} or {@code window} ({@code insightflow.sync.mode}). Default {@code incremental}. */
  @Parameter(property = "insightflow.sync.mode")
  private String syncMode;

  /** For {@code sync}: window start, inclusive ({@code insightflow.sync.start}). */
  @Parameter(property = "insightflow.sync.start")
  private String syncStart;

  /** For {@code sync}: window end, exclusive ({@code insightflow.sync.end}). */
  @Parameter(property = "insightflow.sync.end")
  private String syncEnd;

  @Override
  protected void parameters(Map<Key, String> values) {
    super.parameters(values);
    values.put(InsightflowProperties.PLAN_OPERATION, planOperation);
    values.put(InsightflowProperties.TARGET_URL, evaluate(targetUrl));
    values.put(InsightflowProperties.TARGET_USER, targetUser);
    values.put(InsightflowProperties.TARGET_SCHEMA, targetSchema);
    values.put(InsightflowProperties.SYNC_MODE, syncMode);
    values.put(InsightflowProperties.SYNC_START, syncStart);
    values.put(InsightflowProperties.SYNC_END, syncEnd);
  }

  @Override
  protected String run(Insightflow flow) {
    return String.join("\n", flow.plan());
  }
}
