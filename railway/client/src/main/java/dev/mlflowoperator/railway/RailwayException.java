package dev.mlflowoperator.railway;

import java.time.Duration;
import java.util.Optional;

/** A failed Railway call, typed by {@link Kind} so a caller knows whether to fix something or try later. */
public final class RailwayException extends RuntimeException {
  /** What went wrong; terminal kinds need a change of spec or credentials, retryable ones time. */
  public enum Kind {
    /** The token is invalid or may not touch this resource. */
    UNAUTHORIZED(false),
    /** The resource does not exist (any more). */
    NOT_FOUND(false),
    /** Railway rejected the request's arguments. */
    INVALID_INPUT(false),
    /** The name is already taken; look the existing object up instead of creating it. */
    NAME_COLLISION(false),
    /** Railway refused for a reason the client does not recognise. */
    REJECTED(false),
    /** The API answered with a redirect, which is not followed: the token would go to the redirect's target. */
    REDIRECTED(false),
    /** Too many requests; wait (for {@link #retryAfter()} when Railway said how long). */
    RATE_LIMITED(true),
    /** Railway could not be reached or answered with a server error; nothing was changed. */
    UNAVAILABLE(true),
    /** A mutation was sent but no answer came: observe again before repeating it. */
    OUTCOME_UNKNOWN(true);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }
  }

  private final Kind kind;
  private final String operationName;
  private final Duration retryAfter;

  RailwayException(Kind kind, String operationName, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.operationName = operationName;
    this.retryAfter = retryAfter;
  }

  RailwayException(Kind kind, String operationName, String message) {
    this(kind, operationName, message, null, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The GraphQL operation that failed, e.g. {@code ServiceCreate}. */
  public String operationName() {
    return operationName;
  }

  /** How long Railway asked us to wait, when it said so. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * The same failure with its message passed through {@code redactor}, for a caller that knows secrets this client
   * did not (what was sent); the cause is kept, this exception's own message is not.
   */
  public RailwayException redactedBy(Redactor redactor) {
    var redacted = new RailwayException(kind, operationName, redactor.apply(getMessage()), retryAfter, getCause());
    redacted.setStackTrace(getStackTrace());
    return redacted;
  }

  /** True when the same call may succeed later without any change on our side. */
  public boolean isRetryable() {
    return kind.retryable;
  }
}
