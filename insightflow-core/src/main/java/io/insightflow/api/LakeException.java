package io.insightflow.api;

/**
 * Reading or writing an object of the lake failed. Carries the object's key. Keys and messages come
 * from the lake, so both are shown escaped ({@link Printable}): no key can break the line it is on.
 */
@Stable
public class LakeException extends InsightflowException {

  private final String objectKey;

  public LakeException(String objectKey, String message, Throwable cause) {
    super(Printable.escape(message) + " [object " + Printable.of(objectKey) + "]", cause);
    this.objectKey = objectKey;
  }

  public LakeException(String objectKey, String message) {
    this(objectKey, message, null);
  }

  /** The key of the object involved, relative to the lake root. */
  public String objectKey() {
    return objectKey;
  }
}
