package dev.mlflowoperator.railway.sandbox;

import dev.mlflowoperator.railway.DirectGraphql;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.RequestStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** A local emulator of the Railway API subset the operator uses, in-process or on loopback; deploys nothing. */
public final class RailwaySandbox implements AutoCloseable {
  private final Object lock = new Object();
  private final SandboxState state;
  private final RailwaySemantics semantics;
  private final SandboxGraphql graphql;
  private final Optional<SandboxStore> store;
  private final int port;
  private final RequestStats stats = new RequestStats();
  private volatile FaultInjector faults = FaultInjector.none();
  private volatile Duration latency = Duration.ZERO;
  private SandboxHttpServer server;

  private RailwaySandbox(Builder builder) {
    this.store = Optional.ofNullable(builder.stateFile).map(SandboxStore::new);
    this.state = store.flatMap(SandboxStore::load).orElseGet(() -> fresh(builder.seed));
    if (builder.token != null) {
      state.token = builder.token;
    }
    this.semantics = new RailwaySemantics(state, builder.clock, new DeploymentProgress(builder.deploymentDuration),
        builder.workflowDuration, field -> faults.failsWorkflow(field));
    this.graphql = new SandboxGraphql(semantics);
    this.port = builder.port;
    store.ifPresent(s -> s.save(state));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Serves {@code POST /graphql/v2} on 127.0.0.1 at the configured port (0: any free port). */
  public synchronized RailwaySandbox start() {
    if (server != null) {
      throw new IllegalStateException("The sandbox is already serving at " + url());
    }
    try {
      server = new SandboxHttpServer(this, port);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve the Railway sandbox on 127.0.0.1:" + port, e);
    }
    return this;
  }

  /** The GraphQL endpoint, e.g. {@code http://127.0.0.1:43127/graphql/v2}; use it as RAILWAY_API_URL. */
  public synchronized String url() {
    if (server == null) {
      throw new IllegalStateException("The sandbox is not serving yet: call start()");
    }
    return "http://127.0.0.1:" + server.port() + SandboxHttpServer.PATH;
  }

  /** The one token the sandbox accepts, as {@code Authorization: Bearer} or {@code Project-Access-Token}. */
  public String token() {
    return state.token;
  }

  /** A copy of everything the sandbox holds now (scheduled backups, workflows and expiry caught up with the clock). */
  public SandboxState state() {
    synchronized (lock) {
      semantics.catchUp();
      saveIfChanged();
      return SandboxStore.copy(state);
    }
  }

  /** HTTP requests received so far, per GraphQL operation name ({@code anonymous} when there is none). */
  public RequestStats stats() {
    return stats;
  }

  /** The faults to inject into HTTP requests and backup workflows from now on ({@link FaultInjector#none()} to stop). */
  public void faults(FaultInjector faults) {
    this.faults = faults;
  }

  /** Extra time every HTTP request takes before it is handled. */
  public void latency(Duration latency) {
    this.latency = latency;
  }

  /** From now on deployments of the service end CRASHED, its latest one included; false lets new ones succeed again. */
  public void setCrashing(String serviceId, boolean crashing) {
    synchronized (lock) {
      semantics.setCrashing(serviceId, crashing);
      saveIfChanged();
    }
  }

  /** Deletes the project and its environments, services and volumes, as a user in Railway's dashboard would. */
  public void deleteProject(String projectId) {
    synchronized (lock) {
      semantics.deleteProject(projectId);
      saveIfChanged();
    }
  }

  /** Makes the volume instance hold {@code usedMB} of data (a manual backup of more than half its size is refused). */
  public void setVolumeUsage(String volumeInstanceId, int usedMB) {
    synchronized (lock) {
      semantics.setVolumeUsage(volumeInstanceId, usedMB);
      saveIfChanged();
    }
  }

  /** From now on backups of the volume instance fail as their workflows complete; false lets them succeed again. */
  public void setBackupsFail(String volumeInstanceId, boolean fail) {
    synchronized (lock) {
      semantics.setBackupsFail(volumeInstanceId, fail);
      saveIfChanged();
    }
  }

  /**
   * Runs a GraphQL document in-process as the holder of the sandbox's token, e.g. an out-of-band change;
   * returns the JSON body Railway would send ({@code data} and/or {@code errors}).
   */
  public Map<String, Object> execute(String query, Map<String, Object> variables) {
    return execute(query, null, variables).body();
  }

  /**
   * A client that runs operations in-process, as the holder of the sandbox's token, counted in
   * {@link #stats()} and failing as {@link dev.mlflowoperator.railway.RailwayClient} would; faults apply only over HTTP.
   */
  public GraphqlExecutor executor() {
    return new DirectGraphql((op, variables) -> {
      stats.record(op.name());
      return execute(op.document(), op.name(), variables).body();
    });
  }

  /** Stops serving; a held (timed-out) answer is let go at once. The state file is already up to date. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  FaultInjector currentFaults() {
    return faults;
  }

  Duration currentLatency() {
    return latency;
  }

  /** Checks the credentials the way Railway does, then runs the request. */
  SandboxResponse handle(String authorization, String projectAccessToken, String query, String operationName,
      Map<String, Object> variables) {
    if (projectAccessToken != null) {
      if (!isToken(projectAccessToken)) {
        return SandboxResponse.graphqlError("Project token not found");
      }
    } else if (authorization == null || !authorization.startsWith("Bearer ")
        || !isToken(authorization.substring("Bearer ".length()))) {
      return SandboxResponse.graphqlError("Not Authorized");
    }
    return execute(query, operationName, variables);
  }

  private SandboxResponse execute(String query, String operationName, Map<String, Object> variables) {
    synchronized (lock) {
      try {
        semantics.catchUp();
        return graphql.execute(query, operationName, variables);
      } finally {
        saveIfChanged();
      }
    }
  }

  private void saveIfChanged() {
    if (semantics.takeChanged()) {
      store.ifPresent(s -> s.save(state));
    }
  }

  private boolean isToken(String candidate) {
    return MessageDigest.isEqual(candidate.trim().getBytes(StandardCharsets.UTF_8),
        state.token.getBytes(StandardCharsets.UTF_8));
  }

  private static SandboxState fresh(long seed) {
    SandboxState state = new SandboxState();
    state.seed = seed;
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    state.token = "sandbox-" + HexFormat.of().formatHex(secret);
    return state;
  }

  @Override
  public String toString() {
    return "RailwaySandbox[" + (server == null ? "in-process" : url()) + "]";
  }

  /**
   * Settings of a {@link RailwaySandbox}; defaults: a random seed (so no two sandboxes hand out the same IDs), a
   * generated token, the system clock, 20 s deployments, 30 s backup workflows.
   */
  public static final class Builder {
    private long seed = new SecureRandom().nextLong();
    private String token;
    private Clock clock = Clock.systemUTC();
    private Duration deploymentDuration = Duration.ofSeconds(20);
    private Duration workflowDuration = Duration.ofSeconds(30);
    private Path stateFile;
    private int port;

    private Builder() {}

    /** Seeds ids and generated names of a new state (a loaded state keeps its own seed). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** A fixed token instead of a generated one. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** The clock deployments progress by; pass a {@link ManualClock} to move time by hand. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How long a deployment takes from QUEUED to SUCCESS (or CRASHED). */
    public Builder deploymentDuration(Duration deploymentDuration) {
      this.deploymentDuration = deploymentDuration;
      return this;
    }

    /** How long a backup workflow (create, restore, delete) runs before it completes (or fails). */
    public Builder workflowDuration(Duration workflowDuration) {
      this.workflowDuration = workflowDuration;
      return this;
    }

    /** Loads the state from this JSON file when it exists, and saves every change to it. */
    public Builder stateFile(Path stateFile) {
      this.stateFile = stateFile;
      return this;
    }

    /** The loopback port for {@link RailwaySandbox#start()}; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public RailwaySandbox build() {
      return new RailwaySandbox(this);
    }
  }
}
