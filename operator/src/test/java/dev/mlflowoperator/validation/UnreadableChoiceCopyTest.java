package dev.mlflowoperator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * A choice the typed resource could not read stays unreadable in a copy of the resource (the operator reconciles a
 * clone of its cached resource), so it is still reported instead of the default standing in for it.
 */
class UnreadableChoiceCopyTest {
  @Test
  void unreadableChoicesAreStillReportedOnACopyOfTheResource() {
    var resource = Serialization.unmarshal("""
        apiVersion: mlflow-operator.dev/v1alpha1
        kind: MlflowDeployment
        metadata: {name: tracking, namespace: ml}
        spec:
          target: kubernetes
          deletionPolicy: Orphan
          kubernetes: {serviceType: ExternalName}
          mlflow:
            backendStore: {type: mysql}
            artifacts: {type: gcs}
        """, MlflowDeployment.class);

    var copy = Serialization.clone(resource);

    assertThat(new SpecValidator().validate(copy)).extracting(Violation::path).contains("spec.deletionPolicy",
        "spec.kubernetes.serviceType", "spec.mlflow.backendStore.type", "spec.mlflow.artifacts.type");
  }
}
