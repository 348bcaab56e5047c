package io.insightflow.sync;

import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.CRC32C;

/**
 * Reads one lake object for a load and checks it against its manifest. Both load paths (the plain
 * COPY and the rejecting path of {@link OnError#REJECT}) read objects only through this class, so
 * neither can commit bytes the manifest does not vouch for: {@link #verify()} reads what the
 * consumer left unread, then compares the number and the CRC32C of every byte that came from the
 * lake with the manifest; {@link #verifyRows} compares the rows. Callers run both before commit.
 *
 * <p>Loads read the decoded rows from {@link #content()}; this stream itself is the stored bytes.
 * Not thread-safe; the caller closes it.
 */
final class CheckedObject extends InputStream {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  /** Stored bytes between two looks at the deadline: an object smaller than this always finishes. */
  static final long DEADLINE_CHECK_BYTES = 1 << 20;

  private final LakeObject object;
  private final InputStream in;
  private final LoadLimits limits;
  private final CRC32C crc = new CRC32C();
  private long bytesRead;
  private long nextDeadlineCheck = DEADLINE_CHECK_BYTES;

  private CheckedObject(LakeObject object, InputStream in, LoadLimits limits) {
    this.object = object;
    this.in = in;
    this.limits = limits;
  }

  /**
   * Opens exactly the version of the object that the scan listed ({@link ObjectStore#open(ObjectInfo)}),
   * first checking that the lake lists it at the size its manifest gives. The stream then fails with
   * an {@link io.insightflow.spi.ObjectChangedException} when the object changes while it is read.
   *
   * @throws BadObjectException if the listed size already differs from the manifest
   * @throws io.insightflow.api.LakeException if the object cannot be opened, or is no longer the listed version
   */
  static CheckedObject open(ObjectStore lake, LakeObject o, LoadLimits limits) {
    if (o.manifestBytes() >= 0 && o.bytes() != o.manifestBytes()) {
      throw mismatch(o, "the lake lists " + o.bytes() + " bytes");
    }
    // Only the version (size and etag) matters to open(ObjectInfo); the listing's time is not kept.
    return of(o, lake.open(new ObjectInfo(o.key(), o.bytes(), o.etag(), Instant.EPOCH)), limits);
  }

  /** Checks bytes from elsewhere (a batch of a source) against what {@code o} declares. */
  static CheckedObject of(LakeObject o, InputStream in, LoadLimits limits) {
    return new CheckedObject(o, in, limits);
  }

  /** Bytes read so far. */
  long bytesRead() {
    return bytesRead;
  }

  /** CRC32C of the bytes read so far, as 8 lowercase hex digits. */
  String crc32c() {
    return String.format("%08x", crc.getValue());
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
    if (bytesRead >= nextDeadlineCheck) {
      nextDeadlineCheck = bytesRead + DEADLINE_CHECK_BYTES;
      if (limits.pastDeadline()) {
        throw new DeadlineReachedException(object.key());
      }
    }
    int n = in.read(buf, off, len);
    if (n > 0) {
      crc.update(buf, off, n);
      bytesRead += n;
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

  /**
   * Reads the rest of the object, then checks its size and CRC32C against the manifest. (Its size
   * against the listing, and that it did not change while read, the store's stream checks at the
   * end of the bytes: {@link ObjectStore#open(ObjectInfo)}.)
   *
   * @throws BadObjectException when they differ: the object is truncated, corrupted or being rewritten
   * @throws IOException when the rest cannot be read
   */
  void verify() throws IOException {
    byte[] buf = new byte[8192]; // usually nothing is left: a large buffer per object was garbage [#24]
    while (read(buf, 0, buf.length) >= 0) {
      // draining: every byte counts towards the checksum
    }
    String hex = crc32c();
    boolean sizeOk = object.manifestBytes() < 0 || bytesRead == object.manifestBytes();
    boolean crcOk = object.crc32c() == null || hex.equalsIgnoreCase(object.crc32c());
    if (!sizeOk || !crcOk) {
      throw mismatch(object, "read " + bytesRead + " bytes with CRC32C " + hex);
    }
  }

  /**
   * Checks the rows a load read against the manifest.
   *
   * @throws BadObjectException when they differ
   */
  void verifyRows(long rows) {
    if (object.rows() >= 0 && rows != object.rows()) {
      throw new BadObjectException(object.key(), 0, null, "Object holds " + rows + " rows but its manifest "
          + object.manifestKey() + " lists " + object.rows() + "; nothing of it was loaded and it stays pending");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * The rows as the object encodes them, decoded: gunzipped when its format says so (or, for
   * {@code auto}, when the name ends in {@code .gz} or the bytes start with gzip's magic number), and
   * without a leading UTF-8 byte-order mark, which COPY would take for part of the first field. Reading
   * it reads this object, so every stored byte still counts towards {@link #verify()}. A truncated or
   * corrupted gzip stream fails the read (gzip's own length and CRC-32 trailer), and one that inflates
   * beyond {@link LoadLimits#maxDecodedBytes} fails it with a {@link LimitExceededException}.
   */
  InputStream content() throws IOException {
    InputStream raw = this;
    String compression = object.format().compression();
    boolean gzip = compression.equals("gzip");
    if (compression.equals("auto")) {
      PushbackInputStream peek = new PushbackInputStream(raw, 2);
      byte[] magic = peek.readNBytes(2);
      peek.unread(magic);
      raw = peek;
      gzip = object.key().endsWith(".gz") || (magic.length == 2 && (magic[0] & 0xFF) == 0x1f && (magic[1] & 0xFF) == 0x8b);
    }
    InputStream decoded = gzip ? new InflationLimit(new GZIPInputStream(raw, 1 << 16)) : raw;
    PushbackInputStream bom = new PushbackInputStream(decoded, BOM.length);
    byte[] first = bom.readNBytes(BOM.length);
    if (!Arrays.equals(first, BOM)) {
      bom.unread(first);
    }
    return bom;
  }

  /** Counts decoded bytes and fails the read once they pass what the stored size allows. */
  private final class InflationLimit extends FilterInputStream {
    private final long max = limits.maxDecodedBytes(object.bytes());
    private long decoded;

    InflationLimit(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0 && (decoded += n) > max) {
        throw new LimitExceededException("Object inflates beyond " + max + " bytes, " + limits.maxInflation()
            + " times its " + object.bytes() + " stored bytes (a compression bomb?); raise "
            + "insightflow.sync.maxInflation if it is genuine; nothing of it was loaded");
      }
      return n;
    }

    @Override
    public long skip(long n) {
      throw new UnsupportedOperationException("skipping would leave bytes uncounted");
    }
  }

  private static BadObjectException mismatch(LakeObject o, String found) {
    return new BadObjectException(o.key(), 0, null, "Object does not match its manifest (truncated, corrupted or"
        + " being rewritten): " + found + ", manifest " + o.manifestKey() + " lists " + o.manifestBytes()
        + " bytes with CRC32C " + o.crc32c() + "; nothing of it was loaded and it stays pending until it matches");
  }
}
