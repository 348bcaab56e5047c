package io.insightflow.sync;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Computes the CRC32C of the bytes read, so an object is checked against its manifest while it
 * streams into COPY (an object rewritten under a sync is caught before commit). CRC32C is
 * hardware-accelerated on the JVM, far cheaper than the COPY itself.
 */
final class Crc32cInputStream extends FilterInputStream {

  private final CRC32C crc = new CRC32C();

  Crc32cInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      crc.update(b);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      crc.update(buf, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) {
    throw new UnsupportedOperationException("skipping would leave bytes out of the checksum");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** The CRC32C of the bytes read so far, 8 lowercase hex digits as in manifests. */
  String hex() {
    return String.format("%08x", crc.getValue());
  }
}
