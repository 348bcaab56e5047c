package io.insightflow.sync;

import io.insightflow.layout.RunManifest;
import java.time.Instant;
import java.util.List;

/**
 * One data object to load: a part of a complete run, as its manifest describes it, or an object of
 * an external table (no manifest: complete once it exists).
 *
 * @param table target table
 * @param key object key
 * @param partitionTime the partition folder's timestamp (for an external object outside the layout,
 *     its last-modified time)
 * @param manifestKey the manifest that lists the object, or the external table's {@code _schema.json}
 *     (or folder) that describes it
 * @param runId the run that wrote it
 * @param rows data rows per the manifest, or -1 when unknown (external objects)
 * @param bytes size per the listing
 * @param manifestBytes size per the manifest, or -1 when the manifest gives none
 * @param crc32c checksum per the manifest, or null when there is none (external objects)
 * @param etag the listing's ETag: the version of an object that has no checksum
 * @param columns the target columns, in the object's order
 * @param format how the bytes encode rows
 */
record LakeObject(String table, String key, Instant partitionTime, String manifestKey, String runId,
    long rows, long bytes, long manifestBytes, String crc32c, String etag, List<RunManifest.Column> columns,
    ObjectFormat format) {

  /** A part of an insightflow run: CSV with a header. */
  LakeObject(String table, String key, Instant partitionTime, String manifestKey, String runId, long rows,
      long bytes, long manifestBytes, String crc32c, String etag, List<RunManifest.Column> columns) {
    this(table, key, partitionTime, manifestKey, runId, rows, bytes, manifestBytes, crc32c, etag, columns,
        ObjectFormat.CSV);
  }

  /**
   * What identifies this content for exactly-once: the CRC32C a manifest vouches for, else the
   * listing's ETag. A rewritten object has a new version, and its rows replace the old ones.
   */
  String version() {
    return crc32c != null ? crc32c : "etag:" + etag;
  }
}
