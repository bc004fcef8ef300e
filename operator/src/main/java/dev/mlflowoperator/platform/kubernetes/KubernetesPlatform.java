package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.VolumeComponent;
import dev.mlflowoperator.model.PlatformAddresses;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.BackupProgress;
import dev.mlflowoperator.platform.Platform;
import dev.mlflowoperator.platform.PlatformReport;
import dev.mlflowoperator.platform.Stack;
import dev.mlflowoperator.platform.StackDesign;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.railway.Redactor;
import dev.mlflowoperator.status.Reasons;
import dev.mlflowoperator.status.SyncResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Kubernetes as a {@link Platform}: the objects of one MlflowDeployment in its namespace, observed from an {@link
 * ObjectSource} (the informers' caches in the operator, GETs elsewhere),
 * planned by a pure diff of the fields we manage, applied by create or update (or server-side apply), deleted with
 * the PVC only under {@code deletionPolicy: Delete}. An object under one of our names that is not ours is refused.
 * The volume's scheduled backups are VolumeSnapshots, taken when due and pruned by age by the {@code clock}; a restore
 * the {@code mlflow-operator.dev/restore-from} annotation asks for moves the volume onto a new PVC ({@link
 * VolumeRestore}), whose name the outline and the desired stack use from then on.
 */
public final class KubernetesPlatform implements Platform<ObservedStack, Plan> {
  public static final String FIELD_MANAGER = "mlflow-operator";
  /**
   * The kinds of object a component the spec may drop renders, deleted once it is dropped. Never a PVC: data is
   * only deleted with the stack, under deletionPolicy Delete.
   */
  static final List<Class<? extends HasMetadata>> REMOVABLE_KINDS = List.of(CronJob.class);

  private final KubernetesClient client;
  private final ObjectSource objects;
  private final boolean serverSideApply;
  private final Clock clock;
  private final BiFunction<String, MlflowDeploymentSpec, DesiredStack> outlines;

  /** Reading every object straight from the API server. */
  public KubernetesPlatform(KubernetesClient client, boolean serverSideApply, Clock clock) {
    this(client, ObjectSource.direct(client), serverSideApply, clock);
  }

  /** Reading the stack's objects from {@code objects} (the operator's informer caches) and writing with client. */
  public KubernetesPlatform(KubernetesClient client, ObjectSource objects, boolean serverSideApply, Clock clock) {
    this(client, objects, serverSideApply, clock, DesiredStackFactory::outline);
  }

  /** With the outline of a stack's components given by {@code outlines} rather than the DesiredStackFactory's. */
  KubernetesPlatform(KubernetesClient client, boolean serverSideApply, Clock clock,
      BiFunction<String, MlflowDeploymentSpec, DesiredStack> outlines) {
    this(client, ObjectSource.direct(client), serverSideApply, clock, outlines);
  }

  private KubernetesPlatform(KubernetesClient client, ObjectSource objects, boolean serverSideApply, Clock clock,
      BiFunction<String, MlflowDeploymentSpec, DesiredStack> outlines) {
    this.client = client;
    this.objects = objects;
    this.serverSideApply = serverSideApply;
    this.clock = clock;
    this.outlines = outlines;
  }

  /**
   * Reads exactly the objects the stack's outline renders from the object source (the informers' caches in the
   * operator, which also hold the writes just made; one GET each elsewhere); records the UID of each object found and
   * forgets the key of each gone. The stack's VolumeSnapshots are listed (one LIST by our labels) only when first
   * asked for: by a restore asked for, the upgrade gate, or the plan and status of a stack with backups ({@link
   * #snapshots}). A restore asked for is checked here, before anything is written, and the PVC it replaces read
   * (one more GET).
   */
  @Override
  public ObservedStack observe(Stack stack) {
    var outline = outline(stack);
    var observed = new ObservedStack(outline, read(outline, stack),
        () -> VolumeSnapshots.list(client, stack.namespace(), stack.names()));
    Ownership.refuseForeign(observed.all(), stack.resource());
    var requested = VolumeRestore.requested(stack);
    if (requested.isPresent()) {
      var snapshot = VolumeRestore.snapshot(stack, requested.get(), observed.snapshots());
      var replaced = client.persistentVolumeClaims().inNamespace(stack.namespace())
          .withName(VolumeRestore.inUse(stack)).get();
      boolean ours = replaced != null && Ownership.isOurs(replaced, stack.resource());
      observed.restore(new VolumeRestore.Pending(snapshot, VolumeRestore.claim(stack), ours ? replaced : null));
    }
    for (RenderedObject rendered : outline.objects()) {
      stack.ids().put(rendered.key(), observed.get(rendered.key()).map(o -> o.getMetadata().getUid()).orElse(null));
    }
    readLeftovers(stack, outline, observed);
    return observed;
  }

  /**
   * The objects of a kind that only an optional component renders (a scheduled job's CronJob), recorded under a key
   * the outline no longer has: one GET each; kept to be deleted only when the object found is the very one recorded
   * (same UID) and still ours, otherwise its key is forgotten and nothing is touched.
   */
  private void readLeftovers(Stack stack, KubernetesStack outline, ObservedStack observed) {
    var rendered = outline.objects().stream().map(RenderedObject::key).collect(Collectors.toSet());
    for (var recorded : new LinkedHashMap<>(stack.ids().asMap()).entrySet()) {
      String key = recorded.getKey();
      int slash = key.indexOf('/');
      var kind = REMOVABLE_KINDS.stream().filter(k -> key.startsWith(k.getSimpleName() + "/")).findFirst();
      if (kind.isEmpty() || rendered.contains(key)) {
        continue;
      }
      HasMetadata found = objects.get(kind.get(), stack.namespace(), key.substring(slash + 1)).orElse(null);
      if (found != null && recorded.getValue().equals(found.getMetadata().getUid())
          && Ownership.isOurs(found, stack.resource())) {
        observed.leftover(found);
      } else {
        stack.ids().put(key, null);
      }
    }
  }

  @Override
  public List<Credentials> storedCredentials(Stack stack, ObservedStack observed) {
    return observed.get("Secret/" + stack.names().credentials()).map(Secret.class::cast)
        .map(CredentialsSecret::read).orElse(List.of());
  }

  /** The credentials Secret is one of the stack's objects: {@link #storedCredentials} has read it if it is ours. */
  @Override
  public boolean storesCredentialsSecret() {
    return true;
  }

  @Override
  public PlatformAddresses addresses(Stack stack, ObservedStack observed) {
    return KubernetesAddresses.of(stack.names(), options(stack));
  }

  /**
   * The objects of the desired stack, owned by the resource (the PVC only under Delete), diffed with the cluster's;
   * then the backups the schedule makes due and those past retention, now by the clock.
   */
  @Override
  public Plan plan(Stack stack, DesiredStack designed, ObservedStack observed) {
    var desired = VolumeRestore.onClaim(designed, VolumeRestore.claim(stack));
    var changes = new ArrayList<>(StackPlanner.plan(render(stack, desired), observed).changes());
    observed.restore().ifPresent(restore -> planRestore(changes, restore));
    var kubernetes = stack.spec().kubernetes;
    String snapshotClass = kubernetes == null ? null : kubernetes.volumeSnapshotClassName;
    for (VolumeComponent volume : desired.all(VolumeComponent.class)) {
      // A claim not yet bound has nothing to snapshot: its backups are due once it is.
      boolean bound = observed.get("PersistentVolumeClaim/" + volume.name()).map(PersistentVolumeClaim.class::cast)
          .map(claim -> claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase())).orElse(false);
      changes.addAll(SnapshotSchedule.plan(stack.names(), stack.namespace(), volume, bound ? snapshotClass : null,
          snapshots(stack, desired, observed), clock.instant()));
    }
    return new Plan(changes);
  }

  /**
   * The stack's VolumeSnapshots where the schedule or the status may need them: the volume has backups scheduled,
   * the status reports backups (those of a schedule since dropped still age out), a restore moved the volume (those
   * of the PVC it replaced age out too), or they were listed already (a restore, the upgrade gate); otherwise there
   * is nothing of ours to take, prune or report, and none is listed.
   */
  private static List<GenericKubernetesResource> snapshots(Stack stack, DesiredStack design, ObservedStack observed) {
    var status = stack.resource().getStatus();
    boolean needed = observed.snapshotsListed()
        || design.all(VolumeComponent.class).stream().anyMatch(volume -> !volume.backups().isEmpty())
        || (status != null && status.backup != null)
        || stack.ids().get(VolumeRestore.VOLUME_ID) != null;
    return needed ? observed.snapshots() : List.of();
  }

  /**
   * The restore's changes: the new PVC is created from the snapshot (unless a crashed attempt already did), after the
   * PVC it replaces is labelled as kept.
   */
  private static void planRestore(List<Change> changes, VolumeRestore.Pending restore) {
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i) instanceof Change.Create create && create.desired() instanceof PersistentVolumeClaim claim
          && claim.getMetadata().getName().equals(restore.claim())) {
        VolumeRestore.fromSnapshot(claim, restore);
        changes.set(i, new Change.RestoreVolume(claim, restore.snapshotName()));
      }
    }
    var replaced = restore.replaced();
    if (replaced != null && !VolumeRestore.isReplaced(replaced)) {
      var kept = new PersistentVolumeClaimBuilder(replaced).editMetadata()
          .addToLabels(VolumeRestore.REPLACED_LABEL, "true").endMetadata().build();
      changes.add(0, new Change.KeepReplaced(kept));
    }
  }

  /** Applies the changes in order and records each object as the API server returned it, with its UID. */
  @Override
  public PlatformReport apply(Stack stack, Plan plan, ObservedStack observed, StackDesign design) {
    for (Change change : plan.changes()) {
      if (change instanceof Change.TakeSnapshot || change instanceof Change.PruneSnapshot) {
        applySnapshot(stack, change, observed);
        continue;
      }
      if (change instanceof Change.KeepReplaced kept) {
        // Not a rendered object: not recorded in the IDs.
        objects.write(observed.restore().map(VolumeRestore.Pending::replaced).orElse(null), kept.desired(),
            () -> client.resource(kept.desired()).update());
        continue;
      }
      if (change instanceof Change.Delete delete) {
        client.resource(delete.desired()).delete();
        stack.ids().put(ObjectKeys.of(delete.desired()), null);
        continue;
      }
      var previous = observed.get(ObjectKeys.of(change.desired())).orElse(null);
      HasMetadata result = objects.write(previous, change.desired(), () -> write(stack, change));
      observed.put(result);
      stack.ids().put(ObjectKeys.of(result), result.getMetadata().getUid());
    }
    var snapshotApi = client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(stack.namespace());
    observed.deferredSnapshots().forEach(snapshot -> observed.snapshotWritten(snapshotApi.resource(snapshot).create(),
        false));
    observed.restore().ifPresent(restore -> {
      // Only once every change is applied: until then the next reconcile takes the restore up again.
      stack.ids().put("PersistentVolumeClaim/" + VolumeRestore.inUse(stack), null);
      stack.ids().put(VolumeRestore.VOLUME_ID, restore.claim());
      stack.ids().put(VolumeRestore.RESTORED_ID, restore.snapshotName());
    });
    var components = ComponentStates.of(observed);
    var outline = design(stack, stack.spec());
    var snapshots = snapshots(stack, outline, observed);
    var volumes = outline.all(VolumeComponent.class);
    volumes.forEach(volume -> components.computeIfPresent(volume.key(),
        (key, storage) -> BackupReport.withFailure(storage, volume, snapshots)));
    var backup = volumes.stream().findFirst()
        .map(volume -> BackupReport.status(volume, snapshots, stack.spec())).orElse(null);
    return new PlatformReport(components, KubernetesAddresses.url(stack.names(), options(stack)),
        ComponentStates.runningVersion(observed).orElse(null), null, backup);
  }

  private HasMetadata write(Stack stack, Change change) {
    if (serverSideApply) {
      return client.resource(change.desired()).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }
    if (change instanceof Change.Update update) {
      return update(stack, update);
    }
    return create(stack, change.desired());
  }

  /**
   * Replaces the object, locked to the version observed. When that is stale (a controller wrote the status in the
   * meantime, as the Deployment controller does on every spec change), our fields are merged once onto the object as
   * it is now, if it is still ours, rather than failing the reconcile into a retry seconds later.
   */
  private HasMetadata update(Stack stack, Change.Update update) {
    try {
      return client.resource(update.merged()).update();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      var current = client.resource(update.desired()).get();
      if (current == null || !Ownership.isOurs(current, stack.resource())) {
        throw e;
      }
      return client.resource(ObjectMerger.merge(update.desired(), current)).update();
    }
  }

  /**
   * Creates the object; when one under its name exists after all (the informers hold only objects of ours), that
   * object is refused if it is not ours, and otherwise the conflict is thrown, to be retried once the cache has it.
   */
  private HasMetadata create(Stack stack, HasMetadata desired) {
    try {
      return client.resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        var existing = client.resource(desired).get();
        if (existing != null) {
          Ownership.refuseForeign(List.of(existing), stack.resource());
        }
      }
      throw e;
    }
  }

  /** Takes or deletes one snapshot; it is not the resource's, so it is not recorded in its IDs. */
  private void applySnapshot(Stack stack, Change change, ObservedStack observed) {
    var snapshots = client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(stack.namespace());
    var snapshot = (GenericKubernetesResource) change.desired();
    if (change instanceof Change.TakeSnapshot) {
      observed.snapshotWritten(snapshots.resource(snapshot).create(), false);
    } else {
      snapshots.withName(snapshot.getMetadata().getName()).delete();
      observed.snapshotWritten(snapshot, true);
    }
  }

  /**
   * Deletes what the resource owns, newest first. Explicit rather than left to garbage collection,
   * which is harmless on a cluster and needed where there is none. The PVC, the PVCs restores replaced and our
   * VolumeSnapshots of them go only with Delete; an object with one of the stack's names that is not ours stays.
   */
  @Override
  public void delete(Stack stack) {
    boolean deleteData = stack.spec() != null && stack.spec().deletionPolicy == DeletionPolicy.Delete;
    var outline = outline(stack);
    var objects = new ArrayList<>(read(outline, stack));
    Collections.reverse(objects);
    if (deleteData) {
      // Our snapshots of the stack's volumes, even when the PVCs themselves are already gone.
      var snapshots = client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(stack.namespace());
      VolumeSnapshots.list(client, stack.namespace(), stack.names()).stream()
          .filter(snapshot -> VolumeSnapshots.isOfStack(snapshot, stack.names()))
          .forEach(snapshot -> snapshots.withName(snapshot.getMetadata().getName()).delete());
      // Every data PVC of the stack: those restores replaced and kept, one a restore had begun to make.
      var found = objects.stream().map(ObjectKeys::of).toList();
      client.persistentVolumeClaims().inNamespace(stack.namespace())
          .withLabel(StackNames.INSTANCE_LABEL, stack.names().deployment()).list().getItems().stream()
          .filter(claim -> VolumeRestore.isStackClaim(stack.names(), claim.getMetadata().getName()))
          .filter(claim -> !found.contains(ObjectKeys.of(claim)))
          .forEach(objects::add);
    }
    for (HasMetadata object : objects) {
      boolean keep = object instanceof PersistentVolumeClaim && !deleteData;
      if (!keep && Ownership.isOurs(object, stack.resource())) {
        client.resource(object).delete();
      }
    }
  }

  @Override
  public boolean deleted(Stack stack, ObservedStack observed) {
    return observed.all().stream().allMatch(PersistentVolumeClaim.class::isInstance);
  }

  /**
   * A {@code beforeUpgrade} VolumeSnapshot of the data volume, annotated with the version it is taken before; one
   * already asked for that version (a crash before its name was recorded) is taken over, a failed one replaced.
   * While a restore is pending it is of the PVC the restore creates, asked for by apply right after that PVC (so the
   * restore lands first and the upgrade waits for the snapshot of the data it will run on). Refused without
   * {@code spec.kubernetes.volumeSnapshotClassName}.
   */
  @Override
  public String startBackup(Stack stack, ObservedStack observed) {
    refuseImpossibleBackup(stack);
    String snapshotClass = stack.spec().kubernetes.volumeSnapshotClassName;
    String target = stack.spec().mlflow.version;
    var volume = design(stack, stack.spec()).all(VolumeComponent.class).get(0);
    var snapshots = client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(stack.namespace());
    for (GenericKubernetesResource earlier : observed.snapshots()) {
      var annotations = earlier.getMetadata().getAnnotations();
      if (VolumeSnapshots.isOf(earlier, volume.name()) && annotations != null
          && target.equals(annotations.get(VolumeSnapshots.UPGRADE_TO_ANNOTATION))) {
        if (VolumeSnapshots.error(earlier).isEmpty()) {
          return earlier.getMetadata().getName();
        }
        snapshots.withName(earlier.getMetadata().getName()).delete();
        observed.snapshotWritten(earlier, true);
      }
    }
    var snapshot = VolumeSnapshots.render(stack.names(), stack.namespace(), volume, VolumeSnapshots.BEFORE_UPGRADE,
        snapshotClass, clock.instant());
    var annotations = new LinkedHashMap<>(snapshot.getMetadata().getAnnotations());
    annotations.put(VolumeSnapshots.UPGRADE_TO_ANNOTATION, target);
    snapshot.getMetadata().setAnnotations(annotations);
    if (observed.restore().isPresent()) {
      // Of the PVC the restore creates, which MLflow then uses: asked for once apply has created it.
      observed.deferSnapshot(snapshot);
      return snapshot.getMetadata().getName();
    }
    var created = snapshots.resource(snapshot).create();
    observed.snapshotWritten(created, false);
    return created.getMetadata().getName();
  }

  /** Refused without {@code spec.kubernetes.volumeSnapshotClassName}: no VolumeSnapshot can be taken. */
  @Override
  public void refuseImpossibleBackup(Stack stack) {
    var kubernetes = stack.spec().kubernetes;
    String snapshotClass = kubernetes == null ? null : kubernetes.volumeSnapshotClassName;
    if (snapshotClass == null || snapshotClass.isBlank()) {
      throw new TerminalException(Reasons.UPGRADE_WITHOUT_BACKUP_REFUSED, "spec.kubernetes.volumeSnapshotClassName:"
          + " set it so that a VolumeSnapshot of the data volume is taken before MLflow " + stack.spec().mlflow.version
          + " is rolled out, or set spec.backup.beforeUpgrade: false to upgrade without a backup; nothing was changed.");
    }
  }

  /**
   * The VolumeSnapshot of the data volume annotated with the spec's version (visible as soon as it is created,
   * failed or not, so {@link #backupProgress} tells which); {@link #startBackup} would take it over as well.
   */
  @Override
  public Optional<String> requestedBackup(Stack stack, ObservedStack observed, Instant requested) {
    var volume = design(stack, stack.spec()).all(VolumeComponent.class).get(0);
    String target = stack.spec().mlflow.version;
    return observed.snapshots().stream()
        .filter(snapshot -> VolumeSnapshots.isOf(snapshot, volume.name()))
        .filter(snapshot -> snapshot.getMetadata().getAnnotations() != null
            && target.equals(snapshot.getMetadata().getAnnotations().get(VolumeSnapshots.UPGRADE_TO_ANNOTATION)))
        .map(snapshot -> snapshot.getMetadata().getName()).findFirst();
  }

  /** Complete once the snapshot is {@code readyToUse}; failed with its {@code status.error}, or when it is gone. */
  @Override
  public BackupProgress backupProgress(Stack stack, ObservedStack observed, String id) {
    var snapshot = observed.snapshots().stream().filter(s -> id.equals(s.getMetadata().getName())).findFirst();
    if (snapshot.isEmpty()) {
      return BackupProgress.failed(VolumeSnapshots.KIND + " " + id + " no longer exists");
    }
    if (VolumeSnapshots.readyToUse(snapshot.get())) {
      return BackupProgress.complete();
    }
    return VolumeSnapshots.error(snapshot.get())
        .map(error -> BackupProgress.failed(error + "; check the snapshot class and its CSI driver"))
        .orElseGet(BackupProgress::running);
  }

  /** The VolumeSnapshot the restore-from annotation asks for, found valid by observe and not yet restored. */
  @Override
  public Optional<String> restoring(Stack stack, ObservedStack observed) {
    return observed.restore().map(VolumeRestore.Pending::snapshotName);
  }

  @Override
  public String dataVolumeKey(Stack stack) {
    return "PersistentVolumeClaim/" + VolumeRestore.claim(stack);
  }

  /**
   * The API server's 504 (the request did not complete in time, but the write may still be carried out) or a timeout
   * waiting for its answer; not a thread interrupted to stop.
   */
  @Override
  public boolean unclearOutcome(RuntimeException failure) {
    if (failure instanceof KubernetesClientException e && e.getCode() == HttpURLConnection.HTTP_GATEWAY_TIMEOUT) {
      return true;
    }
    if (Thread.currentThread().isInterrupted()) {
      return false;
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedIOException || cause instanceof HttpTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** Nothing: a failed API call is thrown, and the operator retries it with back-off. */
  @Override
  public Optional<SyncResult> reportable(RuntimeException failure, Redactor redactor) {
    return Optional.empty();
  }

  /** The objects that would be written, as {@code mlflowctl render} prints them but owned by the resource. */
  private KubernetesStack render(Stack stack, DesiredStack desired) {
    var rendered = KubernetesStackRenderer.render(desired, options(stack));
    var owner = OwnerReferences.to(stack.resource());
    for (RenderedObject object : rendered.objects()) {
      boolean retained = desired.find(VolumeComponent.class, object.componentKey()).map(VolumeComponent::retain)
          .orElse(false);
      if (!retained) {
        object.object().getMetadata().setOwnerReferences(List.of(owner));
      }
    }
    return rendered;
  }

  /**
   * The objects of the stack's outline: their kinds and names, and the components they belong to. A resource
   * without a spec (being deleted) has the names of the default spec's stack.
   */
  private KubernetesStack outline(Stack stack) {
    var spec = stack.spec() != null ? stack.spec() : new MlflowDeploymentSpec();
    return KubernetesStackRenderer.render(design(stack, spec), KubernetesOptions.of(stack.namespace(), spec.kubernetes));
  }

  /** The outline of the stack's components, its data volume under the PVC it uses (or a restore asked for makes). */
  private DesiredStack design(Stack stack, MlflowDeploymentSpec spec) {
    return VolumeRestore.onClaim(outlines.apply(stack.names().deployment(), spec), VolumeRestore.claim(stack));
  }

  /**
   * Every object found under one of the outline's names, ours or not, from the object source. Where it holds only
   * our objects, one it lacks that the stack has no UID recorded for (we have not created it yet) is read with a GET
   * when its name is taken ({@link ObjectSource#mayBeTaken}), so that an object someone else made under that name is
   * refused before anything is written.
   */
  private List<HasMetadata> read(KubernetesStack outline, Stack stack) {
    var found = new ArrayList<HasMetadata>();
    for (HasMetadata object : outline.inApplyOrder()) {
      var known = fromSource(object);
      var meta = object.getMetadata();
      if (known.isEmpty() && stack.ids().get(ObjectKeys.of(object)) == null
          && objects.mayBeTaken(object.getClass(), meta.getNamespace(), meta.getName())) {
        known = Optional.ofNullable(client.resource(object).get());
      }
      known.ifPresent(found::add);
    }
    return found;
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> Optional<T> fromSource(T object) {
    var meta = object.getMetadata();
    return objects.get((Class<T>) object.getClass(), meta.getNamespace(), meta.getName());
  }

  private static KubernetesOptions options(Stack stack) {
    return KubernetesOptions.of(stack.namespace(), stack.spec().kubernetes);
  }
}
