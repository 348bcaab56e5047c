package io.insightflow;

/** Reading or writing an object of the lake failed. Carries the object's key. */
public class LakeException extends InsightflowException {

  private final String objectKey;

  public LakeException(String objectKey, String message, Throwable cause) {
    super(message + " [object " + objectKey + "]", cause);
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
