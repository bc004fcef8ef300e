package dev.mlflowoperator.standalone;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** The standalone controller's Prometheus metrics: reconciles, errors, drift repairs, Railway requests and budget. */
public final class ControllerMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger deployments = new AtomicInteger();
  private final AtomicInteger problems = new AtomicInteger();
  private final AtomicInteger pruneHeld = new AtomicInteger();
  /** Held here: meters keep only weak references to what they read. */
  private final LongSupplier requestsSent;
  private final LongSupplier budgetLeft;

  /**
   * Metrics reading Railway requests sent and the requests left this hour from the given suppliers.
   *
   * @param requestsSent Railway API requests sent so far, retries included
   * @param budgetLeft requests the token may still send this hour
   */
  public ControllerMetrics(LongSupplier requestsSent, LongSupplier budgetLeft) {
    this.requestsSent = requestsSent;
    this.budgetLeft = budgetLeft;
    FunctionCounter.builder("mlflowctl.railway.requests", requestsSent, s -> s.getAsLong())
        .description("Railway API requests sent, retries included").register(registry);
    Gauge.builder("mlflowctl.railway.budget.remaining", budgetLeft, s -> s.getAsLong())
        .description("Railway API requests the token may still send this hour").register(registry);
    Gauge.builder("mlflowctl.deployments", deployments, AtomicInteger::get)
        .description("Valid specs in the specs directory").register(registry);
    Gauge.builder("mlflowctl.spec.problems", problems, AtomicInteger::get)
        .description("Problems found in the specs directory by the last pass").register(registry);
    Gauge.builder("mlflowctl.prune.held", pruneHeld, AtomicInteger::get)
        .description("Deployments whose spec is gone but which --prune keeps while a spec is unreadable or invalid")
        .register(registry);
  }

  /** Counts one reconcile that left the deployment in sync. */
  void synced() {
    counter("mlflowctl.reconciles", "Reconciles by result", "result", "synced").increment();
  }

  /** Counts one reconcile that failed, by reason (e.g. RailwayRateLimited). */
  void failed(String reason) {
    counter("mlflowctl.reconciles", "Reconciles by result", "result", "failed").increment();
    counter("mlflowctl.reconcile.errors", "Failed reconciles by reason", "reason", reason).increment();
  }

  /** Counts one reconcile that found the platform drifted from the spec and put it back. */
  void driftRepaired(String deployment) {
    counter("mlflowctl.drift.repairs", "Drift found and repaired", "deployment", deployment).increment();
  }

  /** What the last pass found in the specs directory. */
  void specs(int valid, int problemCount) {
    deployments.set(valid);
    problems.set(problemCount);
  }

  /** How many removed specs' deployments the last pass did not prune because a spec was unreadable or invalid. */
  void pruneHeld(int count) {
    pruneHeld.set(count);
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  private Counter counter(String name, String description, String tag, String value) {
    return Counter.builder(name).description(description).tag(tag, value).register(registry);
  }
}
