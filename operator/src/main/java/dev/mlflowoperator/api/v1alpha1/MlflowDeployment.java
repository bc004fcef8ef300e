package dev.mlflowoperator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The MlflowDeployment custom resource: one MLflow tracking server behind an authenticating proxy. */
@Group(MlflowDeployment.GROUP)
@Version(MlflowDeployment.VERSION)
@ShortNames("mlflow")
@AdditionalPrinterColumn(name = "TARGET", jsonPath = ".spec.target")
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "SYNCED", jsonPath = ".status.conditions[?(@.type==\"Synced\")].status")
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url", priority = 1)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class MlflowDeployment extends CustomResource<MlflowDeploymentSpec, MlflowDeploymentStatus>
    implements Namespaced {

  public static final String GROUP = "mlflow-operator.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "MlflowDeployment";
}
