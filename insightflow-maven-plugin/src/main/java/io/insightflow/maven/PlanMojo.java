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
@GoalKeys({"insightflow.lake", "insightflow.s3.", "insightflow.source.", "insightflow.ingest.", "insightflow.target.",
    "insightflow.sync.", "insightflow.catalog.", "insightflow.plan."})
@Mojo(name = "plan", threadSafe = true, requiresProject = false)
public class PlanMojo extends PlanParameters {

  @Override
  protected String run(Insightflow flow) {
    return String.join("\n", flow.plan());
  }
}
