package io.insightflow.connect.s3;

import io.insightflow.api.Printable;
import io.insightflow.spi.ObjectChangedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The body of one S3 object, read to its last byte even when the download breaks off: a reset,
 * a timed-out read or a body that ends early (which some HTTP stacks report as a normal end of
 * stream) is followed by a ranged GET from the byte reached, pinned to the object's ETag with
 * {@code If-Match}, so the bytes returned are exactly those of the version first opened. After
 * {@link #MAX_RESUMES} attempts in a row that bring no byte, {@code read} throws an IOException;
 * when the object changed meanwhile, or when an expected size is given and the bytes do not come to
 * it, an {@link ObjectChangedException}. Not thread-safe; the caller closes it.
 */
final class ResumingObjectStream extends InputStream {

  /** Consecutive resumes without progress before the read fails. */
  static final int MAX_RESUMES = 5;

  private static final Logger LOG = LoggerFactory.getLogger(ResumingObjectStream.class);
  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  private final S3Client client;
  private final String bucket;
  private final String fullKey;
  private final String key;
  private final String description;
  private final String etag;
  private final long length;
  private final long expected;
  private ResponseInputStream<GetObjectResponse> body;
  private long position;
  private int failuresInARow;
  private int resumes;
  /** Once the object was found changed, every read says so again. */
  private ObjectChangedException changed;

  /**
   * @param key the lake key, for messages and {@link ObjectChangedException}
   * @param store the store's {@code s3://bucket/prefix}, for messages
   * @param expected the size the object was listed with, or -1 to take the response's length as is
   * @param first the response of the first, whole-object GET
   */
  ResumingObjectStream(S3Client client, String bucket, String fullKey, String key, String store, long expected,
      ResponseInputStream<GetObjectResponse> first) {
    this.client = client;
    this.bucket = bucket;
    this.fullKey = fullKey;
    this.key = key;
    this.description = store + "/" + Printable.of(key);
    this.expected = expected;
    this.body = first;
    this.etag = first.response().eTag();
    Long contentLength = first.response().contentLength();
    this.length = contentLength == null ? -1 : contentLength;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (changed != null) {
      throw changed;
    }
    if (len == 0) {
      return 0;
    }
    while (true) {
      int n;
      try {
        n = body.read(buf, off, len);
      } catch (InterruptedIOException e) {
        if (!(e instanceof SocketTimeoutException)) {
          throw e; // the thread was interrupted: stop, do not retry
        }
        resume(e);
        continue;
      } catch (IOException | SdkException e) {
        IOException failure = e instanceof IOException io ? io : new IOException(e);
        if (length < 0) {
          throw failure;
        }
        resume(failure);
        continue;
      }
      if (n > 0) {
        position += n;
        failuresInARow = 0;
        if (expected >= 0 && position > expected) {
          throw changed("it holds more than the " + expected + " bytes listed", null);
        }
        return n;
      }
      if (n < 0 && (length < 0 || position >= length)) {
        if (expected >= 0 && position != expected) {
          throw changed("it ended after " + position + " of the " + expected + " bytes listed", null);
        }
        return -1;
      }
      resume(new IOException("the body ended after " + position + " of " + length + " bytes"));
    }
  }

  /** How many times the download was resumed. */
  int resumes() {
    return resumes;
  }

  @Override
  public void close() throws IOException {
    if (position < length) {
      body.abort(); // do not drain the rest of a body nobody wants
    }
    body.close();
  }

  private void resume(IOException failure) throws IOException {
    if (++failuresInARow > MAX_RESUMES) {
      throw new IOException("Cannot read " + description + ": the download broke off at byte " + position + " of "
          + length + " " + MAX_RESUMES + " times in a row (" + Printable.escape(failure.getMessage()) + ")", failure);
    }
    abortQuietly();
    backoff();
    LOG.debug("Resuming {} at byte {} of {} after: {}", description, position, length, Printable.of(failure));
    try {
      body = client.getObject(b -> b.bucket(bucket).key(fullKey).ifMatch(etag).range("bytes=" + position + "-"));
      resumes++;
      String range = body.response().contentRange();
      if (range == null || !range.startsWith("bytes " + position + "-")) {
        // A server that ignored the range would send the object from its start again.
        abortQuietly();
        throw new IOException("Cannot read " + description + ": asked for bytes from " + position
            + " but the server sent " + (range == null ? "the whole object" : range));
      }
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        throw changed("replaced while being read: " + description + " no longer has ETag " + etag, e);
      }
      resume(new IOException(e.getMessage(), e));
    } catch (SdkException e) {
      resume(new IOException(e.getMessage(), e));
    }
  }

  private ObjectChangedException changed(String detail, Throwable cause) {
    changed = new ObjectChangedException(key, detail, cause);
    return changed;
  }

  private void backoff() throws InterruptedIOException {
    long millis = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(10, failuresInARow - 1));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while resuming " + description);
    }
  }

  private void abortQuietly() {
    try {
      body.abort();
      body.close();
    } catch (IOException | RuntimeException ignored) {
      // The connection is broken already; a new request replaces it.
    }
  }
}
