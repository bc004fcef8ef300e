package dev.mlflowoperator.standalone;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.platform.StackPlan;
import dev.mlflowoperator.railway.Pace;
import dev.mlflowoperator.railway.Redactor;
import dev.mlflowoperator.spec.LoadedSpec;
import dev.mlflowoperator.spec.SpecFiles;
import dev.mlflowoperator.spec.SpecSet;
import dev.mlflowoperator.state.StateStore;
import dev.mlflowoperator.status.Reasons;
import dev.mlflowoperator.status.StatusRecorder;
import dev.mlflowoperator.platform.railway.RailwayObserver;
import dev.mlflowoperator.platform.railway.RailwayResync;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Keeps every spec of a directory reconciled on Railway: one pass reconciles them all (several at once), notices
 * added, changed and removed specs, and the next pass follows after an interval stretched to the token's budget.
 */
public final class StandaloneController implements AutoCloseable {
  /**
   * Annotation on a recorded deployment that {@code mlflowctl run} manages, holding the absolute specs directory it
   * came from: a removed spec is pruned (or reported) only by a run of that directory, never by a run of another
   * directory on the same home.
   */
  public static final String MANAGED_ANNOTATION = "mlflowctl.mlflow-operator.dev/run";
  private static final Duration SHUTDOWN_GRACE = Duration.ofMinutes(5);

  /**
   * What to run.
   *
   * @param specs the directory of spec files
   * @param interval the base interval between passes
   * @param prune whether to delete deployments whose spec was removed
   * @param concurrency how many deployments to reconcile at once
   * @param pace how fast the wait between passes goes by (real time but in tests)
   * @param observeBatchSize deployments per shared observe request (RAILWAY_OBSERVE_BATCH_SIZE)
   */
  public record Settings(Path specs, Duration interval, boolean prune, int concurrency, Pace pace,
      int observeBatchSize) {
    /** With the default number of deployments per shared observe request. */
    public Settings(Path specs, Duration interval, boolean prune, int concurrency, Pace pace) {
      this(specs, interval, prune, concurrency, pace, RailwayObserver.DEFAULT_BATCH_SIZE);
    }
  }

  private final Settings settings;
  private final StateStore store;
  private final LocalDeployments deployments;
  private final ControllerMetrics metrics;
  private final LongSupplier budgetLeft;
  private final ControllerLog log;
  private final Optional<GitSpecs> git;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final Map<String, String> specsSeen = new HashMap<>();
  private final Map<String, String> stateShown = new ConcurrentHashMap<>();
  private volatile List<String> problems = List.of();
  /** Reconciles of this pass that threw instead of recording a status. */
  private final Queue<String> failedReconciles = new ConcurrentLinkedQueue<>();
  private volatile boolean ready;
  private volatile boolean anyNotReady;
  private volatile int validSpecs;

