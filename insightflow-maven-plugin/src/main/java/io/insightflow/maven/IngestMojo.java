package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.ingest.IngestResult;
import io.insightflow.metrics.Measurements;
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
    IngestResult result = flow.ingest();
    return "Ingested " + result.summary() + " into " + flow.lakeLocation() + "\nMetrics: "
        + Measurements.of(result).summary();
  }
}
