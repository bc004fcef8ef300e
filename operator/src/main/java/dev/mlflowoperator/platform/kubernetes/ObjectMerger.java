package dev.mlflowoperator.platform.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes what the operator manages onto a copy of the observed object, for an update (PUT) that
 * keeps the resource version, other owners' labels and what the cluster allocated (cluster IPs,
 * node ports, the bound volume).
 */
final class ObjectMerger {
  private ObjectMerger() {}

  static HasMetadata merge(HasMetadata desired, HasMetadata observed) {
    HasMetadata merged = Serialization.clone(observed);
    var meta = merged.getMetadata();
    meta.setLabels(union(meta.getLabels(), desired.getMetadata().getLabels()));
    meta.setAnnotations(union(meta.getAnnotations(), desired.getMetadata().getAnnotations()));
    meta.setOwnerReferences(OwnerReferences.merge(observed, desired));
    if (desired instanceof Deployment d && merged instanceof Deployment m) {
      m.setSpec(Serialization.clone(d.getSpec()));
    } else if (desired instanceof Service d && merged instanceof Service m) {
      mergeService(d, m);
    } else if (desired instanceof ConfigMap d && merged instanceof ConfigMap m) {
      m.setData(d.getData());
      m.setBinaryData(null);
    } else if (desired instanceof Secret d && merged instanceof Secret m) {
      m.setData(d.getData());
      m.setStringData(null);
    } else if (desired instanceof NetworkPolicy d && merged instanceof NetworkPolicy m) {
      m.setSpec(Serialization.clone(d.getSpec()));
    } else if (desired instanceof CronJob d && merged instanceof CronJob m) {
      m.setSpec(Serialization.clone(d.getSpec())); // nothing in it is the cluster's; its runs are in the status
    } else if (desired instanceof PersistentVolumeClaim d && merged instanceof PersistentVolumeClaim m) {
      m.getSpec().getResources().getRequests().put("storage", ManagedFields.storageOf(d));
    } else {
      throw new IllegalArgumentException("no merge rule for " + desired.getKind());
    }
    return merged;
  }

  /** Our spec, keeping the addresses the cluster allocated (they are immutable or would move). */
  private static void mergeService(Service desired, Service merged) {
    var allocated = merged.getSpec();
    var spec = Serialization.clone(desired.getSpec());
    spec.setClusterIP(allocated.getClusterIP());
    spec.setClusterIPs(allocated.getClusterIPs());
    spec.setIpFamilies(allocated.getIpFamilies());
    spec.setIpFamilyPolicy(allocated.getIpFamilyPolicy());
    if (!"ClusterIP".equals(spec.getType()) && allocated.getPorts() != null) {
      for (ServicePort port : spec.getPorts()) {
        allocated.getPorts().stream()
            .filter(p -> port.getName().equals(p.getName()) && port.getNodePort() == null)
            .findFirst()
            .ifPresent(p -> port.setNodePort(p.getNodePort()));
      }
    }
    merged.setSpec(spec);
  }

  private static Map<String, String> union(Map<String, String> observed, Map<String, String> desired) {
    var result = new LinkedHashMap<String, String>();
    if (observed != null) {
      result.putAll(observed);
    }
    if (desired != null) {
      result.putAll(desired);
    }
    return result.isEmpty() ? null : result;
  }
}
