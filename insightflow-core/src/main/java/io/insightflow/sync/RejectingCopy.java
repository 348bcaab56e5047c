package io.insightflow.sync;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import io.insightflow.api.LakeException;
import io.insightflow.api.Printable;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectStore;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.copy.CopyManager;

/**
 * The validating path of {@link OnError#REJECT}: reads the object through {@link CheckedObject},
 * parses it with FastCSV into {@link CsvRecord}s (an object other writers delivered through
 * {@link CsvGuard#collecting}, so that a record PostgreSQL would load otherwise than written is
 * rejected, as the plain path fails it), checks every record with {@link RecordCheck}
 * (column count, UTF-8, integer/numeric/boolean syntax and range), writes bad records with their line
 * and reason to {@code rejects/<table>/<object key>.csv} in the lake, and COPYs the good ones. When
 * PostgreSQL still refuses a record the Java checks let through (a date, a NOT NULL column…), that
 * record joins the rejects and the COPY is retried under a savepoint, so rows read = rows loaded +
 * rows rejected exactly, and rows read = the manifest's rows. Runs inside the caller's transaction;
 * used only after the fast path failed.
 */
final class RejectingCopy {

  /** Records PostgreSQL alone may refuse before the object is failed as a whole. */
  static final int MAX_SERVER_REJECTS = 100;

  private final ObjectStore lake;
  private final LoadLimits limits;

  RejectingCopy(ObjectStore lake, LoadLimits limits) {
    this.lake = lake;
    this.limits = limits;
  }

  /** Rows read, loaded and rejected, and the rejects object (null when none). */
  record Result(long read, long loaded, long rejected, String rejectsKey) {}

  /** The rejects object of an object. */
  static String rejectsKey(LakeObject o) {
    return "rejects/" + o.table() + "/" + o.key() + ".csv";
  }

  /**
   * Loads the good records of the object and writes the bad ones to its rejects object, inside the
   * caller's transaction. Before returning it has checked the object against its manifest (size,
   * CRC32C, rows read = manifest rows) and rows read = rows loaded + rows rejected.
   *
   * @throws BadObjectException if the object does not match its manifest, its header does not match
   *     the manifest's columns, or an unterminated quote leaves its rows impossible to tell apart
   */
  Result copy(Connection c, CopyManager copy, String copySql, LakeObject o) throws SQLException, IOException {
    Map<Long, String> serverRejects = new HashMap<>();
    while (true) {
      Path good = Files.createTempFile("insightflow-good", ".csv");
      Path bad = lake.newStagingFile();
      try {
        Split split;
        try {
          split = split(o, good, bad, serverRejects);
        } catch (SpoolFile.WriteFailure e) {
          throw new LakeException(o.key(), "Cannot write the object's good and rejected rows to " + e.file.getParent()
              + " (" + e.getCause().getMessage() + "); nothing of it was loaded", e.getCause());
        }
        Savepoint savepoint = c.setSavepoint();
        long loaded;
        try (InputStream in = Files.newInputStream(good)) {
          loaded = CheckedCopy.copyIn(copy, copySql, in);
          c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
          c.rollback(savepoint);
          CopyErrorContext ctx = CopyErrorContext.of(e).orElse(null);
          int record = ctx == null ? -1 : split.recordAt(ctx.line());
          if (!CheckedCopy.isDataError(e) || record < 0 || serverRejects.size() >= MAX_SERVER_REJECTS) {
            throw e;
          }
          serverRejects.put(split.goodLines.get(record), ctx.describe());
          continue;
        }
        if (loaded != split.goodLines.size() || loaded + split.rejected != split.read) {
          throw new BadObjectException(o.key(), 0, null, "COPY loaded " + loaded + " of the " + split.goodLines.size()
              + " good records (" + split.rejected + " rejected, " + split.read + " read); nothing of the object was loaded");
        }
        String key = rejectsKey(o);
        if (split.rejected > 0) {
          lake.put(key, bad);
        } else {
          lake.delete(key); // an earlier version of the object may have left rejects behind
          Files.deleteIfExists(bad);
        }
        return new Result(split.read, loaded, split.rejected, split.rejected > 0 ? key : null);
      } finally {
        Files.deleteIfExists(good);
        Files.deleteIfExists(bad);
      }
    }
  }

  /** A file written by the rejecting path, whose write failures are told apart from failures to read the lake. */
  private static final class SpoolFile extends FilterOutputStream {
    private final Path file;

    SpoolFile(Path file) throws IOException {
      super(Files.newOutputStream(file));
      this.file = file;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new WriteFailure(file, e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw new WriteFailure(file, e);
      }
    }

    /** Writing a spool file failed (no space left, for instance). */
    static final class WriteFailure extends IOException {
      final transient Path file;

