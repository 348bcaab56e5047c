package io.insightflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.message.MapMessage;

/**
 * The one JSON log line per invocation: handler, request id, cold start, outcome, counts and
 * milliseconds, as a structured message (numbers stay numbers) through the module's log4j2 JSON
 * layout. The request id is also put in the logging context for the invocation, so every line that
 * core logs meanwhile carries it. Counts and error messages only: never row data or secrets.
 *
 * <p>One {@link Invocation} per call, used by the invoking thread.
 */
final class InvocationLog {

  private static final Logger LOG = LogManager.getLogger("io.insightflow.lambda.invocation");
  private static final AtomicBoolean COLD = new AtomicBoolean(true);
  static final String REQUEST_ID = "requestId";

  private InvocationLog() {}

  /** Starts the record of an invocation of {@code handler}. */
  static Invocation start(String handler, Context context) {
    String requestId = context == null ? null : context.getAwsRequestId();
    if (requestId != null) {
      ThreadContext.put(REQUEST_ID, requestId);
    }
    return new Invocation(handler, requestId, COLD.getAndSet(false));
  }

  /** One invocation's fields, written by {@link #succeeded()} or {@link #failed(Throwable)}. */
  static final class Invocation {
    private final long startNanos = System.nanoTime();
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Invocation(String handler, String requestId, boolean coldStart) {
      fields.put("event", "invocation");
      fields.put("handler", handler);
      fields.put(REQUEST_ID, requestId);
      fields.put("coldStart", coldStart);
    }

    /** Adds a count or a short descriptive value. */
    Invocation put(String name, Object value) {
      fields.put(name, value);
      return this;
    }

    /** Milliseconds since the invocation started. */
    long ms() {
      return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Writes the line for a successful invocation. */
    void succeeded() {
      write("ok", null);
    }

    /** Writes the line for a failed invocation; the error's type and message (never a secret). */
    void failed(Throwable error) {
      write("error", error);
    }

    private void write(String outcome, Throwable error) {
      fields.put("outcome", outcome);
      if (error != null) {
        fields.put("errorType", error.getClass().getName());
        fields.put("errorMessage", String.valueOf(error.getMessage()));
      }
      fields.put("ms", ms());
      MapMessage<?, Object> message = new MapMessage<>(fields);
      if (error == null) {
        LOG.info(message);
      } else {
        LOG.error(message);
      }
      ThreadContext.remove(REQUEST_ID);
    }
  }
}
