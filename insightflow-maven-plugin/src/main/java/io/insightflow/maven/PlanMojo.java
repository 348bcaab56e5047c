package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties;
import io.insightflow.InsightflowProperties.Key;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A dry run: shows what {@code ingest} would do (tables, row counts, partition folder, part names,
 * the SQL the warehouse would run) without writing anything.
 *
 * <pre>mvn insightflow:plan -Dinsightflow.tables=orders</pre>
 */
@Mojo(name = "plan", threadSafe = true, requiresProject = false)
public class PlanMojo extends AbstractIngestMojo {

  /** What to dry-run ({@code insightflow.plan.operation}): {@code ingest}. Default {@code ingest}. */
  @Parameter(property = "insightflow.plan.operation")
  private String planOperation;

  @Override
  protected void parameters(Map<Key, String> values) {
    super.parameters(values);
    values.put(InsightflowProperties.PLAN_OPERATION, planOperation);
  }

  @Override
  protected String run(Insightflow flow) {
    String operation = flow.get(InsightflowProperties.PLAN_OPERATION);
    if (!operation.equals("ingest")) {
      throw new InsightflowConfigException(InsightflowProperties.PLAN_OPERATION.name(),
          "'" + operation + "' is not an operation plan knows; use ingest");
    }
    return String.join("\n", flow.planIngest().describe());
  }
}
