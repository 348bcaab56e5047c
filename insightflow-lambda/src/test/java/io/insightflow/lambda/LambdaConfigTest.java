package io.insightflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lambda configuration rules that need no AWS: see {@code LambdaConfigIT} for the secrets. */
class LambdaConfigTest {

  private final List<LogEvent> events = new CopyOnWriteArrayList<>();
  private final Logger logger = (Logger) LogManager.getLogger(LambdaConfig.class);
  private final AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
    @Override
    public void append(LogEvent event) {
      events.add(event.toImmutable());
    }
  };

  @BeforeEach
  void capture() {
    capture.start();
    logger.addAppender(capture);
  }

  @AfterEach
  void release() {
    logger.removeAppender(capture);
    capture.stop();
  }

  private static LambdaConfig config(Map<String, String> env) {
    // No secret is referenced, so neither client is ever built.
    try (SecretResolver secrets = new SecretResolver(() -> {
      throw new AssertionError("no Secrets Manager call expected");
    }, () -> {
      throw new AssertionError("no SSM call expected");
    })) {
      return LambdaConfig.fromEnvironment(env, secrets);
    }
  }

  // [#19] Maven warned about a misspelt variable; Lambda ignored it silently.
  @Test
  void fromEnvironment_misspeltVariables_giveOneWarningNamingEachWithTheNearestKey() {
    LambdaConfig config = config(Map.of("INSIGHTFLOW_SYNC_THRAEDS", "2", "INSIGHTFLOW_LAKE\n[ERROR] forged", "x",
        "INSIGHTFLOW_LAKE", "s3://b/lake", "INSIGHTFLOW_LOG_LEVEL", "DEBUG", "PATH", "/bin"));

    assertThat(config.settings()).containsEntry("insightflow.lake", "s3://b/lake");
    assertThat(events).hasSize(1);
    LogEvent warning = events.get(0);
    assertThat(warning.getLevel()).isEqualTo(Level.WARN);
    assertThat(warning.getMessage().getFormattedMessage())
        .startsWith("Ignoring environment variables that name no insightflow key: ")
        .contains("INSIGHTFLOW_SYNC_THRAEDS (did you mean INSIGHTFLOW_SYNC_THREADS?)")
        .contains("INSIGHTFLOW_LAKE\\n[ERROR] forged (did you mean ")
        .doesNotContain("\n").doesNotContain("INSIGHTFLOW_LOG_LEVEL").doesNotContain("PATH");
  }

  @Test
  void fromEnvironment_knownVariablesOnly_warnNothing() {
    config(Map.of("INSIGHTFLOW_LAKE", "s3://b/lake", "INSIGHTFLOW_LOG_LEVEL", "DEBUG"));

    assertThat(events).isEmpty();
  }
}
