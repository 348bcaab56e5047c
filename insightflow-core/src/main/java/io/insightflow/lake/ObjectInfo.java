package io.insightflow.lake;

import java.time.Instant;
import java.util.Objects;

/**
 * What a lake listing says about one object.
 *
 * @param key the key relative to the lake root, with {@code /} separators
 * @param size size in bytes
 * @param etag an opaque version tag that changes when the content is rewritten (S3's ETag; for a
 *     local file, derived from its size and modification time)
 * @param lastModified when the object was last written
 */
public record ObjectInfo(String key, long size, String etag, Instant lastModified) {

  public ObjectInfo {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(lastModified, "lastModified");
  }

  /** The last path segment of the key. */
  public String name() {
    return key.substring(key.lastIndexOf('/') + 1);
  }
}
