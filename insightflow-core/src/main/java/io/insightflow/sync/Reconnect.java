package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.Secrets;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When to try PostgreSQL again after it refused or cut a connection: a server restart, a
 * failover, a terminated backend. Shared by the workers of one sync: an outage starts at the first
 * such failure and ends at the next success; while it lasts less than the retry timeout, a failed
 * attempt waits (100 ms, doubling up to 5 s) and is tried again; once it lasted longer, attempts fail
 * at once, so a server that stays down fails the remaining objects quickly instead of one timeout
 * per object. Retrying is safe: an object's COPY and its ledger record commit together or not at
 * all. A host name that does not resolve before any work of the sync reached PostgreSQL is a wrong
 * URL, not an outage: it fails at once (it used to be retried for the whole timeout, 60 s by default);
 * so does a server that answers and refuses (SQLSTATE 08004: no TLS where TLS is required), and an
 * authentication failure (class 28) was never transient. No attempt waits or starts past the caller's
 * deadline: a Lambda answers with what remains instead of being killed mid-retry. A deadlock or a
 * serialization failure between workers is retried too, at once and without counting as an outage
 * (see {@link #isConflict}). Thread-safe.
 */
final class Reconnect {

  private static final Logger LOG = LoggerFactory.getLogger(Reconnect.class);
  /** admin_shutdown (also pg_terminate_backend), crash_shutdown, cannot_connect_now (starting up). */
  private static final Set<String> SERVER_GOING = Set.of("57P01", "57P02", "57P03");
  /**
   * sqlserver_rejected_establishment_of_sqlconnection: the server answered and refused, e.g. "The
   * server does not support SSL" with {@code sslmode=require}. A configuration error, not an outage.
   */
  private static final String REJECTED = "08004";
  /**
   * deadlock_detected, serialization_failure: two transactions met (workers changing the same table's
   * columns, [#21]); PostgreSQL rolled one back, and doing it again succeeds.
   */
  private static final Set<String> CONFLICT = Set.of("40P01", "40001");
  /** How often one piece of work is tried again after conflicts before it fails: a bound, never reached in practice. */
  static final int MAX_CONFLICT_ATTEMPTS = 100;
  private static final long FIRST_PAUSE_MILLIS = 100;
  private static final long MAX_PAUSE_MILLIS = 5_000;

  private final long timeoutNanos;
  private final LoadLimits limits;
  private long outageStart;
  private boolean inOutage;
  private boolean reachedOnce;

  /**
   * @param timeout how long an outage may last before attempts fail at once
   * @param limits the sync's, whose deadline (a Lambda's remaining time, a time budget) no retry
   *     starts or waits past
   */
  Reconnect(Duration timeout, LoadLimits limits) {
    this.timeoutNanos = timeout.toNanos();
    this.limits = limits;
  }

  /** Whether the failure means the connection or the server went away, not that the work was wrong. */
  static boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && ((state.startsWith("08") && !state.equals(REJECTED)) || SERVER_GOING.contains(state))) {
          return true;
        }
        if (sql.getNextException() != null && sql.getNextException() != sql && isTransient(sql.getNextException())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether PostgreSQL rolled the transaction back because it met another one (a deadlock, a serialization failure). */
  static boolean isConflict(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null && CONFLICT.contains(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * After a failed attempt: waits and returns true when the caller should try again, or returns
   * false at once when the failure is not transient or the outage already lasted the timeout.
   *
   * @param attempt how many attempts of this piece of work failed so far, from 1
   * @param what the work, for the log line
   */
  boolean retry(SQLException failure, int attempt, String what) {
    if (isConflict(failure)) {
      return retryConflict(failure, attempt, what);
    }
    if (!isTransient(failure)) {
      return false;
    }
    long waited;
    synchronized (this) {
      if (!reachedOnce && Secrets.causedBy(failure, UnknownHostException.class)) {
        return false;
      }
      long now = System.nanoTime();
      if (!inOutage) {
        inOutage = true;
        outageStart = now;
      }
      waited = now - outageStart;
    }
    if (waited >= timeoutNanos || limits.pastDeadline()) {
      return false;
    }
    long pause = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(10, attempt - 1));
    pause = Math.min(pause, Math.max(1, (timeoutNanos - waited) / 1_000_000));
    pause = Math.min(pause, Math.max(1, limits.millisLeft()));
    LOG.warn("PostgreSQL went away during {} ({}: {}); retry {} in {} ms", what, failure.getSQLState(),
        Secrets.mask(failure.getMessage()), attempt, pause);
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InsightflowException("Interrupted while waiting for PostgreSQL to come back", e);
    }
    return true;
  }

  /**
   * A conflict is no outage: the server is there and the work is right, so it is tried again after a
   * short pause that grows and differs between workers (so that the same two do not meet again),
   * until the deadline.
   */
  private boolean retryConflict(SQLException failure, int attempt, String what) {
    if (attempt >= MAX_CONFLICT_ATTEMPTS || limits.pastDeadline()) {
      return false;
    }
    long pause = Math.min(1_000, 10L * attempt + java.util.concurrent.ThreadLocalRandom.current().nextLong(20));
    pause = Math.min(pause, Math.max(1, limits.millisLeft()));
    LOG.info("{} met another transaction ({}); retry {} in {} ms", what, failure.getSQLState(), attempt, pause);
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InsightflowException("Interrupted while waiting to retry " + what, e);
    }
    return true;
  }

  /** Some work reached PostgreSQL: the outage, if any, is over. */
  synchronized void succeeded() {
    inOutage = false;
    reachedOnce = true;
  }
}
