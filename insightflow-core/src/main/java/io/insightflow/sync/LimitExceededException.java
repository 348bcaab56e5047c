package io.insightflow.sync;

import java.io.IOException;

/**
 * An object broke one of its {@link LoadLimits} while it was read: it fails, nothing of it is
 * committed, and the message names the setting that raises the limit. An {@link IOException} so
 * that it ends the COPY reading the object.
 */
final class LimitExceededException extends IOException {

  LimitExceededException(String message) {
    super(message);
  }
}
