package io.insightflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.LakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest {

  @ParameterizedTest
  @ValueSource(strings = {"a.csv", "data/batch/t/year=2024/t_part1.csv", "ünïcödé/名前.csv", "emoji/\uD83D\uDE00.csv",
      "line\u2028separator"})
  void check_ordinaryKey_returnsIt(String key) {
    assertThat(ObjectKeys.check(key)).isEqualTo(key);
    assertThat(ObjectKeys.problem(key)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"t/\n[INFO] BUILD SUCCESS", "t/cr\r", "t/tab\t", "t/del\u007f", "t/nel\u0085", "t/nul\u0000"})
  void check_controlCharacter_throwsWithKeyEscaped(String key) {
    assertThat(ObjectKeys.problem(key)).hasValueSatisfying(p -> assertThat(p).contains("control characters"));
    assertThatThrownBy(() -> ObjectKeys.check(key))
        .isInstanceOf(LakeException.class)
        .satisfies(e -> assertThat(((LakeException) e).objectKey()).isEqualTo(key))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "\t", "\u007f", "\u0085", "\u0000"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lone\uD83D", "lone\uDE00high", "\uDE00\uD83D"})
  void check_loneSurrogate_throws(String key) {
    assertThat(ObjectKeys.problem(key)).hasValueSatisfying(p -> assertThat(p).contains("valid text"));
    assertThatThrownBy(() -> ObjectKeys.check(key)).isInstanceOf(LakeException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/abs", "a/", "a//b", "a\\b", "../x", "a/./b"})
  void check_notRelativeSingleSlashKey_throws(String key) {
    assertThat(ObjectKeys.problem(key)).isPresent();
    assertThatThrownBy(() -> ObjectKeys.check(key)).isInstanceOf(LakeException.class);
  }
}
