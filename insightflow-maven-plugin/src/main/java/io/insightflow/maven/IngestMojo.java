package io.insightflow.maven;

import io.insightflow.Insightflow;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Batch ingest: copies warehouse tables ({@code insightflow.tables}) into the lake, one partition
 * folder per table and run, manifest last. Progress lines come per table; the last line sums up.
 *
 * <pre>mvn insightflow:ingest -Dinsightflow.tables=orders,products -Dinsightflow.lake=s3://bucket/raw</pre>
 */
@GoalKeys({"insightflow.lake", "insightflow.s3.", "insightflow.source.", "insightflow.ingest.", "insightflow.catalog."})
@Mojo(name = "ingest", threadSafe = true, requiresProject = false)
public class IngestMojo extends IngestParameters {

  @Override
  protected String run(Insightflow flow) {
    return "Ingested " + flow.ingest().summary() + " into " + flow.lakeLocation();
  }
}
