package dev.mlflowoperator.metrics;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.platform.PlannedChange;
import dev.mlflowoperator.railway.RailwayClient;
import dev.mlflowoperator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The one vocabulary of metrics about deployments, for the operator and {@code mlflowctl run} alike: each recorded
 * status sets its deployment's gauges and each drift repair counts, labelled by namespace, name and platform (plus the
 * repaired component and kind); Railway's requests and hourly budget are labelled by a fingerprint of the token.
 * Never a secret in a name or label.
 */
public final class DeploymentMetrics {
  /** 1 while the deployment's Ready condition is True, else 0. */
  public static final String READY = "mlflow.operator.deployment.ready";
  /** 1 while the deployment's Synced condition is True, else 0. */
  public static final String SYNCED = "mlflow.operator.deployment.synced";
  /** Drift found and put back, by component and kind (missing, changed, extra). */
  public static final String DRIFT_REPAIRS = "mlflow.operator.drift.repairs";
  /** How long one reconcile took. */
  public static final String RECONCILE_DURATION = "mlflow.operator.reconcile.duration";
  /** When a reconcile last left the deployment Synced (Unix time). */
  public static final String LAST_SUCCESS = "mlflow.operator.reconcile.last.success.timestamp";
  /** With backups in the spec: the age of the newest completed backup. */
  public static final String BACKUP_AGE = "mlflow.operator.backup.age";
  /** With backups in the spec: the age the schedule allows, one and a half of its shortest period. */
  public static final String BACKUP_MAX_AGE = "mlflow.operator.backup.max.age";
  /** Railway API requests sent with one token, retries included. */
  public static final String RAILWAY_REQUESTS = "mlflow.operator.railway.requests";
  /** Requests one Railway token may still send this hour. */
  public static final String RAILWAY_BUDGET_REMAINING = "mlflow.operator.railway.budget.remaining";
  /** Requests one Railway token may send per hour on its plan. */
  public static final String RAILWAY_BUDGET_LIMIT = "mlflow.operator.railway.budget.limit";

  private static final String SECONDS = "seconds";
  private static final List<String> WEIGHT = List.of("missing", "extra", "changed");

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Tracked> deployments = new ConcurrentHashMap<>();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  /** Held here: meters keep only weak references to what they read. */
  private final Map<String, List<LongSupplier>> tokenSources = new ConcurrentHashMap<>();

  public DeploymentMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** What one deployment's gauges read, and every meter registered for it (to remove them with it). */
  private static final class Tracked {
    final Tags tags;
    final Instant firstSeen;
    final Set<Meter> meters = ConcurrentHashMap.newKeySet();
    volatile double ready;
    volatile double synced;
    volatile double lastSuccess = Double.NaN;
    volatile Instant backupSince;
    volatile Duration backupAllowed;

    Tracked(Tags tags, Instant firstSeen) {
      this.tags = tags;
      this.firstSeen = firstSeen;
    }
  }

  /**
   * Records one reconcile of {@code resource} that left {@code status}: the conditions, the drift it repaired (the
   * plan's repairs when the loop reported drift, else none), how long it took and, with backups in the spec, the
   * newest completed backup.
   */
  public void recorded(MlflowDeployment resource, MlflowDeploymentStatus status, List<? extends PlannedChange> repaired,
      Duration took) {
    var tracked = conditions(resource, status);
    kindByComponent(repaired).forEach((component, kind) -> {
      var counter = Counter.builder(DRIFT_REPAIRS).description("Drift found and put back, by component and kind")
          .tags(tracked.tags).tag("component", component).tag("kind", kind).register(registry);
      tracked.meters.add(counter);
      counter.increment();
    });
    var timer = Timer.builder(RECONCILE_DURATION).description("How long one reconcile took").tags(tracked.tags)
        .register(registry);
    tracked.meters.add(timer);
    timer.record(took);
  }

  /** Records a reconcile that failed before it had a report: the conditions its error left. */
  public void failed(MlflowDeployment resource, MlflowDeploymentStatus status) {
    conditions(resource, status);
  }

  private Tracked conditions(MlflowDeployment resource, MlflowDeploymentStatus status) {
    var tracked = track(resource);
    tracked.ready = isTrue(status, StatusRecorder.READY) ? 1 : 0;
    tracked.synced = isTrue(status, StatusRecorder.SYNCED) ? 1 : 0;
    if (tracked.synced == 1) {
      tracked.lastSuccess = clock.instant().toEpochMilli() / 1000.0;
    }
    backups(resource, status, tracked);
    return tracked;
  }

  /** Removes every metric of a deployment that is gone (deleted, pruned). */
  public void removed(String namespace, String name) {
    var tracked = deployments.remove(namespace + "/" + name);
    if (tracked != null) {
      tracked.meters.forEach(registry::remove);
    }
  }

  /**
   * Exports the requests a Railway client sent and its token's budget, labelled by the token's fingerprint (never the
   * token); the first call for a token registers them, later ones change nothing.
   */
  public void railway(RailwayClient client) {
    railwayToken(client.endpoint().fingerprint(), client.stats()::total, client.budget()::availableThisHour,
        client.budget().perHour());
  }

