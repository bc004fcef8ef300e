package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.standalone.LocalDeployments;
import dev.mlflowoperator.state.HomeSecrets;
import dev.mlflowoperator.state.HomeRailway;
import dev.mlflowoperator.state.StateLock;
import dev.mlflowoperator.state.StateStore;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.platform.railway.HttpHealthProber;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.railway.RailwayObserver;
import dev.mlflowoperator.platform.railway.RailwayPlatform;
import dev.mlflowoperator.railway.GraphqlExecutor;
import java.io.PrintWriter;
import java.util.Optional;

/** Railway (or the home's sandbox) with the state store and the home's secrets, for one command. */
final class RailwaySession implements AutoCloseable {
  static final String SANDBOX_PROBES = "The local Railway sandbox runs nothing, so there is nothing to probe; "
      + "set RAILWAY_TOKEN to deploy for real.";

  private final Optional<StateLock> storeLock;
  private final HomeRailway connection;
  private final StateStore store;
  private final HomeSecrets secrets;
  private final ReconcileLoop<?, ?> railway;
  private final LocalDeployments deployments;

  private RailwaySession(MlflowCtl root, PrintWriter err, Optional<StateLock> storeLock) {
    this.storeLock = storeLock;
    this.connection = HomeRailway.open(root.env(), root.home(), err, root.clock());
    this.store = new StateStore(root.home());
    this.secrets = new HomeSecrets(root.home());
    HealthProber prober = connection.isSandbox() ? HealthProber.notRun(SANDBOX_PROBES) : new HttpHealthProber();
    var observer = new RailwayObserver(connection.client(), connection.observeBatchSize(), root.clock(), Optional.empty());
    var platform = new RailwayPlatform(connection.client(), prober, root.clock(), () -> observer);
    this.railway = new ReconcileLoop<>(platform, new CredentialsGenerator(), root.clock());
    this.deployments = new LocalDeployments(store, railway, secrets, root.clock(), connection.endpoint(),
        platform::readAhead);
  }

  /** A session that may change the platform and the store: it holds the home's store lock. */
  static RailwaySession forWriting(MlflowCtl root, PrintWriter err) {
    StateLock lock = StateLock.ofStore(root.home());
    try {
      return new RailwaySession(root, err, Optional.of(lock));
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** A session that only reads. */
  static RailwaySession forReading(MlflowCtl root, PrintWriter err) {
    return new RailwaySession(root, err, Optional.empty());
  }

  LocalDeployments deployments() {
    return deployments;
  }

  ReconcileLoop<?, ?> railway() {
    return railway;
  }

  /** Railway's API (or the sandbox's), for the fixed operations outside the reconcile loop. */
  GraphqlExecutor api() {
    return connection.client();
  }

  StateStore store() {
    return store;
  }

  HomeSecrets secrets() {
    return secrets;
  }

  boolean isSandbox() {
    return connection.isSandbox();
  }

  /** Where the changes go, for messages: {@code the local Railway sandbox} or {@code Railway}. */
  String where() {
    return connection.isSandbox() ? "the local Railway sandbox" : "Railway";
  }

  /** Refuses a deployment recorded on another Railway (the sandbox, Railway, another RAILWAY_API_URL) than this session's. */
  void requireSameTarget(MlflowDeployment deployment) {
    deployments.requireSameEndpoint(deployment);
  }

  @Override
  public void close() {
    connection.close();
    storeLock.ifPresent(StateLock::close);
  }
}
