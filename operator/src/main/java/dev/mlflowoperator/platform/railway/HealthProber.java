package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.status.Health;
import dev.mlflowoperator.status.Reasons;

/** Probes the public URL of a stack: /health open, everything else behind auth, and MLflow answering behind it. */
@FunctionalInterface
public interface HealthProber {
  Health probe(String url, Credentials credentials);

  /** Runs no probes and says why (e.g. the sandbox runs nothing): Healthy=Unknown, never a made-up success. */
  static HealthProber notRun(String message) {
    return (url, credentials) -> Health.unknown(Reasons.PROBES_NOT_RUN, message);
  }
}
