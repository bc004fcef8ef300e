package dev.mlflowoperator.railway;

import dev.mlflowoperator.railway.RailwayException.Kind;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Headers;

/** One token's request allowance: Bucket4j hourly and per-second buckets, corrected by Railway's headers. */
public final class RequestBudget {
  /** Values at least this large in X-RateLimit-Reset are epoch seconds, smaller ones seconds from now. */
  private static final long EPOCH_SECONDS_THRESHOLD = 1_000_000_000L;

  private final Bucket hourly;
  private final Bucket perSecond;
  private final TimeMeter time;
  private final BlockingStrategy blocking;
  private final Duration longestWait;
  private final AtomicLong pausedUntilNanos = new AtomicLong();
  private final long perHour;

  RequestBudget(RailwayTier tier, TimeMeter time, BlockingStrategy blocking, Duration longestWait) {
    this.perHour = tier.requestsPerHour();
    this.time = time;
    this.blocking = blocking;
    this.longestWait = longestWait;
    this.hourly = Bucket.builder()
        .addLimit(limit -> limit.capacity(tier.requestsPerHour())
            .refillGreedy(tier.requestsPerHour(), Duration.ofHours(1)))
        .withCustomTimePrecision(time)
        .build();
    this.perSecond = Bucket.builder()
        .addLimit(limit -> limit.capacity(tier.requestsPerSecond())
            .refillGreedy(tier.requestsPerSecond(), Duration.ofSeconds(1)))
        .withCustomTimePrecision(time)
        .build();
  }

  /**
   * A budget on the wall clock that waits at most {@code longestWait} for a request slot. Railway
   * counts per token, so every client that uses the same token must share one budget.
   */
  public static RequestBudget forTier(RailwayTier tier, Duration longestWait) {
    return forTier(tier, longestWait, Pace.REAL);
  }

  /** As {@link #forTier(RailwayTier, Duration)}, with the hour (and every wait) passing at {@code pace}. */
  public static RequestBudget forTier(RailwayTier tier, Duration longestWait, Pace pace) {
    return new RequestBudget(tier, pace.meter(), pace.blocking(), longestWait);
  }

  /**
   * Waits until one more request may be sent. When that would take longer than the longest wait,
   * fails at once with a {@link Kind#RATE_LIMITED} error that says how long, so the caller can requeue.
   */
  void acquire(String operationName) throws InterruptedException {
    long pause = pausedUntilNanos.get() - time.currentTimeNanos();
    if (pause > longestWait.toNanos()) {
      throw exhausted(operationName, Duration.ofNanos(pause));
    }
    if (pause > 0) {
      blocking.park(pause);
    }
    if (!hourly.asBlocking().tryConsume(1, longestWait, blocking)) {
      long refill = hourly.estimateAbilityToConsume(1).getNanosToWaitForRefill();
      throw exhausted(operationName, Duration.ofNanos(refill));
    }
    perSecond.asBlocking().consume(1, blocking);
  }

  /** Follows Railway's view of the allowance: never count more requests left than it reports. */
  void observe(Headers headers) {
    Long remaining = parseLong(headers.get("X-RateLimit-Remaining"));
    if (remaining == null) {
      return;
    }
    long excess = hourly.getAvailableTokens() - remaining;
    if (excess > 0) {
      hourly.tryConsumeAsMuchAsPossible(excess);
    }
    Long reset = parseLong(headers.get("X-RateLimit-Reset"));
    if (remaining == 0 && reset != null) {
      long resetNanos = reset >= EPOCH_SECONDS_THRESHOLD
          ? Duration.ofSeconds(reset).toNanos()
          : time.currentTimeNanos() + Duration.ofSeconds(reset).toNanos();
      pauseUntil(resetNanos);
    }
  }

  /** Holds every request on this token back for {@code wait}, e.g. after a 429 with Retry-After. */
  void pauseFor(Duration wait) {
    pauseUntil(time.currentTimeNanos() + wait.toNanos());
  }

  /** Requests the token may send per hour on its plan. */
  public long perHour() {
    return perHour;
  }

  /** Requests left in the current hour as far as this budget knows. */
  public long availableThisHour() {
    return hourly.getAvailableTokens();
  }

  private void pauseUntil(long nanos) {
    pausedUntilNanos.accumulateAndGet(nanos, Math::max);
  }

  private static RailwayException exhausted(String operationName, Duration wait) {
    return new RailwayException(Kind.RATE_LIMITED, operationName,
        "The Railway request budget for this token is used up; " + operationName
            + " can go in about " + Math.max(1, wait.toSeconds()) + " s",
        wait, null);
  }

  private static Long parseLong(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
