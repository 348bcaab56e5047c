package io.insightflow.connect.kinesis;

import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import io.insightflow.testing.ForwardingObjectStore;
import java.nio.file.Path;

/**
 * An object store that "crashes" (throws {@link SimulatedCrash}) instead of performing its n-th
 * write (put or delete), and every write after it, as a process dying between two writes would.
 * Reads pass through. Test helper.
 */
final class CrashingObjectStore extends ForwardingObjectStore {

  private int writesLeft;

  CrashingObjectStore(ObjectStore delegate, int crashAtWrite) {
    super(delegate);
    this.writesLeft = crashAtWrite;
  }

  /** Thrown in place of a write. */
  static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash() {
      super("simulated crash", null, false, false);
    }
  }

  private void write() {
    if (--writesLeft <= 0) {
      throw new SimulatedCrash();
    }
  }

  @Override
  public ObjectInfo put(String key, Path file) {
    write();
    return delegate.put(key, file);
  }

  @Override
  public ObjectInfo put(String key, byte[] content) {
    write();
    return delegate.put(key, content);
  }

  @Override
  public void delete(String key) {
    write();
    delegate.delete(key);
  }

  @Override
  public String describe() {
    return "crashing " + delegate.describe();
  }

  @Override
  public void close() {
    // The delegate belongs to the test.
  }
}
