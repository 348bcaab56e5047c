package io.insightflow.spi;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.ConfigKey;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.KeyRegistry;
import io.insightflow.api.Secrets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the connectors on the class path with {@link ServiceLoader}: sources by URL, sinks by name,
 * object stores by URI scheme. A jar whose provider cannot be loaded is named in the error of a
 * lookup it might have answered, and otherwise in one warning, so a broken plugin never hides
 * behind "not found".
 *
 * <pre>{@code
 * try (Source source = Connectors.source(SourceConfig.of("jdbc:duckdb:warehouse.duckdb"))) { ... }
 * }</pre>
 *
 * <p>Stateless and thread-safe; every lookup reads the service files of the given class loader
 * (core's by default), which costs microseconds next to opening a connection.
 */
@Evolving
public final class Connectors {

  private static final Logger LOG = LoggerFactory.getLogger(Connectors.class);

  private Connectors() {}

  /**
   * Opens the source of {@code config.url()} with the provider of lowest priority that accepts it.
   *
   * @throws InsightflowConfigException naming {@code insightflow.source.url} when no provider
   *     accepts the URL (the message lists those available) or the source cannot be opened
   */
  public static Source source(SourceConfig config) {
    return sourceProvider(Objects.requireNonNull(config, "config").url(), defaultLoader()).open(config);
  }

  /** The provider that {@link #source} would use for a URL. */
  public static SourceProvider sourceProvider(String url, ClassLoader loader) {
    Loaded<SourceProvider> loaded = load(SourceProvider.class, loader);
    return loaded.providers.stream().filter(p -> p.accepts(url))
        .min(Comparator.comparingInt(SourceProvider::priority))
        .orElseThrow(() -> new InsightflowConfigException(InsightflowProperties.SOURCE_URL.name(),
            "No source accepts '" + Secrets.mask(url) + "'; available: "
                + loaded.providers.stream().map(SourceProvider::name).sorted().collect(Collectors.joining(", "))
                + loaded.failures()));
  }

  /**
   * Opens the sink named {@code name}.
   *
   * @param key the configuration key the name came from, named in errors
   * @throws InsightflowConfigException naming {@code key} when no sink has that name (the message
   *     lists those available)
   */
  public static Sink<?> sink(String key, String name, Map<String, String> settings) {
    Loaded<SinkProvider> loaded = load(SinkProvider.class, defaultLoader());
    return loaded.providers.stream().filter(p -> p.name().equalsIgnoreCase(name.trim())).findFirst()
        .orElseThrow(() -> new InsightflowConfigException(key, "No sink named '" + name + "'; available: "
            + loaded.providers.stream().map(SinkProvider::name).sorted().collect(Collectors.joining(", "))
            + loaded.failures()))
        .open(settings);
  }

  /**
   * The object store provider of a URI scheme ({@code file} for plain paths).
   *
   * @throws InsightflowConfigException naming {@code insightflow.lake} when no provider serves the
   *     scheme (the message lists those available)
   */
  public static ObjectStoreProvider objectStore(String scheme) {
    Loaded<ObjectStoreProvider> loaded = load(ObjectStoreProvider.class, defaultLoader());
    String wanted = scheme.toLowerCase(Locale.ROOT);
    return loaded.providers.stream().filter(p -> p.scheme().equals(wanted)).findFirst()
        .orElseThrow(() -> new InsightflowConfigException(InsightflowProperties.LAKE.name(),
            "Unsupported scheme '" + scheme + "'; available: " + loaded.providers.stream()
                .map(p -> p.scheme() + ":").sorted().collect(Collectors.joining(", "))
                + " or a directory path" + loaded.failures()));
  }

  /**
   * Every known key: core's ({@link InsightflowProperties#registry()}) and those the source, sink and
   * object-store providers of {@code loader} declare ({@code configKeys()}), for the unknown-key
   * check, the environment mapping and masking. A provider that fails to load adds none.
   */
  public static KeyRegistry registry(ClassLoader loader) {
    List<ConfigKey<?>> keys = new ArrayList<>();
    load(SourceProvider.class, loader).providers.forEach(p -> keys.addAll(p.configKeys()));
    load(SinkProvider.class, loader).providers.forEach(p -> keys.addAll(p.configKeys()));
    load(ObjectStoreProvider.class, loader).providers.forEach(p -> keys.addAll(p.configKeys()));
    return InsightflowProperties.registry().plus(keys);
  }

  /** {@link #registry(ClassLoader)} of core's class loader. */
  public static KeyRegistry registry() {
    return registry(defaultLoader());
  }

  private static ClassLoader defaultLoader() {
    return Connectors.class.getClassLoader();
  }

  /** The providers that loaded, and a description of each that did not. */
  private record Loaded<T>(List<T> providers, List<String> broken) {
    String failures() {
      return broken.isEmpty() ? "" : ". Providers that failed to load: " + String.join("; ", broken);
    }
  }

  static <T> Loaded<T> load(Class<T> type, ClassLoader loader) {
    List<T> providers = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    var it = ServiceLoader.load(type, loader).stream().iterator();
    while (true) {
      ServiceLoader.Provider<T> provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
      } catch (ServiceConfigurationError e) {
        broken.add(describe(e, type, loader));
        continue;
      }
      try {
        providers.add(provider.get());
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        broken.add(provider.type().getName() + " in " + location(provider.type()) + ": " + rootMessage(e));
      }
    }
    if (!broken.isEmpty()) {
      LOG.warn("{} providers that failed to load: {}", type.getSimpleName(), broken);
    }
    return new Loaded<>(List.copyOf(providers), List.copyOf(broken));
  }

  /** Names the jar that declared a provider class that could not even be loaded. */
  private static String describe(ServiceConfigurationError e, Class<?> type, ClassLoader loader) {
    String message = rootMessage(e);
    for (Map.Entry<String, String> declared : declaredProviders(type, loader).entrySet()) {
      if (String.valueOf(e.getMessage()).contains(declared.getKey())) {
        return declared.getKey() + " in " + declared.getValue() + ": " + message;
      }
    }
    return message;
  }

  /** Provider class name → the jar whose service file lists it. */
  private static Map<String, String> declaredProviders(Class<?> type, ClassLoader loader) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      Enumeration<URL> files = loader.getResources("META-INF/services/" + type.getName());
      while (files.hasMoreElements()) {
        URL file = files.nextElement();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
          in.lines().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
              .forEach(l -> out.put(l, jarOf(file)));
        }
      }
    } catch (IOException ignored) {
      // Naming the jar is a courtesy; the class name is in the message anyway.
    }
    return out;
  }

  private static String jarOf(URL serviceFile) {
    String s = serviceFile.toString();
    int bang = s.indexOf("!/");
    return bang > 0 ? s.substring(0, bang).replaceFirst("^jar:", "") : s;
  }

  private static String location(Class<?> c) {
    var source = c.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null ? "(unknown jar)" : source.getLocation().toString();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
