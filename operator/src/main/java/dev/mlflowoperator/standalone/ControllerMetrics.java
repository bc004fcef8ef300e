package dev.mlflowoperator.standalone;

import dev.mlflowoperator.metrics.DeploymentMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The standalone controller's Prometheus metrics: its own (reconciles, errors, the specs directory) and the
 * deployments' in the vocabulary the operator shares ({@link DeploymentMetrics}).
 */
public final class ControllerMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger deployments = new AtomicInteger();
  private final AtomicInteger problems = new AtomicInteger();
  private final AtomicInteger pruneHeld = new AtomicInteger();
  private final DeploymentMetrics deploymentMetrics;

  /** The controller's metrics, the deployments' times read from {@code clock}. */
  public ControllerMetrics(Clock clock) {
    this.deploymentMetrics = new DeploymentMetrics(registry, clock);
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

  /** The deployments' own metrics. */
  public DeploymentMetrics deployments() {
    return deploymentMetrics;
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