  /**
   * A controller; {@link #start()} runs it on its own threads, tests may call {@link #runOnce()} instead.
   *
   * @param budgetLeft requests the token may still send this hour
   */
  public StandaloneController(Settings settings, StateStore store, LocalDeployments deployments,
      ControllerMetrics metrics, LongSupplier budgetLeft, ControllerLog log,
      Optional<GitSpecs> git) {
    this.settings = settings;
    this.store = store;
    this.deployments = deployments;
    this.metrics = metrics;
    this.budgetLeft = budgetLeft;
    this.log = log;
    this.git = git;
    var passes = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "mlflowctl-run"));
    passes.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.scheduler = passes;
    this.workers = Executors.newFixedThreadPool(settings.concurrency(), r -> new Thread(r, "mlflowctl-reconcile"));
  }

  /** Runs a pass now and then one after each interval, until {@link #close()}. */
  public void start() {
    scheduler.execute(this::loop);
  }

  /** One full pass: pull, read the directory, reconcile every valid spec, then prune or report removed ones. */
  public synchronized void runOnce() {
    var found = new ArrayList<String>();
    git.ifPresent(g -> pull(g, found));
    SpecSet set = SpecFiles.load(List.of(settings.specs()));
    found.addAll(set.problems());
    List<MlflowDeployment> valid = validSpecs(set, found);
    noticeChanges(valid);
    failedReconciles.clear();
    reconcileAll(valid);
    found.addAll(failedReconciles);
    removed(set, valid, found);
    validSpecs = valid.size();
    stretched().ifPresent(found::add);
    found.stream().filter(p -> !problems.contains(p)).forEach(p -> log.info("problem: " + p));
    problems = List.copyOf(found);
    metrics.specs(valid.size(), found.size());
    ready = true;
  }

  /** Whether the first full pass is done. */
  public boolean isReady() {
    return ready;
  }

  /**
   * What the last pass found wrong: invalid specs (skipped), reconciles that failed without a status, removed specs
   * left running, a failed pull, a stretched interval.
   */
  public List<String> problems() {
    return problems;
  }

  /** The wait before the next pass: the interval (shorter while something deploys), stretched to the budget. */
  Duration nextDelay() {
    return RailwayResync.interval(baseDelay(), budgetLeft.getAsLong(), requestsPerPass());
  }

  private Duration baseDelay() {
    return anyNotReady && settings.interval().compareTo(RailwayResync.WHILE_NOT_READY) > 0
        ? RailwayResync.WHILE_NOT_READY : settings.interval();
  }

  /** The observe requests of one steady pass: one per batch of deployments. */
  private int requestsPerPass() {
    return RailwayObserver.requestsPerPass(validSpecs, settings.observeBatchSize());
  }

  /** Says so when the token's budget stretches the interval, and what to do about it. */
  private Optional<String> stretched() {
    Duration base = baseDelay();
    Duration next = nextDelay();
    if (next.compareTo(base) <= 0) {
      return Optional.empty();
    }
    return Optional.of(RailwayResync.stretchedMessage(base, next, requestsPerPass(), validSpecs,
        settings.observeBatchSize()));
  }

  /** Stops after the pass in flight, if any, has finished; no pass starts after this. */
  @Override
  public void close() {
    scheduler.shutdown();
    awaitQuietly(scheduler);
    workers.shutdown();
    awaitQuietly(workers);
  }

  private void loop() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      log.error("the pass failed: " + ControllerLog.reason(e), e);
    }
    try {
      scheduler.schedule(this::loop, settings.pace().shorten(nextDelay()).toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopping) {
      // close() was called during the pass: no next one.
    }
  }

  private void pull(GitSpecs repository, List<String> found) {
    try {
      String commit = repository.pull();
      log.info("pulled " + repository.shown() + " at " + commit);
    } catch (RuntimeException e) {
      String reason = UrlUserinfo.scrub(ControllerLog.reason(e));
      found.add(reason + "; using the files already in " + settings.specs());
      if (!(e instanceof IllegalStateException)) {
        log.error("pull failed: " + reason, e);
      }
    }
  }

  private static List<MlflowDeployment> validSpecs(SpecSet set, List<String> found) {
    var valid = new ArrayList<MlflowDeployment>();
    for (LoadedSpec spec : set.documents().stream().filter(LoadedSpec::isValid).toList()) {
      MlflowDeployment resource = spec.resource();
      if (resource.getSpec().target == Target.KUBERNETES) {
        found.add(spec.label() + ": target kubernetes is not run by mlflowctl run; use mlflowctl operator in the"
            + " cluster, or target railway");
      } else {
        valid.add(resource);
      }
    }
    return valid;
  }

  private void noticeChanges(List<MlflowDeployment> valid) {
    boolean first = specsSeen.isEmpty() && !ready;
    var now = new LinkedHashMap<String, String>();
    valid.forEach(d -> now.put(key(d), Serialization.asJson(d)));
    now.forEach((key, json) -> {
      String before = specsSeen.get(key);
      if (before == null && !first) {
        log.info(key + ": spec added");
      } else if (before != null && !before.equals(json)) {
        log.info(key + ": spec changed");
      }
    });
    specsSeen.keySet().stream().filter(k -> !now.containsKey(k)).forEach(k -> log.info(k + ": spec removed"));
    specsSeen.clear();
    specsSeen.putAll(now);
  }

  /** Reconciles several projects at once, the deployments of one project one after another (no racing creates). */
  private void reconcileAll(List<MlflowDeployment> valid) {
    deployments.readAhead(valid);
    Map<String, List<MlflowDeployment>> byProject = valid.stream().collect(Collectors.groupingBy(
        d -> Optional.ofNullable(d.getSpec().railway.project).orElse(key(d)), LinkedHashMap::new, Collectors.toList()));
    List<Callable<Boolean>> tasks = byProject.values().stream()
        .<Callable<Boolean>>map(group -> () -> group.stream().map(this::reconcile).reduce(true, Boolean::logicalAnd))
        .toList();
    try {
      anyNotReady = workers.invokeAll(tasks).stream().anyMatch(f -> !doneReady(f));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reconciles one deployment, logs what changed and counts it; returns whether it is ready. */
  private boolean reconcile(MlflowDeployment spec) {
    String key = key(spec);
    long driftBefore = driftCount(store.load(StateStore.namespaceOf(spec), spec.getMetadata().getName()));
    long started = System.nanoTime();
    try {
      var planned = new AtomicReference<StackPlan>();
      MlflowDeployment recorded = deployments.reconcile(managed(Serialization.clone(spec)), planned::set);
      if (!isManaged(recorded)) {
        store.save(managed(recorded));
      }
      Optional<Condition> synced = condition(recorded, StatusRecorder.SYNCED);
      if (synced.filter(c -> "True".equals(c.getStatus())).isPresent()) {
        metrics.synced();
      } else {
        metrics.failed(synced.map(Condition::getReason).orElse(Reasons.RECONCILE_ERROR));
      }
      boolean repaired = driftCount(Optional.of(recorded)) > driftBefore;
      metrics.deployments().recorded(recorded, recorded.getStatus(),
          repaired && planned.get() != null ? planned.get().repairs() : List.of(),
          Duration.ofNanos(System.nanoTime() - started));
      if (repaired) {
        log.info(key + ": repaired drift in " + String.join(", ", recorded.getStatus().drift.fields));
      }
      showState(key, recorded, synced);
      return condition(recorded, StatusRecorder.READY).filter(c -> "True".equals(c.getStatus())).isPresent();
    } catch (RuntimeException e) {
      metrics.failed(e.getClass().getSimpleName());
      log.error(key + ": " + ControllerLog.reason(e), e);
      failedReconciles.add(key + ": reconcile failed: " + Redactor.none().apply(ControllerLog.reason(e)));
      stateShown.remove(key);
      return false;
    }
  }

  /** Logs the deployment's state when it differs from what was logged last. */
  private void showState(String key, MlflowDeployment recorded, Optional<Condition> synced) {
    Optional<Condition> ready = condition(recorded, StatusRecorder.READY);
    String state;
    if (synced.filter(c -> !"True".equals(c.getStatus())).isPresent()) {
      state = "not synced: " + synced.get().getMessage();
    } else if (ready.filter(c -> "True".equals(c.getStatus())).isPresent()) {
      state = "ready" + (recorded.getStatus().url == null ? "" : " at " + recorded.getStatus().url);
    } else {
      state = "not ready yet: " + ready.map(Condition::getMessage).orElse("waiting for Railway");
    }
    if (!state.equals(stateShown.put(key, state))) {
      log.info(key + ": " + state);
    }
  }

  /** Deployments this controller manages whose spec is gone: deleted with --prune, else reported. */
  private void removed(SpecSet set, List<MlflowDeployment> valid, List<String> found) {
    Set<String> named = set.documents().stream().filter(d -> d.name().isPresent())
        .map(d -> d.namespace().filter(ns -> !ns.isBlank()).orElse("default") + "/" + d.name().get())
        .collect(Collectors.toSet());
    valid.forEach(d -> named.add(key(d)));
    List<MlflowDeployment> orphans = store.list().stream().filter(this::isManaged)
        .filter(d -> !named.contains(key(d))).toList();
    // A spec that cannot be read or validated may be the removed one (a typo in metadata.name): prune nothing.
    int unreadable = set.problems().size();
    for (MlflowDeployment orphan : orphans) {
      if (settings.prune() && unreadable == 0) {
        prune(orphan);
      } else if (settings.prune()) {
        found.add(key(orphan) + ": its spec is gone from " + settings.specs() + "; not pruned while a spec there is"
            + " unreadable or invalid (" + unreadable + (unreadable == 1 ? " problem" : " problems")
            + "); fix it, or remove the file");
      } else {
        found.add(key(orphan) + ": its spec is gone from " + settings.specs()
            + "; left running (run with --prune to delete it)");
      }
    }
    metrics.pruneHeld(settings.prune() && unreadable > 0 ? orphans.size() : 0);
  }

  private void prune(MlflowDeployment orphan) {
    String key = key(orphan);
    try {
      deployments.deleteStack(orphan);
      deployments.forget(orphan);
      metrics.deployments().removed(StateStore.namespaceOf(orphan), orphan.getMetadata().getName());
      stateShown.remove(key);
      log.info(key + ": deleted (its spec was removed; deletionPolicy " + orphan.getSpec().deletionPolicy + ")");
    } catch (RuntimeException e) {
      metrics.failed(e.getClass().getSimpleName());
      log.error(key + ": cannot delete yet, trying again next pass: " + ControllerLog.reason(e), e);
    }
  }

  private static boolean doneReady(Future<Boolean> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }

  private MlflowDeployment managed(MlflowDeployment deployment) {
    if (deployment.getMetadata().getAnnotations() == null) {
      deployment.getMetadata().setAnnotations(new HashMap<>());
    }
    deployment.getMetadata().getAnnotations().put(MANAGED_ANNOTATION, specsDirectory());
    return deployment;
  }

  /** Whether the deployment is managed by a run of this controller's specs directory. */
  private boolean isManaged(MlflowDeployment deployment) {
    var annotations = deployment.getMetadata().getAnnotations();
    return annotations != null && specsDirectory().equals(annotations.get(MANAGED_ANNOTATION));
  }

  private String specsDirectory() {
    return settings.specs().toAbsolutePath().normalize().toString();
  }

  private static Optional<Condition> condition(MlflowDeployment deployment, String type) {
    return deployment.getStatus() == null ? Optional.empty()
        : deployment.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static long driftCount(Optional<MlflowDeployment> deployment) {
    return deployment.map(MlflowDeployment::getStatus).map(s -> s.drift).map(d -> d.count).orElse(0L);
  }

  private static String key(MlflowDeployment deployment) {
    return StateStore.namespaceOf(deployment) + "/" + deployment.getMetadata().getName();
  }

  private static void awaitQuietly(ExecutorService executor) {
    try {
      executor.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
