package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.metrics.Measurements;
import io.insightflow.sync.VerifyReport;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Verify: reconciles the lake with PostgreSQL and prints a table per table (objects, rows the manifests
 * promise and rows found, keys of merge tables, freshness), then each divergence and each object not
 * loaded with why. A divergence (rows that differ from what a manifest promises, a loaded object that
 * vanished or changed, a key held twice) or a failed object fails the build, naming table, object and
 * both figures. {@code insightflow.verify.report} also writes the JSON report. Reads only.
 *
 * <pre>mvn insightflow:verify -Dinsightflow.verify.report=_insightflow/verify.json</pre>
 */
@GoalKeys({"insightflow.lake", "insightflow.s3.", "insightflow.target.", "insightflow.sync.", "insightflow.verify."})
@Mojo(name = "verify", threadSafe = true, requiresProject = false)
public class VerifyMojo extends VerifyParameters {

  @Override
  protected String run(Insightflow flow) throws MojoFailureException {
    VerifyReport report = flow.verify();
    String table = String.join(System.lineSeparator(), report.describe()) + System.lineSeparator() + "Metrics: "
        + Measurements.of(report).summary();
    String location = flow.get(InsightflowProperties.VERIFY_REPORT);
    String written = location == null || location.isBlank() ? "" : System.lineSeparator() + "Report written to "
        + location.trim();
    if (!report.consistent()) {
      getLog().error(table + written);
      throw new MojoFailureException("Verify found " + report.divergences().size() + " divergences and "
          + report.failed().size() + " failed objects in schema " + report.schema() + ": "
          + String.join("; ", report.problems()));
    }
    return table + written;
  }
}