  /** As {@link #railway(RailwayClient)}, from what the meters read. */
  public void railwayToken(String fingerprint, LongSupplier requestsSent, LongSupplier budgetLeft, long perHour) {
    if (!tokens.add(fingerprint)) {
      return;
    }
    LongSupplier limit = () -> perHour;
    tokenSources.put(fingerprint, List.of(requestsSent, budgetLeft, limit));
    FunctionCounter.builder(RAILWAY_REQUESTS, requestsSent, LongSupplier::getAsLong)
        .description("Railway API requests sent with the token, retries included").tag("token", fingerprint)
        .register(registry);
    Gauge.builder(RAILWAY_BUDGET_REMAINING, budgetLeft, LongSupplier::getAsLong)
        .description("Railway API requests the token may still send this hour").tag("token", fingerprint)
        .register(registry);
    Gauge.builder(RAILWAY_BUDGET_LIMIT, limit, LongSupplier::getAsLong)
        .description("Railway API requests the token may send per hour on its plan").tag("token", fingerprint)
        .register(registry);
  }

  /**
   * One repair per component a reconcile put back, of the weightiest kind among its changes: missing (recreated
   * with its settings), else extra, else changed.
   */
  static Map<String, String> kindByComponent(List<? extends PlannedChange> repaired) {
    var kinds = new TreeMap<String, String>();
    for (var change : repaired) {
      kinds.merge(change.concerns(), change.kind(), (a, b) -> WEIGHT.indexOf(a) <= WEIGHT.indexOf(b) ? a : b);
    }
    return kinds;
  }

  private Tracked track(MlflowDeployment resource) {
    String namespace = Optional.ofNullable(resource.getMetadata().getNamespace()).orElse("default");
    String name = resource.getMetadata().getName();
    return deployments.computeIfAbsent(namespace + "/" + name, key -> {
      var tags = Tags.of("namespace", namespace, "name", name, "platform", platform(resource));
      var tracked = new Tracked(tags, clock.instant());
      tracked.meters.add(Gauge.builder(READY, tracked, t -> t.ready)
          .description("1 while the deployment is Ready, else 0").tags(tags).register(registry));
      tracked.meters.add(Gauge.builder(SYNCED, tracked, t -> t.synced)
          .description("1 while the deployment is Synced, else 0").tags(tags).register(registry));
      tracked.meters.add(Gauge.builder(LAST_SUCCESS, tracked, t -> t.lastSuccess).baseUnit(SECONDS)
          .description("When a reconcile last left the deployment Synced").tags(tags).register(registry));
      return tracked;
    });
  }

  /**
   * The backup gauges while the spec schedules backups: the age of the newest completed backup (without one yet, the
   * time since the resource was created, or since this process first saw it) and the age the schedule allows.
   */
  private void backups(MlflowDeployment resource, MlflowDeploymentStatus status, Tracked tracked) {
    var spec = resource.getSpec().backup;
    Optional<Duration> shortest = spec == null ? Optional.empty()
        : spec.schedule.stream().map(BackupKind::period).min(Duration::compareTo);
    if (shortest.isEmpty()) {
      tracked.backupAllowed = null;
      for (var meter : List.copyOf(tracked.meters)) {
        if (meter.getId().getName().equals(BACKUP_AGE) || meter.getId().getName().equals(BACKUP_MAX_AGE)) {
          registry.remove(meter);
          tracked.meters.remove(meter);
        }
      }
      return;
    }
    tracked.backupAllowed = shortest.get().multipliedBy(3).dividedBy(2);
    tracked.backupSince = Optional.ofNullable(status.backup).map(b -> instant(b.lastTime))
        .orElseGet(() -> Optional.ofNullable(instant(resource.getMetadata().getCreationTimestamp()))
            .orElse(tracked.firstSeen));
    tracked.meters.add(Gauge.builder(BACKUP_AGE, tracked, this::backupAge).baseUnit(SECONDS)
        .description("Age of the newest completed backup of the data volume").tags(tracked.tags).register(registry));
    tracked.meters.add(Gauge.builder(BACKUP_MAX_AGE, tracked, t -> t.backupAllowed == null ? Double.NaN
            : t.backupAllowed.toSeconds()).baseUnit(SECONDS)
        .description("The backup age the schedule allows: one and a half of its shortest period")
        .tags(tracked.tags).register(registry));
  }

  private double backupAge(Tracked tracked) {
    Instant since = tracked.backupSince;
    return since == null ? Double.NaN : Duration.between(since, clock.instant()).toMillis() / 1000.0;
  }

  private static String platform(MlflowDeployment resource) {
    return resource.getSpec() == null || resource.getSpec().target == null ? "unknown"
        : resource.getSpec().target.name().toLowerCase(Locale.ROOT);
  }

  private static boolean isTrue(MlflowDeploymentStatus status, String type) {
    return status != null && status.conditions.stream()
        .filter(c -> type.equals(c.getType())).map(Condition::getStatus).anyMatch("True"::equals);
  }

  private static Instant instant(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
