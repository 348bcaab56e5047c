package io.insightflow.api;

import static io.insightflow.config.InsightflowProperties.TARGET_URL;

import io.insightflow.config.InsightflowProperties;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.catalog.GlueCatalog;
import io.insightflow.connect.kinesis.KinesisClientOptions;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.connect.s3.S3Options;
import io.insightflow.spi.SourceConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
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
      // pgjdbc takes the whole value up to '&': the rest of the line goes with it.
      "Cannot connect to jdbc:postgresql://db/x?password=s3:cret: FATAL | Cannot connect to jdbc:postgresql://db/x?password=****",
      "jdbc:postgresql://db/x?password=Xy7,Qp9s3cret&ssl=true | jdbc:postgresql://db/x?password=****&ssl=true",
      "jdbc:postgresql://db/x?password=Xy7) ';]\"s3cret | jdbc:postgresql://db/x?password=****",
      "jdbc:sqlserver://db;password={a;b}}s3cret};encrypt=true | jdbc:sqlserver://db;password=****;encrypt=true",
      "jdbc:sqlserver://db;password=a b,s3cret;encrypt=true | jdbc:sqlserver://db;password=****;encrypt=true",
      "http://key:Xy7/Qp9 s3cret@minio:9000/bucket | http://key:****@minio:9000/bucket",
      "jdbc:postgresql://u:a@b:c/s3cret@db:5432/test | jdbc:postgresql://u:****@db:5432/test",
      "{\"password\": \"a\\\"s3cret\"} | {\"password\": \"****\"}",
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
      "jdbc:snowflake://acct.snowflakecomputing.com:443/?user=me@example.com&warehouse=wh",
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

  // [#19] Generated passwords over every printable ASCII character (and some beyond), in every form
  // the project prints a URL or connection string, through every printing path: no password, nor
  // any 4+-character piece of one, may show unless the surrounding text shows it too.

  /** How a form writes a password into its text (the driver's own quoting), and the text. */
  record Form(String name, UnaryOperator<String> write, UnaryOperator<String> text) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A way the project prints such a text. */
  record Printer(String name, UnaryOperator<String> print) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> printedForms() {
    UnaryOperator<String> raw = p -> p;
    // pgjdbc and Snowflake split the query at '&' and URL-decode each value: '&' cannot be written raw.
    UnaryOperator<String> query = p -> p.replace("&", "%26");
    // SQL Server braces a value holding ';' or a brace, doubling '}' inside.
    UnaryOperator<String> braced = p -> p.matches(".*[;{}].*") ? "{" + p.replace("}", "}}") + "}" : p;
    UnaryOperator<String> json = p -> p.replace("\\", "\\\\").replace("\"", "\\\"");
    UnaryOperator<String> uri = p -> URLEncoder.encode(p, StandardCharsets.UTF_8).replace("+", "%20");
    List<Form> forms = List.of(
        new Form("pg ?password= last", query, p -> "jdbc:postgresql://127.0.0.1:5432/test?password=" + p),
        new Form("pg &password= between", query, p -> "jdbc:postgresql://127.0.0.1:5432/test?user=u&password=" + p + "&ssl=true"),
        new Form("pg &sslpassword=", query, p -> "jdbc:postgresql://db/test?sslmode=verify-full&sslpassword=" + p),
        new Form("pg user info", raw, p -> "jdbc:postgresql://u:" + p + "@127.0.0.1:5432/test"),
        new Form("pg user info and query", raw, p -> "jdbc:postgresql://u:" + p + "@127.0.0.1:5432/test?ssl=true"),
        new Form("snowflake &private_key_file_pwd=", query,
            p -> "jdbc:snowflake://acct.snowflakecomputing.com/?user=me@example.com&private_key_file_pwd=" + p + "&db=x"),
        new Form("snowflake &password= last", query,
            p -> "jdbc:snowflake://acct.snowflakecomputing.com/?user=me@example.com&password=" + p),
        new Form("sqlserver ;password=", braced, p -> "jdbc:sqlserver://db:1433;user=sa;password=" + p + ";encrypt=true"),
        new Form("duckdb ?motherduck_token=", query, p -> "jdbc:duckdb:md:lake?motherduck_token=" + p),
        new Form("oracle user/secret@", raw, p -> "jdbc:oracle:thin:scott/" + p + "@db:1521/orcl"),
        new Form("endpoint user info", raw, p -> "http://key:" + p + "@127.0.0.1:9000"),
        new Form("endpoint user info, URI-encoded", uri, p -> "http://key:" + p + "@127.0.0.1:9000"),
        new Form("JSON secret", json, p -> "{\"username\": \"u\", \"password\": \"" + p + "\", \"port\": 5432}"));
    List<Printer> printers = List.of(
        new Printer("mask", Secrets::mask),
        new Printer("in a message", t -> Secrets.mask("Cannot connect to " + t + ": FATAL: password authentication"
            + " failed for user \"u\" (see a@b.example)")),
        new Printer("in a map", t -> Secrets.mask(Map.of("insightflow.source.url", t).toString())),
        new Printer("settings line", t -> InsightflowProperties.registry().masked(new TreeMap<>(Map.of("insightflow.source.url", t,
            "insightflow.target.url", t, "insightflow.s3.endpoint", t, "insightflow.catalog.glue.endpoint", t,
            "insightflow.kinesis.endpoint", t, "insightflow.lake", "lake"))).toString()),
        new Printer("scrubbed trace", t -> {
          StringWriter trace = new StringWriter();
          Secrets.scrub(new InsightflowException("Cannot open " + t, new SQLException("No suitable driver found for "
              + t, "08001", new UnknownHostException(t)))).printStackTrace(new PrintWriter(trace));
          return trace.toString();
        }),
        new Printer("SourceConfig", t -> SourceConfig.of(t).toString()),
        new Printer("PostgresConnectionOptions", t -> t.startsWith("jdbc:postgresql:")
            ? PostgresConnectionOptions.builder().set(TARGET_URL, t).build().toString() : ""),
        new Printer("S3Options", t -> orMessage(() -> S3Options.fromProperties(Map.of("insightflow.s3.endpoint", t)))),
        new Printer("KinesisClientOptions", t -> orMessage(() -> KinesisClientOptions.fromProperties(
            Map.of("insightflow.kinesis.endpoint", t)))),
        new Printer("GlueCatalog", t -> uriError(t) ? orMessage(() -> GlueCatalog.fromProperties(
            Map.of("insightflow.catalog.glue.database", "db", "insightflow.catalog.glue.endpoint", t), "s3://b/l")) : ""));
    return forms.stream().flatMap(f -> printers.stream().map(p -> Arguments.of(f, p)));
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("printedForms")
  void mask_generatedPasswordInEveryPrintedForm_showsNoPieceOfIt(Form form, Printer printer) {
    // What may show: the surrounding text, as written and as printed.
    String surrounding = form.text().apply(Secrets.MASK) + "\n" + printer.print().apply(form.text().apply(Secrets.MASK));
    List<String> leaks = new ArrayList<>();
    for (String password : passwords()) {
      String written = form.write().apply(password);
      String printed = printer.print().apply(form.text().apply(written));
      for (int i = 0; i + 4 <= written.length() && leaks.size() < 20; i++) {
        String piece = written.substring(i, i + 4);
        if (printed.contains(piece) && !surrounding.contains(piece)) {
          leaks.add("'" + piece + "' of " + written + " in: " + printed);
          break;
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  /** Each printable ASCII character inside, before and after the issue's example, then random ones. */
  static List<String> passwords() {
    List<String> out = new ArrayList<>();
    for (char c = 0x20; c < 0x7f; c++) {
      out.add("Xy7" + c + "Qp9SECRET");
      out.add(c + "Qp9SECRET" + c);
    }
    out.addAll(List.of("Xy7,Qp9SECRET", "Xy7/Qp9 SECRET", "Xy7@Qp9@SECRET", "Xy7:Qp9//SECRET@x", "Xy7?pwd=Qp9SECRET",
        "Xy7;password={Qp9}}SECRET", "Xy7\"Qp9'SECRET", "Xy7\u00e9Qp9\u00dfSECRET", "Xy7\u4e2d\ud83d\ude00Qp9SECRET",
        "Xy7\u00a0Qp9\u2009SECRET"));
    String alphabet = IntStream.range(0x20, 0x7f).mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining())
        + "\u00e9\u00df\u4e2d";
    Random random = new Random(19);
    for (int n = 0; n < 200; n++) {
      StringBuilder p = new StringBuilder();
      for (int i = 0, length = 6 + random.nextInt(20); i < length; i++) {
        p.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      out.add(p.toString());
    }
    return out;
  }

  private static String orMessage(Supplier<Object> print) {
    try {
      return String.valueOf(print.get());
    } catch (InsightflowConfigException e) {
      StringBuilder chain = new StringBuilder(); // as Maven prints a failure: every message of the chain
      for (Throwable t = e; t != null; t = t.getCause()) {
        chain.append(t).append('\n');
      }
      return chain.toString();
    }
  }

  private static boolean uriError(String text) {
    try {
      URI.create(text);
      return false;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }
}
