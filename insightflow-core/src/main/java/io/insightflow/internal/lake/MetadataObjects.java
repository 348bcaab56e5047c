package io.insightflow.internal.lake;

import io.insightflow.api.LakeException;
import io.insightflow.spi.ObjectStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the small objects insightflow keeps beside the data (manifests, {@code _schema.json},
 * progress and checkpoints) whole, but never more than {@link #MAX_BYTES}: they come from the lake,
 * where anyone may have put a gigabyte under such a name.
 */
public final class MetadataObjects {

  /** The largest metadata object read: 16 MiB holds a manifest of some 50,000 parts. */
  public static final int MAX_BYTES = 16 << 20;

  private MetadataObjects() {}

  /**
   * The object's bytes.
   *
   * @param what what the object should be ("manifest"), for the message
   * @throws LakeException naming the key when it cannot be read or is larger than {@link #MAX_BYTES}
   */
  public static byte[] read(ObjectStore lake, String key, String what) {
    try (InputStream in = lake.open(key)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new LakeException(key, "Not a valid " + what + ": larger than " + MAX_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new LakeException(key, "Cannot read " + what + ": " + e.getMessage(), e);
    }
  }
}
