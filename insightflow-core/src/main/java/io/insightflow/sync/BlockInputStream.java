package io.insightflow.sync;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream whose work is done a block at a time ({@link #read(byte[], int, int)}); its single-byte
 * read is a block read of one byte, so no subclass keeps a second path.
 */
abstract class BlockInputStream extends InputStream {

  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public abstract int read(byte[] b, int off, int len) throws IOException;
}
