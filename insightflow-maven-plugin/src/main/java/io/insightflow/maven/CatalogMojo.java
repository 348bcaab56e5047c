package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Registers every complete run of the lake (batch and stream layouts) in the AWS Glue database of
 * {@code insightflow.catalog.glue.database}: tables with their columns, and their partitions, so
 * Athena sees the data without a crawler. Ingest and consume do this as they write when the
 * database is set; this goal fills a new catalog or one that missed runs. Running it again adds
 * nothing twice.
 *
 * <pre>mvn insightflow:catalog -Dinsightflow.lake=s3://raw/lake -Dinsightflow.catalog.glue.database=raw</pre>
 */
@GoalKeys({"insightflow.lake", "insightflow.s3.", "insightflow.catalog.", "insightflow.ingest.template"})
@Mojo(name = "catalog", threadSafe = true, requiresProject = false)
public class CatalogMojo extends CatalogParameters {

  @Override
  protected String run(Insightflow flow) {
    long runs = flow.registerCatalog();
    return "Registered " + runs + " runs of " + flow.lakeLocation() + " in Glue database "
        + flow.get(InsightflowProperties.CATALOG_GLUE_DATABASE);
  }
}
