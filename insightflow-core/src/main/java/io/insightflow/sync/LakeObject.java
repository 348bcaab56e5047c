package io.insightflow.sync;

import io.insightflow.layout.RunManifest;
import java.time.Instant;
import java.util.List;

/**
 * One data object of a complete run, as its manifest describes it.
 *
 * @param table target table (the manifest's table)
 * @param key object key
 * @param partitionTime the partition folder's timestamp
 * @param manifestKey the manifest that lists the object
 * @param runId the run that wrote it
 * @param rows data rows per the manifest
 * @param bytes size per the listing
 * @param manifestBytes size per the manifest, or -1 when the manifest gives none
 * @param crc32c checksum per the manifest: the object's version for exactly-once; null when the
 *     manifest gives none
 * @param etag the listing's ETag, recorded for information
 * @param columns the run's schema
 */
record LakeObject(String table, String key, Instant partitionTime, String manifestKey, String runId,
    long rows, long bytes, long manifestBytes, String crc32c, String etag, List<RunManifest.Column> columns) {}
