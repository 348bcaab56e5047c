package io.insightflow.lambda;

import java.util.Objects;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A SnapStart runtime hook: before Lambda snapshots an initialised container, the handler's
 * priming work runs (loading and compiling the classes of an invocation), so restored containers
 * start warm. Outside SnapStart nothing calls it. The CRaC context keeps resources weakly: the
 * handler holds the returned object for its lifetime.
 */
final class Priming implements Resource {

  private final Runnable work;

  private Priming(Runnable work) {
    this.work = Objects.requireNonNull(work, "work");
  }

  /** Registers {@code work} to run before a checkpoint; keep the result referenced. */
  static Priming register(Runnable work) {
    Priming priming = new Priming(work);
    Core.getGlobalContext().register(priming);
    return priming;
  }

  /** Runs the priming work now (also what a checkpoint does). */
  void prime() {
    work.run();
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    work.run();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // Nothing is bound to the snapshot's time or network: connections are opened per invocation,
    // and the RDS IAM token provider regenerates tokens by age.
  }
}
