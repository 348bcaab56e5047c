package io.insightflow.spi;

import io.insightflow.api.Evolving;
import io.insightflow.api.Printable;
import java.io.IOException;
import java.util.Objects;

/**
 * Thrown by a stream from {@link ObjectStore#open(ObjectInfo)} when the object is no longer the
 * version its listing saw: it was rewritten, replaced, truncated or extended while it was read. The
 * bytes already read are not that version's, so a reader must not use them; the object stays pending
 * and is read again once it holds still. An {@link IOException}, so it fails whatever was reading.
 */
@Evolving
public final class ObjectChangedException extends IOException {

  private final String objectKey;

  /**
   * @param objectKey the key, relative to the lake root
   * @param detail what was seen, such as {@code "read 10 of 12 listed bytes"}; escaped here
   */
  public ObjectChangedException(String objectKey, String detail) {
    this(objectKey, detail, null);
  }

  /** As {@link #ObjectChangedException(String, String)}, keeping the cause. */
  public ObjectChangedException(String objectKey, String detail, Throwable cause) {
    super("Object changed while it was read (" + Printable.escape(detail) + "); nothing read from it may be used,"
        + " it stays pending and is read again once unchanged [object " + Printable.of(objectKey) + "]", cause);
    this.objectKey = Objects.requireNonNull(objectKey, "objectKey");
  }

  /** The key of the object, relative to the lake root. */
  public String objectKey() {
    return objectKey;
  }
}
