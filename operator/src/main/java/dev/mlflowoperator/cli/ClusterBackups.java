package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.platform.kubernetes.KubernetesVolumeBackups;
import dev.mlflowoperator.platform.railway.RailwayVolumeBackups.WorkflowState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code mlflowctl backup list|create --cluster}: an MlflowDeployment's VolumeSnapshots in the cluster of the current
 * kubeconfig context. create makes the manual snapshot itself, with the operator's labels, rather than asking the
 * operator for it: a snapshot is written once and never updated, the operator only counts its scheduled kinds, so
 * there is no second writer to race, and a backup can be taken while the operator is down or before a risky change.
 * The kubeconfig user needs get on mlflowdeployments and get, list, create on volumesnapshots, nothing more.
 */
final class ClusterBackups {
  private final KubernetesClient client;
  private final ClusterDeployments deployments;

  ClusterBackups(KubernetesClient client, ClusterDeployments deployments) {
    this.client = client;
    this.deployments = deployments;
  }

  /** The deployment, when it is one whose data volume is in the cluster. */
  MlflowDeployment deployment(String name) {
    MlflowDeployment deployment = deployments.get(name);
    if (deployment.getSpec().target != Target.KUBERNETES) {
      throw new UserException(name + " runs on " + deployment.getSpec().target + ", not in the cluster: backup"
          + " --cluster covers a Kubernetes data volume only");
    }
    return deployment;
  }

  /** Our snapshots of the deployment's data volumes, newest first. */
  List<KubernetesVolumeBackups.Listed> list(MlflowDeployment deployment) {
    try {
      return new KubernetesVolumeBackups(client, deployment).list();
    } catch (KubernetesClientException e) {
      throw forbiddenOr(e, "list");
    }
  }

  /**
   * Creates a manual snapshot of the PVC MLflow uses, refused before anything is written without a snapshot class
   * or while the operator has not created that PVC yet; returns its name.
   */
  String create(MlflowDeployment deployment, Instant now) {
    String name = deployment.getMetadata().getName();
    var kubernetes = deployment.getSpec().kubernetes;
    String snapshotClass = kubernetes == null ? null : kubernetes.volumeSnapshotClassName;
    if (snapshotClass == null || snapshotClass.isBlank()) {
      throw new UserException("spec.kubernetes.volumeSnapshotClassName of " + name + " is not set: a VolumeSnapshot"
          + " needs a class; set it to one of kubectl get volumesnapshotclasses and apply; nothing was created");
    }
    var backups = new KubernetesVolumeBackups(client, deployment);
    String claim = backups.claimInUse();
    var ids = deployment.getStatus() == null ? null : deployment.getStatus().ids;
    if (ids == null || ids.get("PersistentVolumeClaim/" + claim) == null) {
      throw new UserException("no data volume of " + name + " is recorded yet (PVC " + claim + "); once the operator"
          + " has created it (mlflowctl status " + name + " --cluster), try again; nothing was created");
    }
    try {
      return backups.create(snapshotClass, now);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw new UserException("a VolumeSnapshot with the name of this backup already exists in namespace "
            + deployments.namespace() + "; try again in a second; nothing was created", e);
      }
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        throw new UserException("the cluster has no VolumeSnapshot API (snapshot.storage.k8s.io/v1): install the CSI"
            + " snapshot CRDs and controller; nothing was created", e);
      }
      throw forbiddenOr(e, "create");
    }
  }

  /** The snapshot's progress as a workflow's: Running until readyToUse (Complete), Error once failed or gone. */
  Supplier<WorkflowState> progress(MlflowDeployment deployment, String snapshot) {
    var backups = new KubernetesVolumeBackups(client, deployment);
    return () -> backups.get(snapshot)
        .map(listed -> listed.ready() ? new WorkflowState("Complete", null)
            : listed.error() != null ? new WorkflowState("Error", listed.error()
                + "; check the snapshot class and its CSI driver")
            : new WorkflowState("Running", null))
        .orElseGet(() -> new WorkflowState("Error", "it no longer exists"));
  }

  private RuntimeException forbiddenOr(KubernetesClientException e, String verb) {
    if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
      return new UserException("the kubeconfig user may not " + verb + " volumesnapshots in namespace "
          + deployments.namespace() + ": grant it get, list and create on volumesnapshots.snapshot.storage.k8s.io"
          + " there", e);
    }
    return e;
  }
}
