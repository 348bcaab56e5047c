package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.sync.TableStatus;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Shows per table: complete objects in the lake, loaded, pending, failed, rows loaded, the last
 * loaded partition, the write mode, the schema change mode, the table's key with where it comes from (configuration, a
 * run manifest, a {@code _schema.json}), and its freshness: the last loaded partition's lag behind now, the newest
 * complete partition in the lake and its lag. Reads the lake and PostgreSQL, writes nothing.
 *
 * <pre>mvn insightflow:status</pre>
 */
@GoalKeys({"insightflow.lake", "insightflow.s3.", "insightflow.target.", "insightflow.sync.", "insightflow.catalog."})
@Mojo(name = "status", threadSafe = true, requiresProject = false)
public class StatusMojo extends StatusParameters {

  @Override
  protected String run(Insightflow flow) {
    List<TableStatus> tables = flow.status();
    return "Status of " + tables.size() + " tables in schema " + flow.get(InsightflowProperties.TARGET_SCHEMA)
        + " from " + flow.lakeLocation() + tables.stream().map(t -> String.format(
            "%n  %-24s lake=%d loaded=%d pending=%d failed=%d rows=%d last=%s writeMode=%s schemaChanges=%s key=%s"
                + " lag=%s newestInLake=%s lakeLag=%s%s",
            t.table(), t.objectsInLake(), t.objectsLoaded(), t.objectsPending(), t.objectsFailed(), t.rowsLoaded(),
            t.lastLoadedPartition() == null ? "-" : t.lastLoadedPartition(), t.writeMode().text(),
            t.schemaChanges().text(), t.keys().describe(), orDash(t.freshness().loadedLag()),
            orDash(t.freshness().newestInLake()), orDash(t.freshness().lakeLag()),
            t.keys().notes().stream().map(n -> String.format("%n    note %s", n)).collect(Collectors.joining())))
        .collect(Collectors.joining());
  }

  private static String orDash(Object value) {
    return value == null ? "-" : value.toString();
  }
}
