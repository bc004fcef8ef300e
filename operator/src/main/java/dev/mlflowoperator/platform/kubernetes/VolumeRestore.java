package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.model.Component;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.model.VolumeComponent;
import dev.mlflowoperator.platform.RecordedIds;
import dev.mlflowoperator.platform.Stack;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.status.Reasons;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReferenceBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A restore of the data volume asked for with the {@code mlflow-operator.dev/restore-from} annotation: a new PVC
 * {@code <name>-data-<short id>} cut from one of the stack's VolumeSnapshots becomes the volume MLflow mounts, its
 * name recorded in {@code status.ids}; the PVC it replaces is kept, labelled, and never deleted by a plan.
 */
public final class VolumeRestore {
  /** On the MlflowDeployment: the name of the VolumeSnapshot to restore the data volume from. */
  public static final String ANNOTATION = "mlflow-operator.dev/restore-from";
  /** On a PVC a restore replaced: {@code "true"}; only deleted with the stack under deletionPolicy Delete. */
  public static final String REPLACED_LABEL = "mlflow-operator.dev/replaced-by-restore";
  /** In {@code status.ids}: the snapshot last restored, so that the same annotation restores once. */
  public static final String RESTORED_ID = "restore/snapshot";
  /** In {@code status.ids}: the data PVC in use since the last restore (the stack's own name before any). */
  public static final String VOLUME_ID = "restore/dataVolume";

  /** A restore found valid by observe: the snapshot, the PVC it becomes, and the PVC in use (null when missing). */
  record Pending(GenericKubernetesResource snapshot, String claim, PersistentVolumeClaim replaced) {
    String snapshotName() {
      return snapshot.getMetadata().getName();
    }
  }

  private VolumeRestore() {}

  /** The snapshot the annotation names, when it is not the one last restored. */
  static Optional<String> requested(Stack stack) {
    var annotations = stack.resource().getMetadata().getAnnotations();
    String name = annotations == null ? null : annotations.get(ANNOTATION);
    if (name == null || name.isBlank() || name.trim().equals(stack.ids().get(RESTORED_ID))) {
      return Optional.empty();
    }
    return Optional.of(name.trim());
  }

  /** The data PVC in use: the one recorded by the last restore, else the stack's own. */
  static String inUse(Stack stack) {
    return inUse(stack.names(), stack.ids());
  }

  /** The data PVC in use by the IDs recorded for the stack. */
  static String inUse(StackNames names, RecordedIds ids) {
    String recorded = ids.get(VOLUME_ID);
    return recorded != null ? recorded : names.dataVolume();
  }

  /** The data PVC the stack renders: the new one while a restore is asked for, else the one in use. */
  static String claim(Stack stack) {
    return requested(stack).map(snapshot -> claimFor(stack.names(), snapshot, inUse(stack)))
        .orElseGet(() -> inUse(stack));
  }

  /**
   * The PVC a snapshot is restored to from the PVC in use: the stack's data PVC name and a short ID derived from both,
   * the same for a restore taken up again after a crash, a new one when an earlier snapshot is restored again later.
   */
  static String claimFor(StackNames names, String snapshot, String inUse) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((snapshot + "\n" + inUse).getBytes(StandardCharsets.UTF_8));
      return names.dataVolume() + "-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The stack with its data volume rendered under the given PVC name; the same stack when it already is. */
  static DesiredStack onClaim(DesiredStack stack, String claim) {
    if (stack.volumes().stream().allMatch(volume -> volume.name().equals(claim)
        || !StackNames.COMPONENT_STORAGE.equals(volume.key()))) {
      return stack;
    }
    List<Component> components = stack.components().stream().map(component -> component instanceof VolumeComponent v
        && StackNames.COMPONENT_STORAGE.equals(v.key())
            ? (Component) new VolumeComponent(v.key(), claim, v.size(), v.retain(), v.backups())
            : component).toList();
    return new DesiredStack(stack.names(), components);
  }

  /**
   * The snapshot the annotation names, from the stack's snapshots (listed by our labels), when its source is one of
   * the stack's data PVCs, it is readyToUse and fits in {@code spec.storage.size}; otherwise a refusal naming the
   * annotation, before anything is written.
   */
  static GenericKubernetesResource snapshot(Stack stack, String name, List<GenericKubernetesResource> snapshots) {
    String refused = ANNOTATION + ": VolumeSnapshot " + name + " ";
    var snapshot = snapshots.stream().filter(s -> name.equals(s.getMetadata().getName())).findFirst()
        .orElseThrow(() -> new TerminalException(Reasons.RESTORE_SNAPSHOT_REFUSED, refused + "is not one of this"
            + " stack's snapshots (none with our labels has that name in namespace " + stack.namespace()
            + "); name one of them or remove the annotation; nothing was changed."));
    Object source = snapshot.get("spec", "source", "persistentVolumeClaimName");
    if (!(source instanceof String claim) || !isStackClaim(stack.names(), claim)) {
      throw new TerminalException(Reasons.RESTORE_SNAPSHOT_REFUSED, refused + "is not of this stack's data volume"
          + " (its source is " + source + "); name one of the stack's snapshots or remove the annotation;"
          + " nothing was changed.");
    }
    if (!VolumeSnapshots.readyToUse(snapshot)) {
      String state = VolumeSnapshots.error(snapshot).map(error -> "failed: " + error).orElse("is not readyToUse yet");
      throw new TerminalException(Reasons.RESTORE_SNAPSHOT_NOT_READY, refused + state
          + "; nothing was changed, the operator looks again.");
    }
    Object restoreSize = snapshot.get("status", "restoreSize");
    String size = stack.spec().storage.size;
    if (restoreSize instanceof String bytes && new Quantity(bytes).getNumericalAmount()
        .compareTo(new Quantity(size).getNumericalAmount()) > 0) {
      throw new TerminalException(Reasons.RESTORE_SNAPSHOT_REFUSED, refused + "needs " + bytes
          + ", more than spec.storage.size " + size + "; raise spec.storage.size; nothing was changed.");
    }
    return snapshot;
  }

  /** The stack's own data PVC name, or one a restore made of it ({@code <name>-data-<8 hex>}). */
  static boolean isStackClaim(StackNames names, String claim) {
    return claim.equals(names.dataVolume())
        || Pattern.matches(Pattern.quote(names.dataVolume() + "-") + "[0-9a-f]{8}", claim);
  }

  /** The rendered PVC cut from the snapshot, in the storage class of the PVC it replaces unless the spec names one. */
  static void fromSnapshot(PersistentVolumeClaim rendered, Pending restore) {
    rendered.getSpec().setDataSource(new TypedLocalObjectReferenceBuilder()
        .withApiGroup(VolumeSnapshots.CONTEXT.getGroup()).withKind(VolumeSnapshots.KIND)
        .withName(restore.snapshotName()).build());
    if (rendered.getSpec().getStorageClassName() == null && restore.replaced() != null) {
      rendered.getSpec().setStorageClassName(restore.replaced().getSpec().getStorageClassName());
    }
  }

  /** Whether the PVC carries the label of one a restore replaced. */
  static boolean isReplaced(PersistentVolumeClaim claim) {
    var labels = claim.getMetadata().getLabels();
    return labels != null && "true".equals(labels.get(REPLACED_LABEL));
  }
}