      WriteFailure(Path file, IOException cause) {
        super(cause.getMessage(), cause);
        this.file = file;
      }
    }
  }

  /** The outcome of one pass over the object. */
  private static final class Split {
    long read;
    long rejected;
    /** Starting line in the object of each good record, in COPY order. */
    final List<Long> goodLines = new ArrayList<>();
    /** Starting line in the cleaned COPY input of each good record (PostgreSQL counts lines, not records). */
    final List<Long> cleanLines = new ArrayList<>();
    long nextCleanLine = 2; // line 1 is the header

    void addGood(CsvRecord rec) {
      goodLines.add(rec.line());
      cleanLines.add(nextCleanLine);
      long newlines = 0;
      for (String f : rec.fields()) {
        if (f != null) {
          newlines += f.chars().filter(ch -> ch == '\n').count();
        }
      }
      nextCleanLine += 1 + newlines;
    }

    /** The index of the good record that covers a line of the cleaned input, or -1. */
    int recordAt(long cleanLine) {
      if (cleanLine < 2 || cleanLines.isEmpty()) {
        return -1;
      }
      int i = java.util.Collections.binarySearch(cleanLines, cleanLine);
      return i >= 0 ? i : -i - 2;
    }
  }

  /**
   * One pass over the object through {@link CheckedObject}: good records to {@code good}, bad ones
   * to {@code bad}; then the object is verified against its manifest, header, size, CRC32C and rows.
   */
  private Split split(LakeObject o, Path good, Path bad, Map<Long, String> serverRejects) throws IOException {
    List<RunManifest.Column> columns = o.columns();
    List<String> names = CheckedCopy.columnNames(o);
    List<String> headerNames = CheckedCopy.headerNames(o);
    Map<Long, String> malformed = new HashMap<>();
    Split split = new Split();
    CsvReader.CsvReaderBuilder builder = CsvReader.builder().skipEmptyLines(false)
        .allowExtraFields(true).allowMissingFields(true).allowExtraCharsAfterClosingQuote(true)
        .allowUnclosedQuote(false);
    CsvRecord.Handler handler = new CsvRecord.Handler();
    // The files are resources of their own: a Writer whose last flush fails (a full disk) does not
    // close its stream, which would keep the file open.
    try (CheckedObject in = CheckedObject.open(lake, o, limits);
        Reader reader = new InputStreamReader(CheckedCopy.guarded(o)
            ? CsvGuard.collecting(in.content(), o.key(), names, malformed, limits.maxLineBytes()) : in.content(),
            CsvRecord.utf8());
        CsvReader<CsvRecord> csv = builder.build(handler, reader);
        SpoolFile goodFile = new SpoolFile(good);
        SpoolFile badFile = new SpoolFile(bad);
        Writer goodOut = new BufferedWriter(new OutputStreamWriter(goodFile, StandardCharsets.UTF_8));
        Writer badOut = new BufferedWriter(new OutputStreamWriter(badFile, StandardCharsets.UTF_8))) {
      new CsvRecord(1, names, names.stream().map(n -> true).toList()).writeForCopy(goodOut); // quoted: a name may hold ',' or '"' [#22]
      badOut.write("line,error,record\n");
      boolean header = o.format().header();
      try {
        for (CsvRecord rec : csv) {
          if (header) {
            header = false;
            if (!rec.fields().equals(headerNames)) {
              in.verify(); // a damaged object explains a wrong header better
              throw new BadObjectException(o.key(), 1, null, "line 1: the header " + Printable.of(rec.fields())
                  + " does not match the columns " + Printable.of(headerNames) + " of manifest " + o.manifestKey()
                  + "; nothing of the object was loaded");
            }
            continue;
          }
          split.read++;
          String reason = malformed.containsKey(rec.line()) ? malformed.get(rec.line())
              : serverRejects.containsKey(rec.line()) ? serverRejects.get(rec.line())
              : RecordCheck.reason(rec, columns);
          if (reason == null) {
            split.addGood(rec);
            rec.writeForCopy(goodOut);
          } else {
            split.rejected++;
            rec.writeReject(badOut, reason);
          }
        }
      } catch (UncheckedIOException e) {
        throw e.getCause(); // the lake could not be read
      } catch (CsvParseException e) {
        // An unterminated quote swallows the rest of the object into one field: its rows cannot be told apart.
        in.verify();
        int field = handler.fieldCount();
        String column = field < names.size() ? names.get(field) : null;
        throw new BadObjectException(o.key(), handler.line, column, "line " + handler.line
            + (column == null ? "" : ", column " + column) + ": unterminated quoted field or unreadable CSV ("
            + rootMessage(e) + "); the rest of the object cannot be split into rows, so nothing of it was loaded");
      }
      in.verify();
      in.verifyRows(split.read);
    }
    return split;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
