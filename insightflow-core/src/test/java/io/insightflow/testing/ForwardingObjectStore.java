package io.insightflow.testing;

import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A store that forwards every abstract method of {@link ObjectStore} to another, for test stores
 * that change one behaviour (a crash, a concurrent writer). {@link ObjectStore#open(ObjectInfo)}
 * stays the interface's default unless a subclass overrides it, as a third-party store's would.
 */
public abstract class ForwardingObjectStore implements ObjectStore {

  protected final ObjectStore delegate;

  protected ForwardingObjectStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Stream<ObjectInfo> list(String prefix, String startAfter) {
    return delegate.list(prefix, startAfter);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return delegate.stat(key);
  }

  @Override
  public InputStream open(String key) {
    return delegate.open(key);
  }

  @Override
  public ObjectInfo put(String key, Path file) {
    return delegate.put(key, file);
  }

  @Override
  public ObjectInfo put(String key, byte[] content) {
    return delegate.put(key, content);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public Path newStagingFile() {
    return delegate.newStagingFile();
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
