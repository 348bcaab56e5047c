package io.insightflow.lambda;

import java.util.Arrays;
import java.util.Objects;

/**
 * A secret value resolved at init (a password or a private key). It never prints itself:
 * {@link #toString()} names only where it came from.
 */
final class Secret {

  private final String reference;
  private final char[] value;

  Secret(String reference, char[] value) {
    this.reference = Objects.requireNonNull(reference, "reference");
    this.value = Objects.requireNonNull(value, "value").clone();
  }

  /** A fresh copy of the value, for a supplier whose caller wipes it after use. */
  char[] chars() {
    return value.clone();
  }

  /** Where the value came from: a secret ARN or name, or {@code ssm:<parameter>}. */
  String reference() {
    return reference;
  }

  @Override
  public String toString() {
    return "Secret[" + reference + ", ****]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && reference.equals(other.reference) && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return reference.hashCode();
  }
}
