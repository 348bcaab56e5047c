package io.insightflow.lake;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Internal;
import io.insightflow.api.LakeException;
import io.insightflow.api.Printable;
import io.insightflow.internal.ObjectKeys;
import io.insightflow.spi.ListedVersionStream;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lake in a local directory, the embedded default. Writes go to a temporary file that is then
 * renamed over the target, so readers never see a half-written object; data is forced to disk
 * before the rename so a crash cannot leave an empty object behind a published name.
 *
 * <p>Objects are regular files. Symbolic links are not objects: a listing never follows or yields
 * one (it warns and skips it), and a key whose path passes through a link anywhere below the root
 * fails every operation, so no link can lead a read out of the lake (or round in a cycle). The root
 * itself may be reached through links. [#19]
 *
 * <p>Users open it with {@code ObjectStores.open("lake")} (any directory path or {@code file:} URI),
 * which returns it as an {@link ObjectStore}.
 */
@Internal
public final class LocalObjectStore implements ObjectStore {

  private static final Logger LOG = LoggerFactory.getLogger(LocalObjectStore.class);
  private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

  /** Folder for staging files and in-flight writes; its {@code _} name hides it from Hive readers. */
  static final String STAGING = "_staging";

  private final Path root;
  /** The root with every link resolved, once; keys resolve against it and are checked below it. */
  private final Path realRoot;

  /**
   * Opens (and creates if needed) a lake rooted at {@code root}.
   *
   * @throws InsightflowConfigException (key {@code insightflow.lake}) if the directory cannot be
   *     created or written
   */
  public LocalObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root.resolve(STAGING));
      Path probe = Files.createTempFile(this.root.resolve(STAGING), "probe", ".tmp");
      Files.delete(probe);
      this.realRoot = this.root.toRealPath();
    } catch (IOException | SecurityException e) {
      throw new InsightflowConfigException(
          "insightflow.lake",
          "Lake directory " + this.root + " is not writable (" + e
              + "); point insightflow.lake at a writable directory",
          e);
    }
  }

  /** The lake's root directory. */
  public Path root() {
    return root;
  }

  @Override
  public Stream<ObjectInfo> list(String prefix, String startAfter) {
    Objects.requireNonNull(prefix, "prefix");
    String dirKey = ObjectKeys.parent(prefix + "x"); // the folder that holds every match
    Path start = realRoot;
    if (!dirKey.isEmpty()) {
      Optional<String> link = firstLink(ObjectKeys.check(dirKey));
      if (link.isPresent()) {
        LOG.warn("Skipping {} in {}: its path goes through symbolic link {}, and a link is not an object",
            Printable.of(prefix), describe(), Printable.of(link.get()));
        return Stream.empty();
      }
      start = realRoot.resolve(dirKey);
    }
    if (!Files.isDirectory(start, NO_FOLLOW)) {
      return Stream.empty();
    }
    Iterator<ObjectInfo> it = new SortedWalk(realRoot, describe(), key -> regularFile(key, realRoot.resolve(key)),
        dirKey, prefix, startAfter);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return regularFile(key, resolve(key));
  }

  @Override
  public InputStream open(String key) {
    return openFile(key, resolve(key));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Right after opening, the file's size and modification time must still give the listed etag;
   * at the end of the bytes, they must still do so and the path must still name the same file
   * (so a rename-replace during the read counts as a change, even of equal content). An in-place
   * rewrite is seen through its new modification time, which the file system records in ticks of a
   * few milliseconds: one of equal size within the tick of the listed write cannot be seen.
   */
  @Override
  public InputStream open(ObjectInfo listed) {
    String key = Objects.requireNonNull(listed, "listed").key();
    Path file = resolve(key);
    InputStream in = openFile(key, file);
    try {
      BasicFileAttributes opened = Files.readAttributes(file, BasicFileAttributes.class, NO_FOLLOW);
      Optional<String> change = ListedVersionStream.change(listed, Optional.of(info(key, opened)));
      if (change.isPresent()) {
        throw ListedVersionStream.notListed(listed, change.get(), describe());
      }
      return new ListedVersionStream(listed, in, () -> changedSince(listed, opened.fileKey(), file));
    } catch (IOException | RuntimeException e) {
      try {
        in.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof NoSuchFileException) { // deleted between the open and the check
        throw ListedVersionStream.notListed(listed, "it no longer exists", describe());
      }
      throw e instanceof IOException io ? new LakeException(key, "Cannot open object in " + describe(), io)
          : (RuntimeException) e;
    }
  }

  @Override
  public ObjectInfo put(String key, Path file) {
    Path target = resolve(key);
    try {
      force(file);
      Files.createDirectories(target.getParent());
      try {
        advancePast(file, target);
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // The file lives on another file system: copy next to the target first, then rename.
        Path sibling = newStagingFile();
        Files.copy(file, sibling, StandardCopyOption.REPLACE_EXISTING);
        force(sibling);
        advancePast(sibling, target);
        Files.move(sibling, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(file);
      }
      return info(key, Files.readAttributes(target, BasicFileAttributes.class));
    } catch (IOException e) {
      throw new LakeException(key, "Cannot write object in " + describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ObjectInfo put(String key, byte[] content) {
    Path staged = newStagingFile();
    try {
      Files.write(staged, content);
      return put(key, staged);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(staged); // a full disk must not leave empty files in _staging
      } catch (IOException ignored) {
        // the write failure is what matters
      }
      throw e instanceof IOException io ? new LakeException(key, "Cannot write object in " + describe() + ": "
          + io.getMessage(), io) : (RuntimeException) e;
    }
  }

  @Override
  public void delete(String key) {
    try {
      Files.deleteIfExists(resolve(key));
    } catch (IOException e) {
      throw new LakeException(key, "Cannot delete object in " + describe(), e);
    }
  }

  @Override
  public Path newStagingFile() {
    Path file = realRoot.resolve(STAGING).resolve(UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      return Files.createFile(file);
    } catch (IOException e) {
      throw new LakeException(STAGING, "Cannot create a staging file in " + describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return root.toUri().toString();
  }

  @Override
  public void close() {
    // Nothing to release.
  }

  @Override
  public String toString() {
    return "LocalObjectStore[" + root + "]";
  }

  /**
   * The file of {@code key}, refusing a key whose path passes through a symbolic link: a link could
   * lead out of the lake (a link to a folder included), and it is not an object. The path is checked
   * before it is used, and the final file is opened without following links; a folder swapped for a
   * link between the two is not caught (closing that window would take a SecureDirectoryStream walk
   * per key).
   */
  private Path resolve(String key) {
    Optional<String> link = firstLink(ObjectKeys.check(key));
    if (link.isPresent()) {
      throw new LakeException(key, "Object path goes through symbolic link " + link.get() + " in " + describe()
          + "; a link is not an object of the lake and may lead out of it");
    }
    return realRoot.resolve(key);
  }

  /** The first symbolic link on the path of the (checked) {@code key}, as a key; empty if none. */
  private Optional<String> firstLink(String key) {
    for (int slash = key.indexOf('/'); ; slash = key.indexOf('/', slash + 1)) {
      String part = slash < 0 ? key : key.substring(0, slash);
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(realRoot.resolve(part), BasicFileAttributes.class, NO_FOLLOW);
      } catch (NoSuchFileException e) {
        return Optional.empty(); // nothing further exists, so nothing further is a link
      } catch (IOException e) {
        throw new LakeException(key, "Cannot read metadata in " + describe() + ": " + e.getMessage(), e);
      }
      if (attrs.isSymbolicLink()) {
        return Optional.of(part);
      }
      if (slash < 0 || !attrs.isDirectory()) {
        return Optional.empty(); // the end, or a file that nothing can lie below
      }
    }
  }

  /** The object at {@code file} if it is a regular file (links not followed); empty if absent. */
  private Optional<ObjectInfo> regularFile(String key, Path file) {
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, NO_FOLLOW);
      return attrs.isRegularFile() ? Optional.of(info(key, attrs)) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new LakeException(key, "Cannot read metadata in " + describe(), e);
    }
  }

  /** Opens {@code file} without following a final link. */
  private InputStream openFile(String key, Path file) {
    try {
      return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new LakeException(key, "Object does not exist in " + describe(), e);
    } catch (IOException e) {
      throw new LakeException(key, "Cannot open object in " + describe(), e);
    }
  }

  /** Whether the file at {@code file} is still the listed version and the file that was opened. */
  private Optional<String> changedSince(ObjectInfo listed, Object fileKey, Path file) throws IOException {
    BasicFileAttributes now;
    try {
      now = Files.readAttributes(file, BasicFileAttributes.class, NO_FOLLOW);
    } catch (NoSuchFileException e) {
      return Optional.of("it was deleted");
    }
    if (!Objects.equals(fileKey, now.fileKey())) {
      return Optional.of("another file replaced it");
    }
    return ListedVersionStream.change(listed, Optional.of(info(listed.key(), now)));
  }

  private static void force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * Gives {@code file} a modification time later than the object it replaces. The etag derives from
   * size and modification time, and the file-system clock advances in ticks of several
   * milliseconds: without this, a same-size rewrite within one tick kept its etag and sync would
   * not see the new content.
   */
  private static void advancePast(Path file, Path target) throws IOException {
    FileTime previous;
    try {
      previous = Files.getLastModifiedTime(target);
    } catch (NoSuchFileException e) {
      return;
    }
    if (Files.getLastModifiedTime(file).compareTo(previous) <= 0) {
      Files.setLastModifiedTime(file, FileTime.from(previous.toInstant().plusMillis(1)));
    }
  }

  private static ObjectInfo info(String key, BasicFileAttributes attrs) {
    long nanos = attrs.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
        + attrs.lastModifiedTime().toInstant().getNano();
    String etag = Long.toHexString(attrs.size()) + "-" + Long.toHexString(nanos);
    return new ObjectInfo(key, attrs.size(), etag, attrs.lastModifiedTime().toInstant());
  }
}
