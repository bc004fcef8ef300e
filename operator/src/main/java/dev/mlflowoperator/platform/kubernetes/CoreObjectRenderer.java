package dev.mlflowoperator.platform.kubernetes;

import static dev.mlflowoperator.model.StackNames.COMPONENT_MLFLOW;
import static dev.mlflowoperator.model.StackNames.COMPONENT_PROXY;
import static dev.mlflowoperator.model.StackNames.COMPONENT_STORAGE;

import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders the Secret, ConfigMap, PVC and the two Services of a stack. */
final class CoreObjectRenderer {
  /** The ConfigMap key, and so the file name under the proxy's config directory. */
  static final String CADDYFILE_KEY = "Caddyfile";

  private CoreObjectRenderer() {}

  static Secret credentials(DesiredStack stack, String namespace) {
    Credentials c = stack.credentials();
    var data = new LinkedHashMap<String, String>();
    data.put(Credentials.USERNAME_KEY, base64(c.username()));
    data.put(Credentials.PASSWORD_KEY, base64(c.password()));
    data.put(Credentials.PASSWORD_HASH_KEY, base64(c.passwordHash()));
    return new SecretBuilder()
        .withMetadata(meta(stack, stack.names().credentials(), namespace, COMPONENT_PROXY))
        .withType("Opaque")
        .withData(data)
        .build();
  }

  static ConfigMap proxyConfig(DesiredStack stack, String namespace) {
    return new ConfigMapBuilder()
        .withMetadata(meta(stack, stack.names().proxyConfig(), namespace, COMPONENT_PROXY))
        .withData(Map.of(CADDYFILE_KEY, stack.proxy().caddyfile()))
        .build();
  }

  static PersistentVolumeClaim dataVolume(DesiredStack stack, KubernetesOptions options) {
    return new PersistentVolumeClaimBuilder()
        .withMetadata(meta(stack, stack.names().dataVolume(), options.namespace(), COMPONENT_STORAGE))
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(options.storageClassName())
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(stack.storage().size())))
        .endResources()
        .endSpec()
        .build();
  }

  static Service mlflowService(DesiredStack stack, String namespace) {
    return service(stack, stack.names().mlflow(), namespace, COMPONENT_MLFLOW, "ClusterIP", stack.mlflow().port());
  }

  static Service proxyService(DesiredStack stack, KubernetesOptions options) {
    return service(
        stack,
        stack.names().proxy(),
        options.namespace(),
        COMPONENT_PROXY,
        options.serviceType().name(),
        stack.proxy().port());
  }

  private static Service service(
      DesiredStack stack, String name, String namespace, String component, String type, int port) {
    return new ServiceBuilder()
        .withMetadata(meta(stack, name, namespace, component))
        .withNewSpec()
        .withType(type)
        .withSelector(stack.names().selector(component))
        .addNewPort()
        .withName("http")
        .withProtocol("TCP")
        .withPort(port)
        .withTargetPort(new IntOrString(port))
        .endPort()
        .endSpec()
        .build();
  }

  static ObjectMeta meta(DesiredStack stack, String name, String namespace, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(stack.names().labels(component))
        .build();
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
