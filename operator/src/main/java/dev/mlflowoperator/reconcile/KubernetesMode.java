package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.StackPlan;
import dev.mlflowoperator.platform.UpgradeDeadline;
import dev.mlflowoperator.platform.kubernetes.KubernetesPlatform;
import dev.mlflowoperator.platform.kubernetes.NamespaceSecrets;
import dev.mlflowoperator.platform.kubernetes.ObjectSource;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.status.ReconcileReport;
import dev.mlflowoperator.status.StatusRecorder;
import dev.mlflowoperator.validation.Violation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A stack in the operator's own cluster: its objects read from {@code objects} (the informers' caches), secret
 * references read from the resource's namespace.
 */
final class KubernetesMode implements PlatformMode {
  /** How often a resource that is not Synced is looked at again: what it waits for is not watched. */
  static final Duration REQUEUE_WHILE_NOT_SYNCED = Duration.ofSeconds(10);
  /**
   * How often a Synced resource that reads a user's password from a Secret of theirs is looked at again: no informer
   * of ours watches that Secret, so a new password there is taken within this.
   */
  static final Duration REQUEUE_FOR_REFERENCED_PASSWORD = Duration.ofMinutes(5);
  /** The earliest a due time is looked at, so that a time just passed does not spin. */
  static final Duration SOONEST = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final Clock clock;
  private final ReconcileLoop<?, ?> loop;

  KubernetesMode(KubernetesClient client, ObjectSource objects, boolean serverSideApply, Clock clock,
      CredentialsGenerator generator, Function<MlflowDeployment, List<Violation>> validator) {
    this.client = client;
    this.clock = clock;
    this.loop = new ReconcileLoop<>(new KubernetesPlatform(client, objects, serverSideApply, clock), generator,
        validator, clock);
  }

  @Override
  public ReconcileReport reconcile(MlflowDeployment resource, Consumer<StackPlan> planned) {
    var secrets = NamespaceSecrets.resolver(client, resource.getMetadata().getNamespace());
    return loop.run(resource, secrets, new ReconcileLoop.Listener(credentials -> {}, planned));
  }

  /**
   * Its Deployments, PVC and other objects are watched, so nothing of them is polled. It comes back only for what no
   * watch tells: every ten seconds while not Synced (a refusal waits on an object or Secret that is not ours, an
   * upgrade on its VolumeSnapshot), at the upgrade's deadline while MLflow rolls out at a new version, when the
   * next scheduled backup is due (from the recorded {@code status}), and every five minutes while a user's password
   * comes from a Secret of the user's (not watched).
   */
  @Override
  public Optional<Duration> requeueAfter(MlflowDeployment resource, boolean ready) {
    var status = resource.getStatus();
    boolean synced = status != null && status.conditions.stream()
        .anyMatch(c -> StatusRecorder.SYNCED.equals(c.getType()) && "True".equals(c.getStatus()));
    if (!synced) {
      return Optional.of(REQUEUE_WHILE_NOT_SYNCED);
    }
    var due = new ArrayList<Instant>();
    if (!ready && status.ids != null && resource.getSpec().mlflow != null) {
      parse(status.ids.get(UpgradeDeadline.rolloutStartedKey(resource.getSpec().mlflow.version)))
          .ifPresent(started -> due.add(started.plus(UpgradeDeadline.TIMEOUT)));
    }
    if (status.backup != null) {
      parse(status.backup.nextScheduled).ifPresent(due::add);
    }
    if (resource.getSpec().proxy.auth.userList().stream().anyMatch(user -> user.passwordSecretRef != null)) {
      due.add(clock.instant().plus(REQUEUE_FOR_REFERENCED_PASSWORD));
    }
    return due.stream().min(Instant::compareTo).map(time -> Duration.between(clock.instant(), time))
        .map(wait -> wait.compareTo(SOONEST) < 0 ? SOONEST : wait);
  }

  /** Its objects are read from the informers' caches, which hold its own status writes too. */
  @Override
  public boolean readsFromCaches() {
    return true;
  }

  @Override
  public void delete(MlflowDeployment resource) {
    loop.delete(resource);
  }

  private static Optional<Instant> parse(String time) {
    try {
      return Optional.ofNullable(time).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
