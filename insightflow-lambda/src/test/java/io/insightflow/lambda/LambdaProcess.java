package io.insightflow.lambda;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The packaged artifact running as Lambda runs it: the shaded jar unzipped into a task directory
 * (Lambda's {@code /var/task}, the working directory the Runtime Interface Client loads the
 * function from), and a child JVM started on the Runtime Interface Client alone (Lambda's
 * {@code /var/runtime/lib}) with the Java runtime's flags, the heap of a 1,769 MB function, and
 * {@code AWS_LAMBDA_RUNTIME_API} pointing at a {@link RuntimeApiServer}.
 */
final class LambdaProcess implements AutoCloseable {

  /** The deployable artifact, built by {@code mvn package} before the integration tests run. */
  static final Path ARTIFACT = Path.of("target", "insightflow-lambda.jar");
  /** The artifact with the Snowflake driver. */
  static final Path SNOWFLAKE_ARTIFACT = Path.of("target", "insightflow-lambda-snowflake.jar");
  /** 85% of a 1,769 MB function, as the heap the Lambda Java runtime gives it. */
  static final String HEAP = "-Xmx1503m";
  private static final List<String> RUNTIME_JARS = List.of("aws-lambda-java-runtime-interface-client-",
      "aws-lambda-java-serialization-", "aws-lambda-java-core-", "utils-lite-");

  private final Process process;
  private final Path log;
  private final long startedAtMillis;

  private LambdaProcess(Process process, Path log, long startedAtMillis) {
    this.process = process;
    this.log = log;
    this.startedAtMillis = startedAtMillis;
  }

  /**
   * Starts {@code handler} (a handler string such as {@code io.insightflow.lambda.SyncHandler::handleRequest}).
   *
   * @param env the function's environment variables ({@code INSIGHTFLOW_*}, AWS credentials…)
   * @param log where the process's stdout and stderr go
   */
  static LambdaProcess start(String handler, RuntimeApiServer api, Map<String, String> env, Path log)
      throws IOException {
    return start(handler, api, env, List.of(), log);
  }

  /** {@link #start(String, RuntimeApiServer, Map, Path)} with extra JVM options. */
  static LambdaProcess start(String handler, RuntimeApiServer api, Map<String, String> env, List<String> jvmOptions,
      Path log) throws IOException {
    return start(ARTIFACT, handler, api, env, jvmOptions, log);
  }

  /** Starts {@code handler} of another artifact. */
  static LambdaProcess start(Path artifact, String handler, RuntimeApiServer api, Map<String, String> env,
      List<String> jvmOptions, Path log) throws IOException {
    Path task = taskDirectory(artifact);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        HEAP, "-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", runtimeClasspath(), "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
        handler));
    ProcessBuilder builder = new ProcessBuilder(command).directory(task.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("INSIGHTFLOW_") || k.startsWith("AWS_"));
    builder.environment().putAll(Map.of("AWS_LAMBDA_RUNTIME_API", api.address(),
        "AWS_LAMBDA_FUNCTION_NAME", "insightflow-test", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1769",
        "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST", "LAMBDA_TASK_ROOT", task.toString()));
    builder.environment().putAll(env);
    long started = System.currentTimeMillis();
    return new LambdaProcess(builder.start(), log, started);
  }

  /** When the JVM was started (epoch millis). */
  long startedAtMillis() {
    return startedAtMillis;
  }

  /** Kills the JVM at once (SIGKILL), as Lambda does at a timeout. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The process's output so far. */
  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  /** The jars of the Runtime Interface Client and its dependencies, from this test's class path. */
  static String runtimeClasspath() {
    String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> RUNTIME_JARS.stream().anyMatch(j -> Path.of(e).getFileName().toString().startsWith(j)))
        .collect(Collectors.joining(File.pathSeparator));
    if (!cp.contains("aws-lambda-java-runtime-interface-client-")) {
      throw new IllegalStateException("The Runtime Interface Client is not on the test class path");
    }
    return cp;
  }

  /** An artifact unzipped once into {@code target/task-<name>}, as Lambda unpacks a deployment package. */
  static synchronized Path taskDirectory(Path artifact) throws IOException {
    String name = artifact.getFileName().toString().replace(".jar", "");
    Path dir = Path.of("target", "task-" + name).toAbsolutePath();
    Path stamp = dir.resolve(".unzipped-from");
    String source = Files.getLastModifiedTime(artifact).toMillis() + " " + Files.size(artifact);
    if (Files.exists(stamp) && Files.readString(stamp).equals(source)) {
      return dir;
    }
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(artifact))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        Path target = dir.resolve(entry.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("Entry outside the task directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Files.writeString(stamp, source);
    return dir;
  }

  /** Reads a test resource. */
  static byte[] resource(String name) throws IOException {
    try (InputStream in = LambdaProcess.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IOException("No test resource " + name);
      }
      return in.readAllBytes();
    }
  }
}
