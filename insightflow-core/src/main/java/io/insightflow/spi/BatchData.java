package io.insightflow.spi;

import io.insightflow.api.Evolving;
import io.insightflow.api.LakeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The encoded bytes of a {@link RecordBatch}: a staging file that a reader wrote (ingest), or a
 * stream opened on demand (a lake object on its way to PostgreSQL). Either way the bytes cross
 * the SPI as they are; nobody parses rows to pass them on.
 */
@Evolving
public interface BatchData {

  /**
   * Opens the bytes from their beginning; the caller closes the stream. May be called again.
   *
   * @throws IOException if they cannot be read
   */
  InputStream open() throws IOException;

  /** The file holding the bytes, when there is one that the batch's owner may move or delete. */
  default Optional<Path> file() {
    return Optional.empty();
  }

  /** Releases the bytes (deletes a staging file). Idempotent. */
  default void discard() {}

  /** Bytes held in a staging file, which {@link #discard()} deletes. */
  static BatchData of(Path file) {
    Objects.requireNonNull(file, "file");
    return new BatchData() {
      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }

      @Override
      public Optional<Path> file() {
        return Optional.of(file);
      }

      @Override
      public void discard() {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          throw new LakeException(file.toString(), "Cannot delete staging file: " + e.getMessage(), e);
        }
      }

      @Override
      public String toString() {
        return file.toString();
      }
    };
  }
}
