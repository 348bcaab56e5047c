package io.insightflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "jdbc:postgresql://u:s3cret@db:5432/test | jdbc:postgresql://u:****@db:5432/test",
      "jdbc:postgresql://u:p@ss@s3cret@db/test | jdbc:postgresql://u:****@db/test",
      "jdbc:postgresql://:s3cret@db/test | jdbc:postgresql://:****@db/test",
      "jdbc:postgresql://db/test?user=u&password=s3cret&ssl=true | jdbc:postgresql://db/test?user=u&password=****&ssl=true",
      "jdbc:postgresql://db/test?password=s3cret | jdbc:postgresql://db/test?password=****",
      "jdbc:postgresql://db/test?sslpassword=s3cret | jdbc:postgresql://db/test?sslpassword=****",
      "jdbc:sqlserver://db;user=sa;password=s3cret;encrypt=true | jdbc:sqlserver://db;user=sa;password=****;encrypt=true",
      "jdbc:sqlserver://db;password={s3;cret};encrypt=true | jdbc:sqlserver://db;password=****;encrypt=true",
      "jdbc:mysql://db/test?user=u&PASSWORD=s3cret | jdbc:mysql://db/test?user=u&PASSWORD=****",
      "jdbc:snowflake://acct.snowflakecomputing.com/?user=me&private_key_file_pwd=s3cret&db=x"
          + " | jdbc:snowflake://acct.snowflakecomputing.com/?user=me&private_key_file_pwd=****&db=x",
      "jdbc:snowflake://acct.snowflakecomputing.com/?user=a@b.com&passcode=s3cret"
          + " | jdbc:snowflake://acct.snowflakecomputing.com/?user=a@b.com&passcode=****",
      "jdbc:oracle:thin:scott/s3cret@db:1521/orcl | jdbc:oracle:thin:scott/****@db:1521/orcl",
      "Unknown host u:s3cret@127.0.0.1 | Unknown host u:****@127.0.0.1",
      "The connection attempt failed. (u:s3cret@db) | The connection attempt failed. (u:****@db)",
      "{insightflow.target.url=jdbc:postgresql://u:s3cret@db/t, insightflow.target.password=s3cret}"
          + " | {insightflow.target.url=jdbc:postgresql://u:****@db/t, insightflow.target.password=****}",
      "{\"password\": \"s3cret\", \"user\": \"u\"} | {\"password\": \"****\", \"user\": \"u\"}",
      "http://key:s3cret@minio:9000 | http://key:****@minio:9000",
      "aws_secret_access_key=s3cret token=s3cret | aws_secret_access_key=**** token=****",
      "Cannot connect to jdbc:postgresql://db/x?password=s3:cret: FATAL | Cannot connect to jdbc:postgresql://db/x?password=****: FATAL",
  })
  void mask_credentialInAnyForm_isReplaced(String text, String masked) {
    assertThat(Secrets.mask(text)).isEqualTo(masked).doesNotContain("s3cret");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:postgresql://127.0.0.1:5432/test",
      "jdbc:duckdb:warehouse.duckdb",
      "s3://bucket/lake",
      "http://127.0.0.1:9000",
      "jdbc:snowflake://acct.snowflakecomputing.com/?user=me@example.com&warehouse=wh",
      "Cannot load object into table orders: line 3, column id: invalid input syntax for type bigint: \"abc\"",
      "sync loaded key=data/batch/orders/year=2024/month=05/day=07/hhmm=0930/orders_part00001.csv rows=5",
      "2024-05-07T09:30:00Z",
      "PostgresConnectionOptions[url=jdbc:postgresql://db/t, user=u, password=none, sslMode=null]",
      "jdbc:postgresql://u:****@db/t?password=****",
  })
  void mask_textWithoutCredentials_isUnchanged(String text) {
    assertThat(Secrets.mask(text)).isEqualTo(text);
  }

  @Test
  void scrub_causeChainEchoingTheUrl_isCopiedWithMaskedMessages() {
    SQLException driver = new SQLException("The connection attempt failed.", "08001",
        new UnknownHostException("u:s3cret@127.0.0.1"));

    Throwable scrubbed = Secrets.scrub(new InsightflowException("Cannot connect", driver));

    StringWriter trace = new StringWriter();
    scrubbed.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain("s3cret")
        .contains("java.net.UnknownHostException: u:****@127.0.0.1")
        .contains("java.sql.SQLException: The connection attempt failed.")
        .contains("at " + SecretsTest.class.getName());
  }

  @Test
  void scrub_chainWithoutSecrets_isTheSameException() {
    SQLException error = new SQLException("boom", "08001", new UnknownHostException("db"));

    assertThat(Secrets.scrub(error)).isSameAs(error);
    assertThat(Secrets.scrub(null)).isNull();
  }

  @Test
  void causedBy_seesTheOriginalTypeThroughAMaskedCopy() {
    SQLException plain = new SQLException("failed", "08001", new UnknownHostException("db.internal"));
    SQLException masked = new SQLException("failed", "08001", Secrets.scrub(new UnknownHostException("u:UserInfoPw-5c6b@127.0.0.1")));

    assertThat(masked.getCause()).isNotInstanceOf(UnknownHostException.class);
    assertThat(Secrets.causedBy(plain, UnknownHostException.class)).isTrue();
    assertThat(Secrets.causedBy(masked, UnknownHostException.class)).isTrue();
    assertThat(Secrets.causedBy(masked, java.io.IOException.class)).isTrue(); // a supertype of the original
    assertThat(Secrets.causedBy(masked, IllegalStateException.class)).isFalse();
  }
}
