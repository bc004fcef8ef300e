package dev.mlflowoperator.state;

import dev.mlflowoperator.railway.RailwayClient;
import dev.mlflowoperator.railway.Pace;
import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.RailwayOptions;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The Railway that mlflowctl talks to from this home: real Railway when {@code RAILWAY_TOKEN} or {@code RAILWAY_PROJECT_TOKEN} is set,
 * else the local Railway sandbox with its state in the home, served on loopback so the same client talks to both.
 */
public final class HomeRailway implements AutoCloseable {
  /** The sandbox's state file inside the home. */
  public static final String SANDBOX_STATE = "sandbox.json";
  /** How many seconds a sandbox deployment takes from QUEUED to SUCCESS; default 20. */
  public static final String DEPLOY_SECONDS_ENV = "MLFLOWCTL_SANDBOX_DEPLOY_SECONDS";
  private static final int DEFAULT_DEPLOY_SECONDS = 20;
  /** How many seconds a sandbox backup workflow runs before it completes; default 30. */
  public static final String WORKFLOW_SECONDS_ENV = "MLFLOWCTL_SANDBOX_WORKFLOW_SECONDS";
  private static final int DEFAULT_WORKFLOW_SECONDS = 30;
  /** What {@link #endpoint()} says for the home's own sandbox. */
  public static final String SANDBOX_ENDPOINT = "sandbox";

  private final RailwayClient client;
  private final Pace pace;
  private final Optional<RailwaySandbox> sandbox;
  private final Optional<StateLock> sandboxLock;
  private final String endpoint;
  private final int observeBatchSize;

  private HomeRailway(RailwayClient client, Pace pace, Optional<RailwaySandbox> sandbox,
      Optional<StateLock> sandboxLock, String endpoint, int observeBatchSize) {
    this.endpoint = endpoint;
    this.observeBatchSize = observeBatchSize;
    this.client = client;
    this.pace = pace;
    this.sandbox = sandbox;
    this.sandboxLock = sandboxLock;
  }

  /**
   * Connects as {@code env} says; in the sandbox case takes the home's sandbox lock and prints one line on
   * {@code err} saying that nothing is really deployed.
   *
   * @throws StateException when another mlflowctl runs the sandbox of this home
   */
  public static HomeRailway open(Map<String, String> env, MlflowctlHome home, PrintWriter err) {
    return open(env, home, err, Clock.systemUTC());
  }

  /**
   * As {@link #open(Map, MlflowctlHome, PrintWriter)}, with the sandbox as {@link #sandbox} makes it. {@code RAILWAY_PLAN} and
   * {@code RAILWAY_TIMEOUT_SECONDS} tune the client; {@code MLFLOWCTL_TIME_SCALE} speeds up its waits (and the
   * sandbox's deployments), against a Railway on this machine only.
   *
   * @throws StateException when another mlflowctl runs the sandbox of this home, or a variable is not valid
   */
  public static HomeRailway open(Map<String, String> env, MlflowctlHome home, PrintWriter err, Clock clock) {
    RailwayOptions options;
    Pace pace;
    Optional<RailwayEndpoint> railway;
    try {
      options = RailwayOptions.fromEnvironment(env);
      pace = Pace.fromEnvironment(env);
      railway = RailwayEndpoint.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new StateException(e.getMessage(), e);
    }
    if (railway.isPresent()) {
      if (!pace.isReal() && !railway.get().isLoopback()) {
        throw new StateException(Pace.ENV + " speeds up waits for tests against a Railway sandbox on this machine, but "
            + RailwayEndpoint.ENV_API_URL + " is " + railway.get().url().host() + "; unset " + Pace.ENV);
      }
      return new HomeRailway(RailwayClient.builder(railway.get()).options(options).pace(pace).build(), pace,
          Optional.empty(), Optional.empty(), railway.get().url().newBuilder().query(null).build().toString(),
          options.observeBatchSize());
    }
    StateLock lock = StateLock.ofSandbox(home);
    try {
      RailwaySandbox sandbox = sandbox(env, home, clock).build().start();
      RailwayEndpoint local = RailwayEndpoint.fromEnvironment(Map.of(
          RailwayEndpoint.ENV_API_URL, sandbox.url(), RailwayEndpoint.ENV_TOKEN, sandbox.token())).orElseThrow();
      err.println("mlflowctl: no " + RailwayEndpoint.ENV_TOKEN + " or " + RailwayEndpoint.ENV_PROJECT_TOKEN
          + " set; using the local Railway sandbox in " + home + " (nothing is really deployed)");
      err.flush();
      return new HomeRailway(RailwayClient.builder(local).options(options).pace(pace).build(), pace,
          Optional.of(sandbox), Optional.of(lock), SANDBOX_ENDPOINT, options.observeBatchSize());
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * The home's sandbox as mlflowctl opens it, for apply and the like as for {@code sandbox serve}: its state in the
   * home, its deployments and backup workflows progressing by {@code clock} and taking
   * {@code MLFLOWCTL_SANDBOX_DEPLOY_SECONDS} (default 20) and {@code MLFLOWCTL_SANDBOX_WORKFLOW_SECONDS} (default 30),
   * shortened by {@code MLFLOWCTL_TIME_SCALE}.
   *
   * @throws StateException when one of these variables is not valid
   */
  public static RailwaySandbox.Builder sandbox(Map<String, String> env, MlflowctlHome home, Clock clock) {
    Pace pace;
    try {
      pace = Pace.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new StateException(e.getMessage(), e);
    }
    return RailwaySandbox.builder().stateFile(home.resolve(SANDBOX_STATE)).clock(clock)
        .deploymentDuration(pace.shorten(seconds(env, DEPLOY_SECONDS_ENV, DEFAULT_DEPLOY_SECONDS)))
        .workflowDuration(pace.shorten(seconds(env, WORKFLOW_SECONDS_ENV, DEFAULT_WORKFLOW_SECONDS)));
  }

  /** The duration in seconds the variable {@code name} sets, {@code defaultSeconds} when unset. */
  private static Duration seconds(Map<String, String> env, String name, int defaultSeconds) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return Duration.ofSeconds(defaultSeconds);
    }
    try {
      int seconds = Integer.parseInt(value.trim());
      if (seconds >= 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new StateException(name + " is \"" + value + "\", not a number of seconds;"
        + " set it to 0 or more, or unset it for " + defaultSeconds);
  }

  /** The client to send Railway operations with. */
  public RailwayClient client() {
    return client;
  }

  /** How many deployments one shared observe request reads ({@code RAILWAY_OBSERVE_BATCH_SIZE}). */
  public int observeBatchSize() {
    return observeBatchSize;
  }

  /** How fast the client's waits pass; mlflowctl run paces its passes the same. */
  public Pace pace() {
    return pace;
  }

  /** Whether this is the local sandbox; a later apply marks what it records with {@link StateStore#markOnSandbox}. */
  public boolean isSandbox() {
    return sandbox.isPresent();
  }

  /**
   * Which Railway this is, as the state records it: {@link #SANDBOX_ENDPOINT} for the home's sandbox, else the API
   * URL without its query (Railway's own, or {@code RAILWAY_API_URL}).
   */
  public String endpoint() {
    return endpoint;
  }

  /** Stops the sandbox, if any, and releases its lock; its state file is already up to date. */
  @Override
  public void close() {
    sandbox.ifPresent(RailwaySandbox::close);
    sandboxLock.ifPresent(StateLock::close);
  }
}
