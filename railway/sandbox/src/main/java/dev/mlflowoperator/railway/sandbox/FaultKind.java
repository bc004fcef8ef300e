package dev.mlflowoperator.railway.sandbox;

/** The failures the sandbox can inject into a request, each as Railway or its edge would show it. */
public enum FaultKind {
  /** HTTP 503 before anything is done. */
  SERVER_ERROR,
  /** HTTP 429 with a Retry-After header (seconds), before anything is done. */
  RATE_LIMITED,
  /** Cloudflare's edge limit: HTTP 429, plain body {@code error code: 1015}, no rate-limit headers. */
  EDGE_RATE_LIMITED,
  /** The answer is held back past the client's timeout (bounded), then HTTP 504; nothing is done. */
  TIMEOUT,
  /** HTTP 200 with Railway's generic GraphQL error; nothing is done. */
  GRAPHQL_ERROR,
  /** The request takes effect, but the answer is Railway's generic GraphQL error. */
  APPLIED_BUT_REPORTED_AS_FAILED,
  /**
   * Not a request fault: the backup workflow a mutation starts (rule by field, e.g. {@code volumeInstanceBackupCreate})
   * runs its time and ends in Error, in-process as over HTTP.
   */
  WORKFLOW_ERROR
}
