package io.insightflow.lake;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The raw lake: a flat key space of immutable-per-write objects (S3, or a local directory).
 *
 * <p>Keys are relative, use {@code /} as separator and are checked by {@link io.insightflow.internal.ObjectKeys#check}.
 * Every write is atomic per object: a reader sees the old content or the new one, never a part.
 * Implementations are thread-safe; the caller that opened a store closes it.
 */
public interface ObjectStore extends AutoCloseable {

  /**
   * Lists objects whose key starts with {@code prefix}, in ascending key order (UTF-8 byte order),
   * fetching pages lazily. Close the stream to release the listing.
   *
   * @param startAfter if non-null, only keys strictly greater than it are returned; lets a caller
   *     resume from a watermark instead of re-reading the whole history
   */
  Stream<ObjectInfo> list(String prefix, String startAfter);

  /** Lists every object under {@code prefix}. */
  default Stream<ObjectInfo> list(String prefix) {
    return list(prefix, null);
  }

  /** The object's metadata, or empty when it does not exist. */
  Optional<ObjectInfo> stat(String key);

  /**
   * Opens the object for reading; the caller closes the stream.
   *
   * @throws io.insightflow.LakeException if the object does not exist or cannot be read
   */
  InputStream open(String key);

  /**
   * Publishes the content of {@code file} as {@code key}, atomically, replacing any previous
   * object. The file is consumed: it is moved or deleted once published.
   *
   * @param file preferably one from {@link #newStagingFile()}, from which publishing is cheapest
   */
  ObjectInfo put(String key, Path file);

  /** Publishes a small in-memory object (manifests, checkpoints), atomically. */
  ObjectInfo put(String key, byte[] content);

  /** Deletes the object; deleting a missing object is not an error. */
  void delete(String key);

  /**
   * A new empty temporary file from which {@link #put(String, Path)} is cheapest (on a local lake,
   * the same file system, so publishing is a rename). The caller writes it, then puts or deletes it.
   */
  Path newStagingFile();

  /** A description for logs and messages, such as {@code s3://bucket/prefix}; never has secrets. */
  String describe();

  /** Releases clients the store owns. Idempotent. */
  @Override
  void close();
}
