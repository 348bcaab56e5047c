package io.insightflow.sync;

import io.insightflow.config.InsightflowProperties;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.api.Secrets;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReconnectTest {

  private static SQLException connectionFailed(Throwable cause) {
    return new SQLException("The connection attempt failed.", "08001", cause);
  }

  @Test
  void retry_aHostThatDoesNotResolve_beforeAnySuccess_failsAtOnce() {
    Reconnect reconnect = new Reconnect(Duration.ofSeconds(60), LoadLimits.DEFAULT);

    assertThat(reconnect.retry(connectionFailed(new UnknownHostException("u:secret@127.0.0.1")), 1, "test")).isFalse();
  }

  @Test
  void retry_aHostThatDoesNotResolve_whoseNameHoldsAPassword_failsAtOnce() {
    Reconnect reconnect = new Reconnect(Duration.ofSeconds(60), LoadLimits.DEFAULT);
    // What PostgresConnectionOptions.connect throws for jdbc:postgresql://u:pw@host/db: the cause is
    // scrubbed into a masked copy, which must still count as an unresolvable host.
    SQLException masked = connectionFailed(Secrets.scrub(new UnknownHostException("u:UserInfoPw-5c6b@127.0.0.1")));

    assertThat(masked.getCause()).isNotInstanceOf(UnknownHostException.class);
    assertThat(reconnect.retry(masked, 1, "test")).isFalse();
  }

  @Test
  void retry_aHostThatStopsResolving_afterASuccess_isRetried() {
    Reconnect reconnect = new Reconnect(Duration.ofSeconds(60), LoadLimits.DEFAULT);
    reconnect.succeeded();

    assertThat(reconnect.retry(connectionFailed(new UnknownHostException("db.internal")), 1, "test")).isTrue();
  }

  @Test
  void retry_aRefusedConnection_beforeAnySuccess_isRetried() {
    Reconnect reconnect = new Reconnect(Duration.ofSeconds(60), LoadLimits.DEFAULT);

    assertThat(reconnect.retry(connectionFailed(new ConnectException("Connection refused")), 1, "test")).isTrue();
  }

  @Test
  void retry_aDeadlockOrSerializationFailure_isRetriedEvenWithRetriesDisabled() {
    Reconnect reconnect = new Reconnect(Duration.ZERO, LoadLimits.DEFAULT);

    assertThat(reconnect.retry(new SQLException("deadlock detected", "40P01"), 1, "test")).isTrue();
    assertThat(reconnect.retry(new SQLException("could not serialize access", "40001"), 2, "test")).isTrue();
    assertThat(reconnect.retry(new SQLException("deadlock detected", "40P01"), 100, "test")).as("bounded").isFalse();
  }

  @Test
  void retry_aDataError_isNotRetried() {
    Reconnect reconnect = new Reconnect(Duration.ofSeconds(60), LoadLimits.DEFAULT);

    assertThat(reconnect.retry(new SQLException("invalid input syntax", "22P02"), 1, "test")).isFalse();
  }

  @Test
  void retry_theServerRefusesTls_isAConfigurationErrorNotAnOutage() {
    Reconnect reconnect = new Reconnect(Duration.ofSeconds(60), LoadLimits.DEFAULT);

    assertThat(reconnect.retry(new SQLException("The server does not support SSL.", "08004"), 1, "test")).isFalse();
    assertThat(reconnect.retry(new SQLException("password authentication failed for user", "28P01"), 1, "test")).isFalse();
  }

  @Test
  void retry_pastTheDeadline_stopsAlthoughTheTimeoutIsNotOver() {
    Instant deadline = Instant.parse("2024-05-07T10:00:00Z");
    LoadLimits limits = new LoadLimits(InsightflowProperties.SYNC_MAX_INFLATION.defaultValue(), InsightflowProperties.SYNC_MAX_LINE_BYTES.defaultValue(), deadline,
        Clock.fixed(deadline, ZoneOffset.UTC));
    Reconnect reconnect = new Reconnect(Duration.ofSeconds(60), limits);

    assertThat(reconnect.retry(connectionFailed(new java.net.ConnectException("Connection refused")), 1, "test")).isFalse();
  }

  @Test
  void retry_aDeadlockOrSerializationFailure_isRetriedAsALostRace_aSyntaxErrorIsNot() {
    Reconnect reconnect = new Reconnect(Duration.ZERO, LoadLimits.DEFAULT);

    assertThat(reconnect.retry(new SQLException("deadlock detected", "40P01"), 1, "test")).isTrue();
    assertThat(reconnect.retry(new SQLException("could not serialize access", "40001"), 3, "test")).isTrue();
    assertThat(reconnect.retry(new SQLException("syntax error", "42601"), 1, "test")).isFalse();
    assertThat(reconnect.retry(new SQLException("deadlock detected", "40P01"), Reconnect.MAX_CONFLICT_ATTEMPTS, "test"))
        .as("not forever").isFalse();
  }
}
