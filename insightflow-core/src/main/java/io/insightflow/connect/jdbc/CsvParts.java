package io.insightflow.connect.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Cuts a headed CSV stream (RFC 4180: a record ends at a line feed outside quotes, a quote inside a
 * quoted field is doubled) into part files of a given number of records, each starting with the
 * stream's header line, with the CRC32C of each file computed while it is written. Records are
 * framed, never parsed: bytes pass through unchanged, so a part is byte for byte what a COPY of its
 * rows would write. Not thread-safe; the caller closes the stream.
 */
final class CsvParts {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LINE_FEEDS = 0x0a0a0a0a0a0a0a0aL;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;

  private final InputStream in;
  private final byte[] buffer;
  private int pos;
  private int limit;
  private boolean eof;
  private boolean quoted;
  private byte[] header;

  /** A part written: its data records and the CRC32C of the file as 8 lowercase hex digits. */
  record Part(long rows, String crc32c) {}

  CsvParts(InputStream in, int bufferSize) {
    this.in = Objects.requireNonNull(in, "in");
    this.buffer = new byte[bufferSize];
  }

  /**
   * Writes the header and the next {@code records} records (fewer at the end of the stream) to
   * {@code file}, replacing it.
   *
   * @return the part, or null when the stream holds no further record (the file is then untouched)
   */
  Part next(Path file, long records) throws IOException {
    if (header == null) {
      header = readHeader();
    }
    if (!fill()) {
      return null;
    }
    CRC32C crc = new CRC32C();
    long rows = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      write(out, crc, header, 0, header.length);
      boolean unfinished = false; // bytes of a record whose end has not come yet
      while (rows < records && fill()) {
        int start = pos;
        rows += scan(records - rows);
        unfinished = quoted || buffer[pos - 1] != '\n';
        write(out, crc, buffer, start, pos - start);
      }
      if (unfinished) {
        rows++; // the stream's last record, without a line feed
      }
    }
    return new Part(rows, String.format("%08x", crc.getValue()));
  }

  /** The first record, with its line feed; empty when the stream is. */
  private byte[] readHeader() throws IOException {
    byte[] line = new byte[0];
    while (fill()) {
      int start = pos;
      long found = scan(1);
      line = Arrays.copyOf(line, line.length + pos - start);
      System.arraycopy(buffer, start, line, line.length - (pos - start), pos - start);
      if (found == 1) {
        break;
      }
    }
    return line;
  }

  /**
   * Advances {@link #pos} past at most {@code records} record ends in the buffered bytes.
   *
   * @return the record ends passed
   */
  private long scan(long records) {
    long found = 0;
    int i = pos;
    while (i < limit) {
      // Eight bytes at a time while outside quotes and no quote is among them: count line feeds.
      if (!quoted && i + 8 <= limit) {
        long word = (long) LONGS.get(buffer, i);
        if (zeros(word ^ QUOTES) == 0) {
          long feeds = zeros(word ^ LINE_FEEDS);
          int count = Long.bitCount(feeds);
          if (found + count < records) {
            found += count;
            i += 8;
            continue;
          }
          for (long skip = records - found; skip > 1; skip--) {
            feeds &= feeds - 1;
          }
          pos = i + (Long.numberOfTrailingZeros(feeds) >>> 3) + 1;
          return records;
        }
      }
      byte b = buffer[i++];
      if (b == '"') {
        quoted = !quoted;
      } else if (b == '\n' && !quoted && ++found == records) {
        pos = i;
        return found;
      }
    }
    pos = i;
    return found;
  }

  /** 0x80 in each byte of {@code x} that is zero, 0 elsewhere (exact, no borrow across bytes). */
  private static long zeros(long x) {
    long y = (x & LOW7) + LOW7;
    return ~(y | x | LOW7);
  }

  /** Whether unread bytes are buffered, reading more when none are. */
  private boolean fill() throws IOException {
    if (pos < limit) {
      return true;
    }
    if (eof) {
      return false;
    }
    int n = in.readNBytes(buffer, 0, buffer.length);
    pos = 0;
    limit = n;
    eof = n < buffer.length;
    return n > 0;
  }

  private static void write(OutputStream out, CRC32C crc, byte[] bytes, int from, int length) throws IOException {
    out.write(bytes, from, length);
    crc.update(bytes, from, length);
  }
}
