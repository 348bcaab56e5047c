package io.insightflow.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ObjectChangedExceptionTest {

  @Test
  void message_keyAndDetailFromData_areEscapedAndKeyIsKeptAsIs() {
    ObjectChangedException e = new ObjectChangedException("t/x\n[INFO] BUILD SUCCESS", "detail\r");

    assertThat(e).isInstanceOf(IOException.class);
    assertThat(e.getMessage())
        .doesNotContain("\n", "\r")
        .contains("changed while it was read", "stays pending", "t/x\\n[INFO] BUILD SUCCESS", "detail\\r");
    assertThat(e.objectKey()).isEqualTo("t/x\n[INFO] BUILD SUCCESS");
  }
}
