package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.model.VolumeComponent;
import dev.mlflowoperator.platform.RecordedIds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The backups of one MlflowDeployment's data volume in its cluster, for mlflowctl: our VolumeSnapshots (our labels,
 * one of the stack's data PVCs as source, whichever a restore made), and a manual one taken of the PVC in use. A
 * manual snapshot is never pruned by the schedule, which counts and prunes only its own kinds.
 */
public final class KubernetesVolumeBackups {
  /** The kind label of a snapshot asked for by a person rather than the schedule or an upgrade. */
  public static final String MANUAL = "manual";

  /** One snapshot: its kind, the PVC it is of, when it was taken, whether it can be restored, its size and error. */
  public record Listed(String name, String kind, String claim, String takenAt, boolean ready, String size,
      String error) {}

  private final KubernetesClient client;
  private final MlflowDeployment deployment;
  private final StackNames names;

  public KubernetesVolumeBackups(KubernetesClient client, MlflowDeployment deployment) {
    this.client = client;
    this.deployment = deployment;
    this.names = new StackNames(deployment.getMetadata().getName());
  }

  /** Ours, newest first: one LIST by our labels, then only those whose source is one of the stack's data PVCs. */
  public List<Listed> list() {
    return VolumeSnapshots.list(client, namespace(), names).stream().filter(this::ours)
        .sorted(Comparator.comparing((GenericKubernetesResource s) -> VolumeSnapshots.takenAt(s).orElse(Instant.MIN))
            .reversed())
        .map(KubernetesVolumeBackups::listed).toList();
  }

  /** The snapshot of that name, while it is still there and ours. */
  public Optional<Listed> get(String name) {
    return Optional.ofNullable(client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(namespace())
        .withName(name).get()).filter(this::ours).map(KubernetesVolumeBackups::listed);
  }

  /** The data PVC MLflow uses: the one the last restore recorded, else the stack's own. */
  public String claimInUse() {
    return VolumeRestore.inUse(names, new RecordedIds(deployment.getStatus() == null ? null
        : deployment.getStatus().ids));
  }

  /** Creates a {@value #MANUAL} snapshot of the PVC in use with the class given, asked for at {@code now}. */
  public String create(String snapshotClass, Instant now) {
    var volume = VolumeRestore.onClaim(DesiredStackFactory.outline(names.deployment(), deployment.getSpec()),
        claimInUse()).all(VolumeComponent.class).get(0);
    var snapshot = VolumeSnapshots.render(names, namespace(), volume, MANUAL, snapshotClass, now);
    return client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(namespace()).resource(snapshot)
        .create().getMetadata().getName();
  }

  private boolean ours(GenericKubernetesResource snapshot) {
    var labels = snapshot.getMetadata().getLabels();
    return labels != null && StackNames.MANAGED_BY.equals(labels.get(StackNames.MANAGED_BY_LABEL))
        && names.deployment().equals(labels.get(StackNames.INSTANCE_LABEL))
        && VolumeSnapshots.isOfStack(snapshot, names);
  }

  private static Listed listed(GenericKubernetesResource snapshot) {
    Object size = snapshot.get("status", "restoreSize");
    return new Listed(snapshot.getMetadata().getName(), VolumeSnapshots.kindOf(snapshot),
        (String) snapshot.get("spec", "source", "persistentVolumeClaimName"),
        VolumeSnapshots.takenAt(snapshot).map(Instant::toString).orElse(null), VolumeSnapshots.readyToUse(snapshot),
        size == null ? null : size.toString(), VolumeSnapshots.error(snapshot).orElse(null));
  }

  private String namespace() {
    return deployment.getMetadata().getNamespace();
  }
}
