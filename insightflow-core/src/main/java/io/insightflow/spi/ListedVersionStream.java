package io.insightflow.spi;

import io.insightflow.api.Internal;
import io.insightflow.api.LakeException;
import io.insightflow.api.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * The bytes of one listed version of an object ({@link ObjectStore#open(ObjectInfo)}). It counts
 * what it reads: more bytes than listed fail at once, so a growing object never yields a byte past
 * the listed size; at the end of the underlying stream it checks that exactly the listed size came
 * and asks the store whether it still holds the listed version. Either failure is an
 * {@link ObjectChangedException}, thrown in place of the end of stream, and again by every later
 * read. Not thread-safe; {@link #close()} closes the underlying stream.
 *
 * <p>Public only because the local lake ({@code io.insightflow.lake.LocalObjectStore}) opens its files
 * its own way and reuses these checks; a third-party store gets them from the interface default. [#20]
 */
@Internal
public final class ListedVersionStream extends InputStream {

  /** Asks the store, once the bytes ended, whether the object is still the listed version. */
  @FunctionalInterface
  public interface Recheck {
    /** What changed since the listing (for the message), or empty when nothing did. */
    Optional<String> changed() throws IOException;
  }

  private final ObjectInfo listed;
  private final InputStream in;
  private final Recheck recheck;
  private long position;
  private boolean verified;
  private ObjectChangedException failure;

  public ListedVersionStream(ObjectInfo listed, InputStream in, Recheck recheck) {
    this.listed = Objects.requireNonNull(listed, "listed");
    this.in = Objects.requireNonNull(in, "in");
    this.recheck = Objects.requireNonNull(recheck, "recheck");
  }

  /**
   * What differs between the listed version and the one the store holds now (for messages), or empty
   * when they are the same.
   */
  public static Optional<String> change(ObjectInfo listed, Optional<ObjectInfo> now) {
    if (now.isEmpty()) {
      return Optional.of("it no longer exists");
    }
    return listed.sameVersion(now.get()) ? Optional.empty()
        : Optional.of("listed as " + listed.version() + ", now " + now.get().version());
  }

  /** The failure of an open that found another version than the listed one. */
  public static LakeException notListed(ObjectInfo listed, String change, String store) {
    return new LakeException(listed.key(), "Object is not the version listed in " + store + " (" + change
        + "); it is read once it holds still");
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, buf.length);
    if (failure != null) {
      throw failure;
    }
    if (len == 0) {
      return 0;
    }
    int n = in.read(buf, off, len);
    if (n > 0) {
      position += n;
      if (position > listed.size()) {
        throw fail("it holds more than the " + listed.size() + " bytes listed");
      }
    } else if (n < 0 && !verified) {
      verifyAtEnd();
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void verifyAtEnd() throws IOException {
    if (position != listed.size()) {
      throw fail("it ended after " + position + " of the " + listed.size() + " bytes listed");
    }
    Optional<String> change;
    try {
      change = recheck.changed();
    } catch (RuntimeException e) { // a store's LakeException: the check itself failed
      throw new IOException("Cannot check that " + Printable.of(listed.key()) + " is unchanged after reading it: "
          + e.getMessage(), e);
    }
    if (change.isPresent()) {
      throw fail(change.get());
    }
    verified = true;
  }

  private ObjectChangedException fail(String detail) {
    failure = new ObjectChangedException(listed.key(), detail);
    return failure;
  }
}
