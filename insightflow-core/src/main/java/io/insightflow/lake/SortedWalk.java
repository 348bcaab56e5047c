package io.insightflow.lake;

import io.insightflow.api.LakeException;
import io.insightflow.api.Printable;
import io.insightflow.internal.ObjectKeys;
import io.insightflow.spi.ObjectInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Depth-first walk that yields keys in ascending order without holding the whole tree: entries
 * of a folder are sorted by {@code name} for files and {@code name + "/"} for folders, which is
 * exactly the order of the full keys. Folders entirely at or before {@code startAfter} are pruned.
 * Links are never followed; they, and names no key can hold, are skipped with one warning each
 * when they fall in the listed range. [#19]
 */
final class SortedWalk implements Iterator<ObjectInfo> {

  // Under the store's name, as before the split: users filter the store's lines by it.
  private static final Logger LOG = LoggerFactory.getLogger(LocalObjectStore.class);
  private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path root;
  private final String lake;
  private final Function<String, Optional<ObjectInfo>> regularFile;
  private final String prefix;
  private final String startAfter;
  private final Deque<Iterator<Entry>> stack = new ArrayDeque<>();
  private ObjectInfo next;

  /**
   * @param root the lake's root, links resolved
   * @param lake the lake as {@link LocalObjectStore#describe()} names it
   * @param regularFile the object at a key if it is a regular file, else empty
   * @param startKey the folder to walk: empty for the root, else a key below it (a directory)
   */
  SortedWalk(Path root, String lake, Function<String, Optional<ObjectInfo>> regularFile, String startKey,
      String prefix, String startAfter) {
    this.root = root;
    this.lake = lake;
    this.regularFile = regularFile;
    this.prefix = prefix;
    this.startAfter = startAfter;
    stack.push(children(startKey.isEmpty() ? root : root.resolve(startKey), startKey).iterator());
  }

  @Override
  public boolean hasNext() {
    while (next == null && !stack.isEmpty()) {
      Iterator<Entry> top = stack.peek();
      if (!top.hasNext()) {
        stack.pop();
        continue;
      }
      Entry entry = top.next();
      if (entry.folder() ? !wanted(entry.key() + "/") : !inRange(entry.key())) {
        continue;
      }
      if (entry.skipReason() != null) {
        LOG.warn("Skipping {} in {}: {}", Printable.of(entry.key()), lake, entry.skipReason());
      } else if (entry.folder()) {
        stack.push(children(root.resolve(entry.key()), entry.key()).iterator());
      } else {
        next = regularFile.apply(entry.key()).orElse(null); // gone meanwhile: skipped
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

  private boolean inRange(String key) {
    return key.startsWith(prefix)
        && (startAfter == null || key.compareTo(startAfter) > 0)
        && !key.startsWith(LocalObjectStore.STAGING + "/");
  }

  private boolean wanted(String folder) {
    boolean overlapsPrefix = folder.startsWith(prefix) || prefix.startsWith(folder);
    boolean beforeStart = startAfter != null
        && folder.compareTo(startAfter) < 0
        && !startAfter.startsWith(folder);
    return overlapsPrefix && !beforeStart && !folder.equals(LocalObjectStore.STAGING + "/");
  }

  /** The entries of a folder in key order; links are read as links, never followed. */
  private List<Entry> children(Path dir, String dirKey) {
    List<Entry> entries = new ArrayList<>();
    String base = dirKey.isEmpty() ? "" : dirKey + "/";
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        BasicFileAttributes attrs;
        try {
          attrs = Files.readAttributes(child, BasicFileAttributes.class, NO_FOLLOW);
        } catch (NoSuchFileException e) {
          continue; // deleted meanwhile
        }
        if (attrs.isDirectory() || attrs.isRegularFile() || attrs.isSymbolicLink()) {
          String name = child.getFileName().toString();
          entries.add(new Entry(base + name, attrs.isDirectory(), skipReason(child, name, base + name, attrs)));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new LakeException(dirKey, "Cannot list folder in " + lake, e);
    }
    entries.sort(Comparator.comparing(Entry::sortKey));
    return entries;
  }

  /** Why the entry is not an object (or a folder of objects), or null when it is one. */
  private static String skipReason(Path child, String name, String key, BasicFileAttributes attrs) {
    if (attrs.isSymbolicLink()) {
      return "it is a symbolic link, and a link is not an object (it is never followed)";
    }
    // A name that is not valid text in the file system's encoding decodes with U+FFFD, which
    // names another file: the name does not survive the round trip.
    if (!child.getFileName().equals(child.getFileSystem().getPath(name))) {
      return "its name is not valid text in the file system's encoding";
    }
    return ObjectKeys.problem(key).orElse(null);
  }

  /** A folder entry met by a listing; {@code skipReason} is null for an object or a folder of objects. */
  private record Entry(String key, boolean folder, String skipReason) {
    String sortKey() {
      return folder ? key + "/" : key;
    }
  }
}
