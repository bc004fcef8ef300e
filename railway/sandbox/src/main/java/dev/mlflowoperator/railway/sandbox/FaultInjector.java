package dev.mlflowoperator.railway.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Picks the fault (if any) for each request by rules of kind and rate, drawing from a seeded {@link Random}. */
public final class FaultInjector {
  /** One kind of fault at a rate in [0, 1], for every operation or only the named one. */
  public record Rule(FaultKind kind, double rate, String operationName) {
    public Rule {
      if (rate < 0 || rate > 1) {
        throw new IllegalArgumentException("A fault rate is between 0 and 1, not " + rate);
      }
    }

    boolean appliesTo(String operation) {
      return operationName == null || operationName.equals(operation);
    }
  }

  private final List<Rule> rules;
  private final Random random;
  private final Random workflowRandom;
  private final Duration retryAfter;
  private final Duration hold;

  private FaultInjector(Builder builder) {
    this.rules = List.copyOf(builder.rules);
    this.random = new Random(builder.seed);
    this.workflowRandom = new Random(builder.seed);
    this.retryAfter = builder.retryAfter;
    this.hold = builder.hold;
  }

  /** Injects nothing. */
  public static FaultInjector none() {
    return builder(0).build();
  }

  public static Builder builder(long seed) {
    return new Builder(seed);
  }

  /**
   * The fault for the next request of {@code operationName}; rates of the rules that apply add up
   * ({@link FaultKind#WORKFLOW_ERROR} rules are drawn by {@link #failsWorkflow} instead).
   */
  public synchronized Optional<FaultKind> next(String operationName) {
    double draw = random.nextDouble();
    double cumulative = 0;
    for (Rule rule : rules) {
      if (rule.kind() != FaultKind.WORKFLOW_ERROR && rule.appliesTo(operationName)) {
        cumulative += rule.rate();
        if (draw < cumulative) {
          return Optional.of(rule.kind());
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the workflow the mutation field starts (e.g. {@code volumeInstanceBackupCreate}) is to end in Error. */
  public synchronized boolean failsWorkflow(String field) {
    double draw = workflowRandom.nextDouble();
    double cumulative = 0;
    for (Rule rule : rules) {
      if (rule.kind() == FaultKind.WORKFLOW_ERROR && rule.appliesTo(field)) {
        cumulative += rule.rate();
      }
    }
    return draw < cumulative;
  }

  /** The Retry-After sent with {@link FaultKind#RATE_LIMITED}. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** How long a {@link FaultKind#TIMEOUT} holds the answer back (less if the sandbox closes). */
  public Duration hold() {
    return hold;
  }

  /** Rules, Retry-After and hold time of a {@link FaultInjector}. */
  public static final class Builder {
    private final long seed;
    private final List<Rule> rules = new ArrayList<>();
    private Duration retryAfter = Duration.ofSeconds(1);
    private Duration hold = Duration.ofSeconds(65);

    private Builder(long seed) {
      this.seed = seed;
    }

    /** {@code kind} on a share {@code rate} of all requests. */
    public Builder fault(FaultKind kind, double rate) {
      rules.add(new Rule(kind, rate, null));
      return this;
    }

    /** {@code kind} on a share {@code rate} of the requests of one operation, e.g. {@code VolumeCreate}. */
    public Builder fault(FaultKind kind, double rate, String operationName) {
      rules.add(new Rule(kind, rate, operationName));
      return this;
    }

    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    /** Default 65 s: past the Railway client's 60 s call timeout. */
    public Builder hold(Duration hold) {
      this.hold = hold;
      return this;
    }

    public FaultInjector build() {
      return new FaultInjector(this);
    }
  }
}
