package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.ArrayList;
import java.util.List;

/** Kubernetes-only settings: how the proxy is exposed and where the volume comes from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KubernetesSpec {
  @Default("ClusterIP")
  @JsonPropertyDescription("Type of the proxy Service.")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  // Null only when unreadable: kept through a copy (the operator's cache clones the resource), or the default
  // would stand in for it and the validator could not report it.
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public ServiceType serviceType = ServiceType.ClusterIP;

  @JsonPropertyDescription("Whether TLS is terminated in front of the proxy Service (by a load balancer, gateway or"
      + " Ingress you run). Required to be true with serviceType NodePort or LoadBalancer, which otherwise send the"
      + " basic-auth password in clear text. It changes nothing that is created.")
  public Boolean tlsTerminatedInFront;

  @JsonPropertyDescription("StorageClass of the data volume; the cluster default when absent.")
  public String storageClassName;

  @JsonPropertyDescription("VolumeSnapshotClass of the data volume's backups (snapshot.storage.k8s.io/v1); required"
      + " for spec.backup.schedule on Kubernetes.")
  public String volumeSnapshotClassName;

  @JsonPropertyDescription("Public host names the proxy is reached by (for example through an Ingress); MLflow accepts them.")
  public List<String> hosts = new ArrayList<>();

  /** The Service types the proxy may be exposed with. */
  public enum ServiceType {
    ClusterIP,
    NodePort,
    LoadBalancer
  }
}
