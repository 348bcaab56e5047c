package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.LakeException;
import io.insightflow.api.Printable;
import io.insightflow.api.Secrets;
import io.insightflow.spi.ObjectChangedException;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.SinkWriter;
import io.insightflow.spi.TableName;
import io.insightflow.spi.WriteContext;
import java.io.EOFException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one object at a time through the {@link PostgresSink} of the sync, exactly once: the sink's
 * writer claims the object with a non-blocking advisory lock, re-checks the loaded record, deletes
 * the rows of an earlier version and COPYs the object's bytes straight from the lake in one open
 * transaction, and the sink's committer records the object and commits ({@link ObjectLoadTransaction}).
 * Whatever the path (plain COPY or {@link OnError#REJECT}), the bytes read are checked against the
 * manifest's size and CRC32C, and the rows against its row count, before the commit: an object
 * that does not match fails and stays pending. This class adds what a sync needs around that:
 * retries while PostgreSQL is away, failures turned into {@link ObjectFailure}s and recorded.
 * Confined to one worker thread.
 */
final class ObjectLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectLoader.class);

  /**
   * What happened to one object; {@code REMAINING}: the deadline stopped it, rolled back, for the
   * next sync; {@code SUPERSEDED}: recorded without loading, its replace table holds a newer run.
   */
  enum Kind { LOADED, SKIPPED, BUSY, FAILED, REMAINING, SUPERSEDED }

  /** The outcome of {@link #load}. */
  record Outcome(LakeObject object, Kind kind, long rows, long rejected, long millis, ObjectFailure failure) {}

  private final PostgresSink sink;
  private final ObjectStore lake;
  private final Reconnect reconnect;
  private final LoadLimits limits;
  private final Map<String, TableKeys> keys;

  ObjectLoader(PostgresSink sink, ObjectStore lake, Reconnect reconnect, LoadLimits limits,
      Map<String, TableKeys> keys) {
    this.keys = keys;
    this.sink = sink;
    this.lake = lake;
    this.reconnect = reconnect;
    this.limits = limits;
  }

  /**
   * Loads the object, retrying on a new connection while PostgreSQL is away (see {@link Reconnect});
   * a retry never loads twice, since COPY and the ledger record commit together, and a COMMIT whose
   * answer was lost is confirmed from the ledger before the object is written again. Whatever goes
   * wrong with this object (bad data, a limit, even an error of the JVM such as running out of
   * memory) fails this object only, named; the deadline leaves it pending.
   */
  Outcome load(LakeObject o) {
    return load(List.of(o), () -> o, () -> write(o)).get(0);
  }

  /**
   * Replaces a table by the newest run of {@code w} in one transaction ({@link ReplaceTransaction}),
   * with the same retries as {@link #load(LakeObject)}; returns the outcome of each object of the
   * work. A failure of one part fails them all, nothing of the work committed.
   */
  List<Outcome> load(ReplaceRuns.Work w) {
    ReplaceTransaction[] tx = new ReplaceTransaction[1];
    List<Outcome> outcomes = load(w.objects(), () -> tx[0] == null || tx[0].current() == null ? w.run().get(0)
        : tx[0].current(), () -> {
          ReplaceTransaction replace = sink.replace();
          tx[0] = replace;
          try {
            replace.load(lake, w);
            return replace.prepareCommit();
          } finally {
            replace.close();
          }
        });
    long rows = outcomes.stream().mapToLong(Outcome::rows).sum();
    if (outcomes.stream().anyMatch(o -> o.kind() == Kind.LOADED)) {
      LOG.info("sync replaced table={} run={} parts={} rows={} superseded={} ms={}", Printable.of(w.table()),
          Printable.of(w.position().manifestKey()), w.run().size(), rows,
          outcomes.stream().filter(o -> o.kind() == Kind.SUPERSEDED).count(), outcomes.get(0).millis());
    } else if (outcomes.stream().anyMatch(o -> o.kind() == Kind.SUPERSEDED)) {
      LOG.info("sync superseded table={} objects={}: the table holds a newer run", Printable.of(w.table()),
          outcomes.stream().filter(o -> o.kind() == Kind.SUPERSEDED).count());
    }
    return outcomes;
  }

  /** Writes a load (and leaves its transaction open); may throw what a writer throws. */
  @FunctionalInterface
  private interface Write {
    PostgresSink.Load write() throws SQLException, IOException;
  }

  /**
   * The retry loop of one transaction over {@code objects}; {@code blamed} names the object a
   * failure is reported for (the others of the transaction fail with it, pointing at it).
   */
  private List<Outcome> load(List<LakeObject> objects, Supplier<LakeObject> blamed, Write write) {
    long start = System.nanoTime();
    PostgresSink.Load pending = null;
    for (int attempt = 1; ; attempt++) {
      LakeObject o = objects.get(0);
      try {
        try {
          if (pending == null || !sink.confirm(pending)) {
            pending = null; // a write that fails leaves nothing to confirm
            pending = write.write();
            sink.committer().commit(pending);
          }
        } catch (PostgresSink.Failure e) {
          e.rethrow();
        }
        reconnect.succeeded();
        List<Outcome> outcomes = new ArrayList<>();
        for (LedgerEntry entry : pending.entries()) {
          boolean loaded = entry.status == LedgerEntry.Status.LOADED;
          Outcome outcome = new Outcome(entry.object, Kind.valueOf(entry.status.name()), loaded ? entry.rows : 0,
              loaded ? entry.rejected : 0, millis(start), null);
          if (outcome.kind() == Kind.LOADED) {
            long rate = outcome.millis() == 0 ? outcome.rows() : outcome.rows() * 1000 / outcome.millis();
            LOG.info("sync loaded key={} table={} rows={} rejected={} ms={} rows/s={}",
                Printable.of(entry.object.key()), Printable.of(entry.object.table()), outcome.rows(),
                outcome.rejected(), outcome.millis(), rate);
            if (entry.unseenDeletes != null && entry.unseenDeletes > 0) {
              // Legitimate (the key's insert may load later, being earlier in lake order), but worth seeing. [#21]
              LOG.info("sync merge key={} table={} unseenDeletes={}: deletes of keys no row holds; they stay recorded"
                  + " and win over earlier rows that load later", Printable.of(entry.object.key()),
                  Printable.of(entry.object.table()), entry.unseenDeletes);
            }
          }
          outcomes.add(outcome);
        }
        return outcomes;
      } catch (SQLException e) {
        o = blamed.get();
        if (reconnect.retry(e, attempt, "the load of " + Printable.of(o.key()))) {
          continue;
        }
        if ((Reconnect.isTransient(e) || Reconnect.isConflict(e)) && limits.pastDeadline()) {
          return all(objects, remaining(o, start, "PostgreSQL was away until the deadline"));
        }
        return all(objects, failed(o, start, e));
      } catch (RuntimeException | IOException | OutOfMemoryError | StackOverflowError e) {
        return all(objects, failedOrRemaining(blamed.get(), start, e));
      }
    }
  }

  /**
   * The outcome of each of {@code objects} when their transaction ended as {@code outcome} did for
   * one of them: remaining stays remaining; a failure fails the others too, naming the failed one.
   */
  private List<Outcome> all(List<LakeObject> objects, Outcome outcome) {
    if (objects.size() == 1) {
      return List.of(outcome);
    }
    List<Outcome> out = new ArrayList<>();
    for (LakeObject o : objects) {
      if (o.key().equals(outcome.object().key()) || outcome.kind() != Kind.FAILED) {
        out.add(new Outcome(o, outcome.kind(), 0, 0, outcome.millis(), o == outcome.object() ? outcome.failure()
            : null));
      } else {
        String message = "Cannot load object into table " + o.table() + ": object " + outcome.object().key()
            + " of the same replace failed, and a replace loads a run whole or not at all [object " + o.key() + "]";
        out.add(new Outcome(o, Kind.FAILED, 0, 0, outcome.millis(),
            new ObjectFailure(o.table(), o.key(), 0, null, message)));
      }
    }
    return out;
  }

  /** What a failure other than PostgreSQL's means for the object being loaded. */
  private Outcome failedOrRemaining(LakeObject o, long start, Throwable e) {
    if (e instanceof DeadlineReachedException) {
      return remaining(o, start, "the deadline passed while it was loading");
    }
    if (e instanceof ObjectChangedException) {
      return failed(o, start, 0, null, "Cannot load object into table " + o.table() + ": " + e.getMessage());
    }
    if (e instanceof LimitExceededException) {
      return failed(o, start, 0, null, "Cannot load object into table " + o.table() + ": " + e.getMessage()
          + " [object " + o.key() + "]");
    }
    if (e instanceof SchemaChangeException change) {
      return failed(o, start, 0, change.column(), e.getMessage() + " [object " + o.key() + "]");
    }
    if (e instanceof BadObjectException bad) {
      return failed(o, start, bad.line(), bad.column(), e.getMessage());
    }
    if (e instanceof InsightflowException) {
      String message = e instanceof LakeException ? e.getMessage() : e.getMessage() + " [object " + o.key() + "]";
      return failed(o, start, 0, null, message);
    }
    if (e instanceof BadLineException bad) {
      return failed(o, start, bad.line(), bad.column(), "Cannot load object into table " + o.table() + ": "
          + e.getMessage() + "; nothing of it was loaded [object " + o.key() + "]");
    }
    if (e instanceof ZipException || e instanceof EOFException) {
      return failed(o, start, 0, null, "Cannot load object into table " + o.table() + ": truncated or corrupt"
          + " gzip stream (" + e.getMessage() + "); nothing of it was loaded [object " + o.key() + "]");
    }
    if (e instanceof IOException) {
      return failed(o, start, 0, null, "Cannot read object: " + e + " [object " + o.key() + "]");
    }
    // Never the end of the other objects: this one's buffers are garbage once it has failed.
    return failed(o, start, 0, null, "Cannot load object into table " + o.table() + ": unexpected " + e
        + "; nothing of it was loaded [object " + o.key() + "]");
  }

  /** The deadline stopped the object: rolled back, neither loaded nor failed, for the next sync. */
  private Outcome remaining(LakeObject o, long start, String why) {
    LOG.info("sync stopped key={} table={}: {}; it stays pending", Printable.of(o.key()), Printable.of(o.table()),
        why);
    return new Outcome(o, Kind.REMAINING, 0, 0, millis(start), null);
  }

  /** A failure PostgreSQL reported, with the line and column of a COPY error. */
  private Outcome failed(LakeObject o, long start, SQLException e) {
    CopyErrorContext ctx = CopyErrorContext.of(e).orElse(new CopyErrorContext(0, null, null));
    String detail = ctx.line() > 0 || ctx.column() != null ? ctx.describe()
        : ctx.message() != null ? ctx.message() : Secrets.mask(String.valueOf(e.getMessage()));
    return failed(o, start, ctx.line(), ctx.column(),
        "Cannot load object into table " + o.table() + ": " + detail + " [object " + o.key() + "]");
  }

  /** Writes the object with a writer of the sink and returns what its committer records. */
  private PostgresSink.Load write(LakeObject o) {
    TableDdl.check(o); // a bad name in a manifest is the manifest's fault, named as such
    TableName table = new TableName(null, o.table());
    List<String> tableKeys = keys.getOrDefault(o.table(), TableKeys.none(o.table())).columns();
    WriteContext context = new WriteContext(table, o.columns(), o.partitionTime(), "lake", o.manifestKey(), List.of(),
        tableKeys);
    try (SinkWriter<PostgresSink.Load> writer = sink.open(context)) {
      writer.write(new Chunk(table, 0, 1, o.key(), true),
          new RecordBatch(new PostgresSink.LakeData(lake, o), Math.max(0, o.rows()), o.crc32c(), new Position(1)));
      return writer.prepareCommit();
    }
  }

  private Outcome failed(LakeObject o, long start, long line, String column, String message) {
    LOG.warn("sync failed key={} table={}: {}", Printable.of(o.key()), Printable.of(o.table()),
        Printable.escape(message));
    try {
      sink.recordFailure(o, message);
    } catch (SQLException e) {
      LOG.warn("Cannot record the failure of {}: {}", Printable.of(o.key()),
          Printable.escape(Secrets.mask(e.getMessage())));
    }
    return new Outcome(o, Kind.FAILED, 0, 0, millis(start),
        new ObjectFailure(o.table(), o.key(), line, column, message));
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
