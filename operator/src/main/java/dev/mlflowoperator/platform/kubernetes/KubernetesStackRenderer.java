package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.model.Component;
import dev.mlflowoperator.model.CredentialsComponent;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.EndpointComponent;
import dev.mlflowoperator.model.ScheduledJobComponent;
import dev.mlflowoperator.model.ServiceComponent;
import dev.mlflowoperator.model.VolumeComponent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a DesiredStack into the Kubernetes objects that run it, one component kind at a time: credentials become a
 * Secret, a volume a PVC, a service a ConfigMap of its files (when it has any), a NetworkPolicy, a Deployment and a
 * Service, a scheduled job a CronJob; the endpoint gives its service's Service the public type. Pure: no client, no owner references (the
 * platform adds those), so {@code mlflowctl render} prints exactly this.
 */
public final class KubernetesStackRenderer {
  /** Pod-template annotation carrying the proxy config hash, so a config change rolls the proxy. */
  public static final String CONFIG_HASH_ANNOTATION = "mlflow-operator.dev/config-hash";

  /** Annotation on a service's Deployment naming the version it runs (MLflow's; the key predates other services). */
  public static final String VERSION_ANNOTATION = "mlflow-operator.dev/mlflow-version";

  /**
   * Every kind of object a stack renders, in apply order: secrets, config files and volumes before the policies,
   * those before the pods they fence, each service's Service with its Deployment; within a kind, the stack's order.
   */
  public static final List<Class<? extends HasMetadata>> KINDS = List.of(
      Secret.class, ConfigMap.class, PersistentVolumeClaim.class, NetworkPolicy.class, Deployment.class, Service.class,
      CronJob.class);

  private KubernetesStackRenderer() {}

  public static KubernetesStack render(DesiredStack stack, KubernetesOptions options) {
    var objects = new ArrayList<RenderedObject>();
    for (Component component : stack.components()) {
      for (HasMetadata object : objectsOf(stack, component, options)) {
        objects.add(new RenderedObject(component.key(), object));
      }
    }
    objects.sort(Comparator.comparingInt(KubernetesStackRenderer::rank));
    return new KubernetesStack(objects);
  }

  private static List<HasMetadata> objectsOf(DesiredStack stack, Component component, KubernetesOptions options) {
    String ns = options.namespace();
    if (component instanceof CredentialsComponent credentials) {
      return List.of(CredentialsSecret.render(stack.names(), credentials, ns));
    }
    if (component instanceof VolumeComponent volume) {
      return List.of(CoreObjectRenderer.volume(stack, volume, options));
    }
    if (component instanceof ServiceComponent service) {
      var objects = new ArrayList<HasMetadata>();
      if (!service.files().isEmpty()) {
        objects.add(CoreObjectRenderer.config(stack, service, ns));
      }
      objects.add(NetworkPolicyRenderer.of(stack, service, ns));
      objects.add(DeploymentRenderer.of(stack, service, ns));
      objects.add(CoreObjectRenderer.service(stack, service, options));
      return objects;
    }
    if (component instanceof ScheduledJobComponent job) {
      return List.of(CronJobRenderer.of(stack, job, ns));
    }
    if (component instanceof EndpointComponent) {
      return List.of(); // the Service type of the service it names
    }
    throw new IllegalArgumentException("no Kubernetes rendering for " + component.getClass().getSimpleName());
  }

  /** The apply stage of an object: its kind's place in KINDS, a Service's that of its Deployment. */
  private static int rank(RenderedObject rendered) {
    Class<?> kind = rendered.object() instanceof Service ? Deployment.class : rendered.object().getClass();
    return KINDS.indexOf(kind);
  }
}
