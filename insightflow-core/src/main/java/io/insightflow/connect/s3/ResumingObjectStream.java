package io.insightflow.connect.s3;

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
 * {@link #MAX_RESUMES} attempts in a row that bring no byte, or when the object changed meanwhile,
 * {@code read} throws. Not thread-safe; the caller closes it.
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
  private final String description;
  private final String etag;
  private final long length;
  private ResponseInputStream<GetObjectResponse> body;
  private long position;
  private int failuresInARow;
  private int resumes;

  /**
   * @param first the response of the first, whole-object GET
   * @param description {@code s3://bucket/key}, for messages
   */
  ResumingObjectStream(S3Client client, String bucket, String fullKey, String description,
      ResponseInputStream<GetObjectResponse> first) {
    this.client = client;
    this.bucket = bucket;
    this.fullKey = fullKey;
    this.description = description;
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
    if (len == 0) {
      return 0;
    }
    while (true) {
      IOException failure;
      try {
        int n = body.read(buf, off, len);
        if (n > 0) {
          position += n;
          failuresInARow = 0;
          return n;
        }
        if (n < 0 && (length < 0 || position >= length)) {
          return -1;
        }
        failure = new IOException("the body ended after " + position + " of " + length + " bytes");
      } catch (InterruptedIOException e) {
        if (!(e instanceof SocketTimeoutException)) {
          throw e; // the thread was interrupted: stop, do not retry
        }
        failure = e;
      } catch (IOException | SdkException e) {
        if (length < 0) {
          throw e instanceof IOException io ? io : new IOException(e);
        }
        failure = e instanceof IOException io ? io : new IOException(e);
      }
      resume(failure);
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
          + length + " " + MAX_RESUMES + " times in a row (" + failure.getMessage() + ")", failure);
    }
    abortQuietly();
    backoff();
    LOG.debug("Resuming {} at byte {} of {} after: {}", description, position, length, failure.toString());
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
        throw new IOException("Cannot read " + description + ": the object was replaced while being read (ETag "
            + etag + " no longer matches); read it again", e);
      }
      resume(new IOException(e.getMessage(), e));
    } catch (SdkException e) {
      resume(new IOException(e.getMessage(), e));
    }
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
