package io.insightflow.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small Lambda Runtime API server (the interface the Lambda service offers a runtime, 2018-06-01):
 * {@code GET /runtime/invocation/next} hands out queued events with the request id and
 * {@code Lambda-Runtime-Deadline-Ms} headers, {@code POST …/{id}/response} and {@code …/{id}/error}
 * complete them, {@code POST /runtime/init/error} records an init failure, and
 * {@code GET /runtime/restore/next} answers a SnapStart restore. The Runtime Interface Client in a
 * child JVM talks to it exactly as it talks to Lambda.
 */
final class RuntimeApiServer implements AutoCloseable {

  static final String PREFIX = "/2018-06-01/runtime";
  static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:insightflow-test";

  /** What the runtime answered, when, and the deadline the invocation had. */
  record Answer(boolean error, String body, String errorType, long answeredAtMillis, long deadlineMillis) {

    /** Whether the answer came before the deadline. */
    boolean inTime() {
      return answeredAtMillis <= deadlineMillis;
    }
  }

  /** An invocation handed to the runtime. */
  record Invocation(String requestId, long deadlineMillis, CompletableFuture<Answer> answer) {

    /** Waits for the answer. */
    Answer await(Duration timeout) throws Exception {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private record Pending(Invocation invocation, byte[] event, Duration timeout) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "runtime-api");
    t.setDaemon(true);
    return t;
  });
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
  private final CompletableFuture<String> initError = new CompletableFuture<>();
  private volatile long firstNextMillis;

  RuntimeApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext(PREFIX, this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Queues an event; its deadline is counted from the moment the runtime takes it, as Lambda does.
   *
   * @param timeout the function timeout the invocation gets
   */
  Invocation invoke(byte[] event, Duration timeout) {
    Invocation invocation = new Invocation(UUID.randomUUID().toString(), 0, new CompletableFuture<>());
    queue.add(new Pending(invocation, event, timeout));
    return invocation;
  }

  /** The init error the runtime reported, if any (completes when reported). */
  CompletableFuture<String> initError() {
    return initError;
  }

  /** When the runtime first asked for an invocation: its init was done. 0 before. */
  long firstNextMillis() {
    return firstNextMillis;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.equals("/invocation/next")) {
        next(exchange);
      } else if (method.equals("POST") && path.startsWith("/invocation/")) {
        String[] parts = path.split("/");
        answer(exchange, parts[2], parts[3].equals("error"));
      } else if (method.equals("POST") && path.equals("/init/error")) {
        initError.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        send(exchange, 202, "{}");
      } else if (method.equals("GET") && path.equals("/restore/next")) {
        send(exchange, 200, "");
      } else {
        send(exchange, 404, "{\"errorMessage\":\"no such path " + path + "\"}");
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    if (firstNextMillis == 0) {
      firstNextMillis = System.currentTimeMillis();
    }
    Pending pending;
    try {
      pending = queue.take(); // long poll, as Lambda's: the runtime waits here between invocations
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    long deadline = System.currentTimeMillis() + pending.timeout().toMillis();
    Invocation invocation = new Invocation(pending.invocation().requestId(), deadline, pending.invocation().answer());
    inFlight.put(invocation.requestId(), invocation);
    exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
    exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
    exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
    exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, pending.event().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(pending.event());
    }
  }

  private void answer(HttpExchange exchange, String requestId, boolean error) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    long now = System.currentTimeMillis();
    Invocation invocation = inFlight.remove(requestId);
    if (invocation == null) {
      send(exchange, 400, "{\"errorMessage\":\"unknown request id\"}");
      return;
    }
    String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
    send(exchange, 202, "{\"status\":\"OK\"}");
    invocation.answer().complete(new Answer(error, body, type, now, invocation.deadlineMillis()));
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
