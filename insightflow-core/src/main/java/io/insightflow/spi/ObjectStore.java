package io.insightflow.spi;

import io.insightflow.api.Evolving;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The raw lake: a flat key space of immutable-per-write objects (S3, or a local directory).
 *
 * <p>Keys are relative, use {@code /} as separator and are checked by {@link io.insightflow.internal.ObjectKeys#check}.
 * Every write is atomic per object: a reader sees the old content or the new one, never a part.
 * Objects other writers deliver may not be: read them with {@link #open(ObjectInfo)}, which fails
 * rather than return a version the listing did not see. Implementations are thread-safe; the caller
 * that opened a store closes it.
 */
@Evolving
public interface ObjectStore extends AutoCloseable {

  /**
   * Lists objects whose key starts with {@code prefix}, in ascending key order (UTF-8 byte order),
   * fetching pages lazily. Close the stream to release the listing.
   *
   * <p>A listing yields only objects a key can name: an entry {@link
   * io.insightflow.internal.ObjectKeys#check} rejects (a control character in its name, say), whose
   * name is not valid text, or that is not an object at all (a symbolic link in a local lake) is
   * skipped with one WARN line, its name escaped; it never fails the listing.
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
   * @throws io.insightflow.api.LakeException if the object does not exist or cannot be read
   */
  InputStream open(String key);

  /**
   * Opens exactly the version of an object that a listing (or {@link #stat}) saw, for readers that
   * must not take a rewritten or half-written object for the listed one. The caller closes the
   * stream, and reads it to its end (-1) before using what it read: the last checks run there.
   *
   * <ul>
   *   <li>When the store holds another version (or none) at open time, this throws a {@link
   *       io.insightflow.api.LakeException} naming the key and both versions.
   *   <li>The stream throws {@link ObjectChangedException} (an {@code IOException}, naming the key)
   *       instead of ending when the bytes read differ in number from {@code listed.size()}, or when
   *       the store saw the content change while it was read (a different etag, where the store gives
   *       one). More bytes than listed fail as soon as they are read.
   * </ul>
   *
   * <p>This default (for stores found with {@link ObjectStoreProvider}) stats the
   * key, opens it by key, counts the bytes, and at their end stats the key again and compares size
   * and etag. Stores that can pin the version (S3's {@code If-Match}) or see more (a local file's
   * identity) override it. Thread-safe; each stream is for one thread.
   *
   * <pre>{@code
   * ObjectInfo listed = lake.stat("data/orders.csv").orElseThrow(); // or from list(..)
   * try (InputStream in = lake.open(listed)) {
   *   load(in); // reads to -1, or fails with ObjectChangedException if the object changed meanwhile
   * }
   * }</pre>
   *
   * @param listed what the listing said about the object
   * @throws io.insightflow.api.LakeException if the object is missing, is another version, or cannot be read
   */
  default InputStream open(ObjectInfo listed) {
    String key = Objects.requireNonNull(listed, "listed").key();
    Optional<String> change = ListedVersionStream.change(listed, stat(key));
    if (change.isPresent()) {
      throw ListedVersionStream.notListed(listed, change.get(), describe());
    }
    return new ListedVersionStream(listed, open(key), () -> ListedVersionStream.change(listed, stat(key)));
  }

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
