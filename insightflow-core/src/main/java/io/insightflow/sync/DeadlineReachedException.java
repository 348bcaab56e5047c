package io.insightflow.sync;

import java.io.IOException;

/**
 * The sync's deadline passed while an object was still loading: its transaction is rolled back and
 * it stays pending for the next sync, neither loaded nor failed. An {@link IOException} so that it
 * ends the COPY reading the object.
 */
final class DeadlineReachedException extends IOException {

  DeadlineReachedException(String key) {
    super("The sync's deadline passed while object " + io.insightflow.api.Printable.of(key)
        + " was loading; rolled back, it stays pending for the next sync");
  }
}
