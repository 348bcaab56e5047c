package io.insightflow.connect.jdbc;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How to reach a warehouse over JDBC. Immutable; {@link #toString()} never shows the password and
 * masks credentials embedded in the URL.
 */
public final class JdbcSourceOptions {

  private final String url;
  private final String user;
  private final Supplier<String> password;
  private final String privateKeyFile;
  private final int fetchSize;

  private JdbcSourceOptions(Builder b) {
    this.url = b.url;
    this.user = b.user;
    this.password = b.password;
    this.privateKeyFile = b.privateKeyFile;
    this.fetchSize = b.fetchSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options from {@code insightflow.source.*} keys (see {@link InsightflowProperties}). */
  public static JdbcSourceOptions fromProperties(Map<String, String> p) {
    Builder b = builder()
        .url(p.getOrDefault(InsightflowProperties.SOURCE_URL.name(),
            InsightflowProperties.SOURCE_URL.defaultValue()))
        .user(p.get(InsightflowProperties.SOURCE_USER.name()))
        .privateKeyFile(p.get(InsightflowProperties.SOURCE_PRIVATE_KEY_FILE.name()));
    String password = p.get(InsightflowProperties.SOURCE_PASSWORD.name());
    if (password != null) {
      b.password(() -> password);
    }
    String fetch = p.get(InsightflowProperties.INGEST_FETCH_SIZE.name());
    if (fetch != null) {
      b.fetchSize(parsePositive(InsightflowProperties.INGEST_FETCH_SIZE.name(), fetch));
    }
    return b.build();
  }

  public Builder toBuilder() {
    return new Builder().url(url).user(user).password(password).privateKeyFile(privateKeyFile)
        .fetchSize(fetchSize);
  }

  /** The JDBC URL (may contain credentials: never log it, use {@link #maskedUrl()}). */
  public String url() {
    return url;
  }

  /** The URL with any {@code password=…} parameter or {@code user:password@} part masked. */
  public String maskedUrl() {
    return JdbcUrls.mask(url);
  }

  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** The password, fetched when a connection is opened. */
  public Optional<Supplier<String>> password() {
    return Optional.ofNullable(password);
  }

  /** Snowflake key-pair authentication: path of a PKCS#8 private key file. */
  public Optional<String> privateKeyFile() {
    return Optional.ofNullable(privateKeyFile);
  }

  /** Rows per JDBC round trip when results stream through the driver. */
  public int fetchSize() {
    return fetchSize;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JdbcSourceOptions other && url.equals(other.url)
        && Objects.equals(user, other.user) && Objects.equals(password, other.password)
        && Objects.equals(privateKeyFile, other.privateKeyFile) && fetchSize == other.fetchSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, user, password, privateKeyFile, fetchSize);
  }

  @Override
  public String toString() {
    return "JdbcSourceOptions[url=" + maskedUrl() + ", user=" + user
        + ", password=" + (password == null ? "none" : "****")
        + ", privateKeyFile=" + privateKeyFile + ", fetchSize=" + fetchSize + "]";
  }

  static int parsePositive(String key, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the config error below
    }
    throw new InsightflowConfigException(key, "must be a positive whole number, got '" + value + "'");
  }

  /** Builder; {@link #build()} validates. */
  public static final class Builder {
    private String url;
    private String user;
    private Supplier<String> password;
    private String privateKeyFile;
    private int fetchSize = 10_000;

    private Builder() {}

    public Builder url(String url) {
      this.url = url;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** The password, supplied lazily so it can come from a secret store and is never held as a field value to print. */
    public Builder password(Supplier<String> password) {
      this.password = password;
      return this;
    }

    public Builder privateKeyFile(String privateKeyFile) {
      this.privateKeyFile = privateKeyFile;
      return this;
    }

    public Builder fetchSize(int fetchSize) {
      this.fetchSize = fetchSize;
      return this;
    }

    public JdbcSourceOptions build() {
      String key = InsightflowProperties.SOURCE_URL.name();
      if (url == null || url.isBlank()) {
        throw new InsightflowConfigException(key, "is required, e.g. jdbc:duckdb:warehouse.duckdb");
      }
      if (!url.startsWith("jdbc:")) {
        throw new InsightflowConfigException(key, "'" + JdbcUrls.mask(url)
            + "' is not a JDBC URL; it must start with jdbc:, e.g. jdbc:postgresql://host:5432/db");
      }
      if (fetchSize <= 0) {
        throw new InsightflowConfigException(InsightflowProperties.INGEST_FETCH_SIZE.name(),
            "must be positive, got " + fetchSize);
      }
      return new JdbcSourceOptions(this);
    }
  }
}
