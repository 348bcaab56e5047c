package io.insightflow.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.KeyRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorsTest {

  @TempDir
  Path jar;

  @Test
  void sourceProvider_coreUrls_findTheirDialects() {
    ClassLoader loader = getClass().getClassLoader();
    assertThat(Connectors.sourceProvider("jdbc:duckdb:w.duckdb", loader).name()).isEqualTo("duckdb");
    assertThat(Connectors.sourceProvider("jdbc:postgresql://h/db", loader).name()).isEqualTo("postgresql");
    assertThat(Connectors.sourceProvider("jdbc:snowflake://a.snowflakecomputing.com", loader).name()).isEqualTo("snowflake");
    assertThat(Connectors.sourceProvider("jdbc:anything://h", loader).name()).isEqualTo("jdbc");
  }

  @Test
  void sourceProvider_unknownScheme_listsTheAvailableOnesWithoutThePassword() {
    assertThatThrownBy(() -> Connectors.sourceProvider("https://api.example.com/v1?token=s3cret", getClass().getClassLoader()))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith("insightflow.source.url:")
        .hasMessageContaining("available: duckdb, jdbc, postgresql, snowflake")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void sink_unknownName_listsTheAvailableOnes() {
    assertThatThrownBy(() -> Connectors.sink("insightflow.ingest.sink", "kafka", Map.of()))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith("insightflow.ingest.sink:")
        .hasMessageContaining("No sink named 'kafka'; available: lake");
  }

  @Test
  void objectStore_unknownScheme_listsTheAvailableOnes() {
    assertThatThrownBy(() -> Connectors.objectStore("hdfs"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("Unsupported scheme 'hdfs'; available: file:, s3:");
  }

  @Test
  void sourceProvider_providerThatThrows_isNamedWithItsJar() throws Exception {
    ClassLoader loader = jarDeclaring(ThrowingSourceProvider.class.getName());

    assertThatThrownBy(() -> Connectors.sourceProvider("rest://api", loader))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("Providers that failed to load: " + ThrowingSourceProvider.class.getName())
        .hasMessageContaining("driver native library missing");
  }

  @Test
  void sourceProvider_providerClassMissing_isNamedWithTheJarThatDeclaresIt() throws Exception {
    ClassLoader loader = jarDeclaring("com.example.MissingProvider");

    assertThatThrownBy(() -> Connectors.sourceProvider("rest://api", loader))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("com.example.MissingProvider in " + jar.toUri().toURL());
  }

  @Test
  void sourceProvider_brokenJarBeside_stillFindsTheWorkingOnes() throws Exception {
    ClassLoader loader = jarDeclaring("com.example.MissingProvider");

    assertThat(Connectors.sourceProvider("jdbc:duckdb:", loader).name()).isEqualTo("duckdb");
  }

  @Test
  void registry_connectorKeys_areKnownMaskedAndTypoChecked() throws Exception {
    KeyRegistry keys = Connectors.registry(jarDeclaring(KeyDeclaringSourceProvider.class.getName()));

    keys.requireKnown(Map.of("insightflow.source.acme.pageSize", "50", "insightflow.sync.threads", "2"), "-D");
    assertThatThrownBy(() -> keys.requireKnown(Map.of("insightflow.source.acme.pagesize", "50"), "-D"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("did you mean insightflow.source.acme.pageSize?");
    assertThat(keys.masked(Map.of("insightflow.source.acme.token", "s3cret")))
        .containsEntry("insightflow.source.acme.token", "****");
    assertThat(keys.fromEnvironment(Map.of("INSIGHTFLOW_SOURCE_ACME_PAGESIZE", "7")))
        .containsEntry("insightflow.source.acme.pageSize", "7");
    assertThat(KeyDeclaringSourceProvider.PAGE_SIZE.value(Map.of())).isEqualTo(100);
  }

  @Test
  void registry_withoutTheConnector_refusesItsKeys() {
    assertThatThrownBy(() -> Connectors.registry(getClass().getClassLoader())
        .requireKnown(Map.of("insightflow.source.acme.pageSize", "50"), "-D"))
        .isInstanceOf(InsightflowConfigException.class).hasMessageContaining("Unknown key in -D");
  }

  /** A class loader with one more "jar" (a directory) whose service file lists {@code provider}. */
  private ClassLoader jarDeclaring(String provider) throws Exception {
    Path services = Files.createDirectories(jar.resolve("META-INF/services"));
    Files.writeString(services.resolve(SourceProvider.class.getName()), "# a connector jar\n" + provider + "\n");
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
  }
}
