package io.insightflow.maven;

import io.insightflow.Insightflow;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * A dry run that writes nothing. For {@code ingest}: tables, row counts, the partition folder, part
 * names and the SQL the warehouse would run. For {@code sync}: the objects that would load and the
 * COPY statement of each.
 *
 * <pre>mvn insightflow:plan -Dinsightflow.plan.operation=sync</pre>
 */
@Mojo(name = "plan", threadSafe = true, requiresProject = false)
public class PlanMojo extends AbstractInsightflowMojo {

  @Override
  protected String run(Insightflow flow) {
    return String.join("\n", flow.plan());
  }
}
