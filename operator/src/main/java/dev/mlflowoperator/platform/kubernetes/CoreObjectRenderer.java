package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.ServiceComponent;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.model.VolumeComponent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders the ConfigMap of a service's files, a volume's PVC and a service's Service. */
final class CoreObjectRenderer {
  private CoreObjectRenderer() {}

  /** The ConfigMap holding a service's config files, one key per file name. */
  static ConfigMap config(DesiredStack stack, ServiceComponent service, String namespace) {
    var data = new LinkedHashMap<String, String>();
    service.files().forEach(file -> data.put(file.fileName(), file.content()));
    return new ConfigMapBuilder()
        .withMetadata(meta(stack, configName(service), namespace, service.key()))
        .withData(data)
        .build();
  }

  /** The name of a service's ConfigMap: the service's name and {@code -config}. */
  static String configName(ServiceComponent service) {
    return service.name() + "-config";
  }

  static PersistentVolumeClaim volume(DesiredStack stack, VolumeComponent volume, KubernetesOptions options) {
    return new PersistentVolumeClaimBuilder()
        .withMetadata(meta(stack, volume.name(), options.namespace(), volume.key()))
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(options.storageClassName())
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(volume.size())))
        .endResources()
        .endSpec()
        .build();
  }

  /** A ClusterIP Service, or the Service type the options give the stack's public endpoint. */
  static Service service(DesiredStack stack, ServiceComponent service, KubernetesOptions options) {
    boolean endpoint = stack.endpoint().serviceKey().equals(service.key());
    return new ServiceBuilder()
        .withMetadata(meta(stack, service.name(), options.namespace(), service.key()))
        .withNewSpec()
        .withType(endpoint ? options.serviceType().name() : "ClusterIP")
        .withSelector(stack.names().selector(service.key()))
        .addNewPort()
        .withName("http")
        .withProtocol("TCP")
        .withPort(service.port())
        .withTargetPort(new IntOrString(service.port()))
        .endPort()
        .endSpec()
        .build();
  }

  static ObjectMeta meta(DesiredStack stack, String name, String namespace, String component) {
    return meta(stack.names(), name, namespace, component);
  }

  static ObjectMeta meta(StackNames names, String name, String namespace, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(names.labels(component))
        .build();
  }
}
