package io.insightflow.sync;

import io.insightflow.layout.RunManifest;
import java.time.Instant;
import java.util.List;

/**
 * A data object of a complete run, as its manifest describes it: the unit of exactly-once loading.
 *
 * @param table target table name (from the manifest)
 * @param key object key in the lake
 * @param crc32c content checksum from the manifest; a different value means rewritten content
 * @param rows data rows the manifest promises
 * @param columns the object's columns, in file order
 * @param partitionTime the partition timestamp parsed from the folder
 * @param runId the run that wrote it
 */
record LakeObject(String table, String key, String crc32c, long rows, List<RunManifest.Column> columns,
    Instant partitionTime, String runId) {}
