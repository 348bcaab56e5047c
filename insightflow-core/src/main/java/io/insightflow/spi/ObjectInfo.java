package io.insightflow.spi;

import io.insightflow.api.Stable;
import java.time.Instant;
import java.util.Objects;

/**
 * What a lake listing says about one object.
 *
 * @param key the key relative to the lake root, with {@code /} separators
 * @param size size in bytes
 * @param etag an opaque version tag that changes when the content is rewritten (S3's ETag; for a
 *     local file, derived from its size and modification time); empty when the store gives none
 * @param lastModified when the object was last written
 */
@Stable
public record ObjectInfo(String key, long size, String etag, Instant lastModified) {

  public ObjectInfo {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(lastModified, "lastModified");
  }

  /**
   * Whether {@code other} describes the same version of an object as this: the same size and etag
   * (keys and modification times are not compared).
   */
  public boolean sameVersion(ObjectInfo other) {
    return size == other.size && etag.equals(other.etag);
  }

  /** The version for messages, such as {@code 1234 bytes, etag 9b2cf535f27731c9}. */
  public String version() {
    return size + " bytes, etag " + (etag.isEmpty() ? "(none)" : etag);
  }

  /** The last path segment of the key. */
  public String name() {
    return key.substring(key.lastIndexOf('/') + 1);
  }
}
