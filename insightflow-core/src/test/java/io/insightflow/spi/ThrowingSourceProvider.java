package io.insightflow.spi;

/** A provider whose constructor fails, as a broken connector jar's might. */
public final class ThrowingSourceProvider implements SourceProvider {

  public ThrowingSourceProvider() {
    throw new IllegalStateException("driver native library missing");
  }

  @Override
  public String name() {
    return "throwing";
  }

  @Override
  public boolean accepts(String url) {
    return true;
  }

  @Override
  public Source open(SourceConfig config) {
    throw new UnsupportedOperationException();
  }
}
