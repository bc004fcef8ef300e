package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records Kubernetes Events on an MlflowDeployment, for what `kubectl describe` and event alerts must show. */
final class KubernetesEvents {
  static final String COMPONENT = "mlflow-operator";
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEvents.class);

  private final Clock clock;

  KubernetesEvents(Clock clock) {
    this.clock = clock;
  }

  /** A Warning Event; failing to record it is logged, never fails the reconcile that already did the work. */
  void warn(KubernetesClient client, MlflowDeployment resource, String reason, String message) {
    var meta = resource.getMetadata();
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    var event = new EventBuilder()
        .withNewMetadata()
        .withGenerateName(meta.getName() + ".")
        .withNamespace(meta.getNamespace())
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(MlflowDeployment.API_VERSION)
            .withKind(MlflowDeployment.KIND)
            .withName(meta.getName())
            .withNamespace(meta.getNamespace())
            .withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion())
            .build())
        .withType("Warning")
        .withReason(reason)
        .withMessage(message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("{}/{}: could not record the {} event: HTTP {}", meta.getNamespace(), meta.getName(), reason, e.getCode());
    }
  }
}
