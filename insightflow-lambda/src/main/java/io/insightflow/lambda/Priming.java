package io.insightflow.lambda;

import java.util.Objects;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SnapStart runtime hook: before Lambda snapshots an initialised container, the handler's
 * priming work runs (loading and compiling the classes of an invocation), so restored containers
 * start warm. Outside SnapStart nothing calls it. The CRaC context keeps resources weakly: the
 * handler holds the returned object for its lifetime.
 */
final class Priming implements Resource {

  private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

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
    long start = System.nanoTime();
    work.run();
    LOG.info("snapstart priming done ms={}", (System.nanoTime() - start) / 1_000_000);
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // Nothing is bound to the snapshot's time or network: connections are opened per invocation,
    // and the RDS IAM token provider regenerates tokens by age.
  }
}
