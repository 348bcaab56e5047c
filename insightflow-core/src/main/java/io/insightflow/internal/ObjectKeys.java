package io.insightflow.internal;

import io.insightflow.LakeException;

/** Rules for lake object keys, shared by every store. */
public final class ObjectKeys {

  private ObjectKeys() {}

  /**
   * Checks that {@code key} is a relative key without empty, {@code .} or {@code ..} segments,
   * backslashes or control characters, so a key from data can never escape the lake root.
   *
   * @return the key
   * @throws LakeException naming the key when it is not acceptable
   */
  public static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw new LakeException(String.valueOf(key), "Object key must not be empty");
    }
    if (key.startsWith("/") || key.endsWith("/") || key.contains("//") || key.contains("\\")) {
      throw new LakeException(key, "Object key must be relative, with single '/' separators");
    }
    for (String segment : key.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new LakeException(key, "Object key must not contain '.' or '..' segments");
      }
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        throw new LakeException(key, "Object key must not contain control characters");
      }
    }
    return key;
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
