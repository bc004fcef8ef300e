package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.BackupStatus;
import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.api.v1alpha1.DriftStatus;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.Target;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/** MlflowDeployment records with a status, as an apply would leave them in the state store. */
final class Deployments {
  private Deployments() {}

  /** A Railway deployment that is ready, with two IDs and one drift repair. */
  static MlflowDeployment readyOnRailway(String name) {
    var d = deployment(name, Target.RAILWAY, "2026-11-26T11:00:00Z");
    var status = d.getStatus();
    status.conditions = List.of(
        condition("Ready", "True", "Available", "MLflow answers through the proxy", "2026-11-26T11:55:00Z"),
        condition("Synced", "True", "Applied", "the spec is applied", "2026-11-26T11:50:00Z"),
        condition("Healthy", "True", "ProbesPass", "/health answered 200", "2026-11-26T11:54:00Z"));
    status.url = "https://" + name + ".up.railway.app";
    status.components = components("Ready", "Ready", "Ready");
    status.ids.put("project", "prj-1");
    status.ids.put("mlflowService", "srv-2");
    status.mlflowVersion = "3.14.0";
    status.drift = new DriftStatus();
    status.drift.count = 1;
    status.drift.lastTime = "2026-11-26T11:30:00Z";
    status.drift.fields = List.of("mlflowService/variables");
    status.backup = new BackupStatus();
    status.backup.lastId = "bkp-3";
    status.backup.lastKind = "daily";
    status.backup.lastTime = "2026-11-26T00:00:00Z";
    status.backup.schedule = List.of("daily", "weekly");
    status.backup.nextScheduled = "2026-11-27T00:00:00Z";
    status.backup.nextKind = "daily";
    return d;
  }

  /** A Kubernetes deployment whose last reconcile failed. */
  static MlflowDeployment failingOnKubernetes(String name) {
    var d = deployment(name, Target.KUBERNETES, "2026-11-24T12:00:00Z");
    d.getMetadata().setNamespace("ml");
    d.getStatus().conditions = List.of(
        condition("Ready", "False", "ReconcileFailed", "the PVC cannot shrink", "2026-11-26T11:59:30Z"),
        condition("Synced", "False", "ReconcileFailed", "the PVC cannot shrink", "2026-11-26T11:59:30Z"));
    d.getStatus().components = components("Ready", "Progressing", "Degraded");
    return d;
  }

  private static MlflowDeployment deployment(String name, Target target, String created) {
    var d = new MlflowDeployment();
    d.setMetadata(new ObjectMetaBuilder().withName(name).withCreationTimestamp(created).build());
    d.setSpec(new MlflowDeploymentSpec());
    d.getSpec().target = target;
    d.setStatus(new MlflowDeploymentStatus());
    return d;
  }

  private static Map<String, ComponentStatus> components(String mlflow, String proxy, String storage) {
    var c = new LinkedHashMap<String, ComponentStatus>();
    c.put("mlflow", new ComponentStatus(mlflow, null));
    c.put("proxy", new ComponentStatus(proxy, null));
    c.put("storage", new ComponentStatus(storage, "Degraded".equals(storage) ? "volume is full" : null));
    return c;
  }

  private static io.fabric8.kubernetes.api.model.Condition condition(String type, String status, String reason,
      String message, String at) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(at).build();
  }
}
