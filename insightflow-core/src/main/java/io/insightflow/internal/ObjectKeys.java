package io.insightflow.internal;

import io.insightflow.api.LakeException;
import java.util.Optional;

/** Rules for lake object keys, shared by every store. */
public final class ObjectKeys {

  private ObjectKeys() {}

  /**
   * Checks that {@code key} is a relative key without empty, {@code .} or {@code ..} segments,
   * backslashes, control characters or lone surrogates, so a key from data can never escape the
   * lake root or be taken for another key.
   *
   * @return the key
   * @throws LakeException naming the key when it is not acceptable
   */
  public static String check(String key) {
    Optional<String> problem = problem(key);
    if (problem.isPresent()) {
      throw new LakeException(String.valueOf(key), problem.get());
    }
    return key;
  }

  /**
   * Why {@code key} is not acceptable (see {@link #check}), or empty when it is. Listings use it to
   * skip, with a warning, objects whose names no key can hold. [#19]
   */
  public static Optional<String> problem(String key) {
    if (key == null || key.isEmpty()) {
      return Optional.of("Object key must not be empty");
    }
    if (key.startsWith("/") || key.endsWith("/") || key.contains("//") || key.contains("\\")) {
      return Optional.of("Object key must be relative, with single '/' separators");
    }
    for (String segment : key.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of("Object key must not contain '.' or '..' segments");
      }
    }
    if (key.codePoints().anyMatch(Character::isISOControl)) {
      return Optional.of("Object key must not contain control characters");
    }
    // Only an unpaired surrogate stays a surrogate code point; no file system or S3 can store it.
    if (key.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE)) {
      return Optional.of("Object key must be valid text (it holds a lone surrogate)");
    }
    return Optional.empty();
  }

  /**
   * Whether the object is hidden from Hive-partition readers (Athena, Glue, Spark, DuckDB): names
   * starting with {@code _} or {@code .} hold manifests, markers and checkpoints, not data.
   */
  public static boolean isMetadata(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    return name.startsWith("_") || name.startsWith(".");
  }

  /** The folder part of a key ({@code a/b} for {@code a/b/c.csv}), empty at the root. */
  public static String parent(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }
}
