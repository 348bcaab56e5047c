package io.insightflow.lake;

import io.insightflow.InsightflowConfigException;
import io.insightflow.LakeException;
import io.insightflow.internal.ObjectKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lake in a local directory, the embedded default. Writes go to a temporary file that is then
 * renamed over the target, so readers never see a half-written object; data is forced to disk
 * before the rename so a crash cannot leave an empty object behind a published name.
 */
public final class LocalObjectStore implements ObjectStore {

  /** Folder for staging files and in-flight writes; its {@code _} name hides it from Hive readers. */
  static final String STAGING = "_staging";

  private final Path root;

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
    String dirKey = ObjectKeys.parent(prefix + "x"); // the folder that holds every match
    Path start = dirKey.isEmpty() ? root : root.resolve(dirKey);
    if (!Files.isDirectory(start)) {
      return Stream.empty();
    }
    Iterator<ObjectInfo> it = new SortedWalk(start, dirKey, prefix, startAfter);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    Path file = resolve(key);
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      return attrs.isRegularFile() ? Optional.of(info(key, attrs)) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new LakeException(key, "Cannot read metadata in " + describe(), e);
    }
  }

  @Override
  public InputStream open(String key) {
    try {
      return Files.newInputStream(resolve(key));
    } catch (NoSuchFileException e) {
      throw new LakeException(key, "Object does not exist in " + describe(), e);
    } catch (IOException e) {
      throw new LakeException(key, "Cannot open object in " + describe(), e);
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
    Path file = root.resolve(STAGING).resolve(UUID.randomUUID() + ".tmp");
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

  private Path resolve(String key) {
    return root.resolve(ObjectKeys.check(key));
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

  /**
   * Depth-first walk that yields keys in ascending order without holding the whole tree: entries
   * of a folder are sorted by {@code name} for files and {@code name + "/"} for folders, which is
   * exactly the order of the full keys. Folders entirely at or before {@code startAfter} are pruned.
   */
  private final class SortedWalk implements Iterator<ObjectInfo> {
    private final String prefix;
    private final String startAfter;
    private final Deque<Iterator<String>> stack = new ArrayDeque<>();
    private ObjectInfo next;

    SortedWalk(Path start, String startKey, String prefix, String startAfter) {
      this.prefix = prefix;
      this.startAfter = startAfter;
      stack.push(children(start, startKey).iterator());
    }

    @Override
    public boolean hasNext() {
      while (next == null && !stack.isEmpty()) {
        Iterator<String> top = stack.peek();
        if (!top.hasNext()) {
          stack.pop();
          continue;
        }
        String entry = top.next();
        if (entry.endsWith("/")) {
          if (wanted(entry)) {
            String folderKey = entry.substring(0, entry.length() - 1);
            stack.push(children(root.resolve(folderKey), folderKey).iterator());
          }
        } else if (entry.startsWith(prefix)
            && (startAfter == null || entry.compareTo(startAfter) > 0)
            && !entry.startsWith(STAGING + "/")) {
          next = stat(entry).orElse(null); // a file deleted meanwhile is skipped
        }
      }
      return next != null;
    }

    @Override
    public ObjectInfo next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ObjectInfo result = next;
      next = null;
      return result;
    }

    private boolean wanted(String folder) {
      boolean overlapsPrefix = folder.startsWith(prefix) || prefix.startsWith(folder);
      boolean beforeStart = startAfter != null
          && folder.compareTo(startAfter) < 0
          && !startAfter.startsWith(folder);
      return overlapsPrefix && !beforeStart && !folder.equals(STAGING + "/");
    }

    private List<String> children(Path dir, String dirKey) {
      List<String> entries = new ArrayList<>();
      String base = dirKey.isEmpty() ? "" : dirKey + "/";
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        for (Path child : stream) {
          String name = child.getFileName().toString();
          entries.add(base + name + (Files.isDirectory(child) ? "/" : ""));
        }
      } catch (NoSuchFileException e) {
        return List.of();
      } catch (IOException e) {
        throw new LakeException(dirKey, "Cannot list folder in " + describe(), e);
      }
      entries.sort(null);
      return entries;
    }
  }
}
