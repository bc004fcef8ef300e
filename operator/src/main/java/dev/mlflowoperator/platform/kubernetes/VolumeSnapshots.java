package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.model.VolumeComponent;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The data volume's backups on Kubernetes: {@code VolumeSnapshot}s ({@code snapshot.storage.k8s.io/v1}) of its PVC,
 * through Fabric8's generic resources. Ours carry our labels and a kind label and no owner reference, so that a
 * volume kept under {@code deletionPolicy: Retain} keeps its backups too.
 */
public final class VolumeSnapshots {
  public static final String KIND = "VolumeSnapshot";
  public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
      .withGroup("snapshot.storage.k8s.io").withVersion("v1").withKind(KIND).withPlural("volumesnapshots")
      .withNamespaced(true).build();
  /** What made a snapshot: daily, weekly, monthly (the schedule) or any kind another feature gives it. */
  public static final String KIND_LABEL = "mlflow-operator.dev/backup-kind";
  /** When the operator asked for the snapshot (RFC 3339), by the operator's clock: what its age is counted from. */
  public static final String REQUESTED_ANNOTATION = "mlflow-operator.dev/requested-at";
  /** The kind of a snapshot taken before MLflow's version changes; never pruned. */
  public static final String BEFORE_UPGRADE = "beforeUpgrade";
  /** On a {@link #BEFORE_UPGRADE} snapshot: the MLflow version it was taken before. */
  public static final String UPGRADE_TO_ANNOTATION = "mlflow-operator.dev/upgrade-to";

  private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);

  private VolumeSnapshots() {}

  /**
   * Our snapshots in the namespace, one LIST by our labels; none where the cluster has no VolumeSnapshot API
   * (its CRDs are not installed), which only matters once a backup is scheduled.
   */
  static List<GenericKubernetesResource> list(KubernetesClient client, String namespace, StackNames names) {
    try {
      return client.genericKubernetesResources(CONTEXT).inNamespace(namespace)
          .withLabel(StackNames.MANAGED_BY_LABEL, StackNames.MANAGED_BY)
          .withLabel(StackNames.INSTANCE_LABEL, names.deployment())
          .list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return List.of();
      }
      throw e;
    }
  }

  /** A new snapshot of the volume, of the given kind, named after it and the time it is asked for. */
  static GenericKubernetesResource render(StackNames names, String namespace, VolumeComponent volume, String kind,
      String snapshotClass, Instant now) {
    var labels = new LinkedHashMap<>(names.labels(volume.key()));
    labels.put(KIND_LABEL, kind);
    var source = new LinkedHashMap<String, Object>();
    source.put("persistentVolumeClaimName", volume.name());
    var spec = new LinkedHashMap<String, Object>();
    spec.put("volumeSnapshotClassName", snapshotClass);
    spec.put("source", source);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(CONTEXT.getGroup() + "/" + CONTEXT.getVersion())
        .withKind(KIND)
        .withNewMetadata()
        .withName(volume.name() + "-" + kind.toLowerCase(Locale.ROOT) + "-" + NAME_TIME.format(now))
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(Map.of(REQUESTED_ANNOTATION, now.toString()))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** Whether the snapshot is of the named PVC. */
  static boolean isOf(GenericKubernetesResource snapshot, String claim) {
    return claim.equals(snapshot.get("spec", "source", "persistentVolumeClaimName"));
  }

  /** Whether the snapshot is of one of the stack's data PVCs: its own, or one a restore made. */
  static boolean isOfStack(GenericKubernetesResource snapshot, StackNames names) {
    return snapshot.get("spec", "source", "persistentVolumeClaimName") instanceof String claim
        && VolumeRestore.isStackClaim(names, claim);
  }

  /** Its kind label; empty for none. */
  static String kindOf(GenericKubernetesResource snapshot) {
    var labels = snapshot.getMetadata().getLabels();
    return labels == null || labels.get(KIND_LABEL) == null ? "" : labels.get(KIND_LABEL);
  }

  /** When it was asked for: our annotation, else its creation timestamp; empty when neither can be read. */
  static Optional<Instant> requestedAt(GenericKubernetesResource snapshot) {
    var annotations = snapshot.getMetadata().getAnnotations();
    String requested = annotations == null ? null : annotations.get(REQUESTED_ANNOTATION);
    return parse(requested).or(() -> parse(snapshot.getMetadata().getCreationTimestamp()));
  }

  /** When the storage cut it ({@code status.creationTime}), else when it was asked for. */
  static Optional<Instant> takenAt(GenericKubernetesResource snapshot) {
    return parse(snapshot.get("status", "creationTime")).or(() -> requestedAt(snapshot));
  }

  static boolean readyToUse(GenericKubernetesResource snapshot) {
    return Boolean.TRUE.equals(snapshot.get("status", "readyToUse"));
  }

  /** The message of {@code status.error}, when the snapshot failed. */
  static Optional<String> error(GenericKubernetesResource snapshot) {
    if (snapshot.get("status", "error") == null) {
      return Optional.empty();
    }
    Object message = snapshot.get("status", "error", "message");
    return Optional.of(message == null ? "no message" : message.toString());
  }

  private static Optional<Instant> parse(Object time) {
    if (!(time instanceof String text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
