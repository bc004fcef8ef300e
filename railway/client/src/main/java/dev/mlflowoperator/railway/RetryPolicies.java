package dev.mlflowoperator.railway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failsafe.RetryPolicy;
import dev.mlflowoperator.railway.RailwayException.Kind;
import java.time.Duration;

/** Failsafe retries for Railway calls: backoff with jitter, Retry-After honoured, no blind mutation repeat. */
public final class RetryPolicies {
  /**
   * How hard to retry: {@code maxRetries} after the first attempt, backoff from {@code initialDelay}
   * up to {@code maxDelay}; a Retry-After longer than {@code longestRetryAfter} is handed to the caller.
   */
  public record Settings(int maxRetries, Duration initialDelay, Duration maxDelay, Duration longestRetryAfter) {
    /** 4 retries, 1 s doubling to 30 s, Retry-After up to 60 s. */
    public static Settings defaults() {
      return new Settings(4, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }
  }

  /** Failsafe falls back to the backoff when the delay function answers with a negative delay. */
  private static final Duration USE_BACKOFF = Duration.ofNanos(-1);

  private RetryPolicies() {}

  /** Retries as {@code settings} say, every delay passing at {@code pace}. */
  public static RetryPolicy<JsonNode> forRailway(Settings settings, Pace pace) {
    return RetryPolicy.<JsonNode>builder()
        .handleIf(RetryPolicies::repeatable)
        .abortIf((result, failure) -> waitsTooLong(failure, settings.longestRetryAfter()))
        .withBackoff(pace.shorten(settings.initialDelay()), pace.shorten(settings.maxDelay()))
        .withJitter(0.25)
        .withDelayFnOn(context -> context.getLastException() instanceof RailwayException e
                ? e.retryAfter().map(pace::shorten).orElse(USE_BACKOFF)
                : USE_BACKOFF,
            RailwayException.class)
        .withMaxRetries(settings.maxRetries())
        .build();
  }

  /** Retryable, except a mutation that may have taken effect: the caller must observe first. */
  private static boolean repeatable(Throwable failure) {
    return failure instanceof RailwayException e && e.isRetryable() && e.kind() != Kind.OUTCOME_UNKNOWN;
  }

  private static boolean waitsTooLong(Throwable failure, Duration longest) {
    return failure instanceof RailwayException e
        && e.retryAfter().filter(wait -> wait.compareTo(longest) > 0).isPresent();
  }
}
