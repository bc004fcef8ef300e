package dev.mlflowoperator.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every name the operator generates for one MlflowDeployment, in one place. */
public record StackNames(String deployment) {
  public static final String MANAGED_BY = "mlflow-operator";
  public static final String COMPONENT_MLFLOW = "mlflow";
  public static final String COMPONENT_PROXY = "proxy";
  public static final String COMPONENT_STORAGE = "storage";
  public static final String COMPONENT_GC = "gc";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

  /** The Secret holding the proxy credentials. */
  public String credentials() {
    return deployment + "-credentials";
  }

  /** The volume (PVC on Kubernetes) with MLflow's data. */
  public String dataVolume() {
    return deployment + "-data";
  }

  /** The MLflow Deployment and its Service (a Railway service of the same name). */
  public String mlflow() {
    return deployment + "-mlflow";
  }

  /** The proxy Deployment and its Service (a Railway service of the same name). */
  public String proxy() {
    return deployment + "-proxy";
  }

  /** MLflow's scheduled housekeeping job (a CronJob on Kubernetes). */
  public String gc() {
    return deployment + "-gc";
  }

  /** Labels every generated object carries, following app.kubernetes.io conventions. */
  public Map<String, String> labels(String component) {
    var labels = new LinkedHashMap<String, String>();
    labels.put("app.kubernetes.io/name", "mlflow");
    labels.put(INSTANCE_LABEL, deployment);
    labels.put(COMPONENT_LABEL, component);
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    return labels;
  }

  /** Labels that select the pods of one component, always in this order so rendered YAML is the same every run. */
  public Map<String, String> selector(String component) {
    var selector = new LinkedHashMap<String, String>();
    selector.put(INSTANCE_LABEL, deployment);
    selector.put(COMPONENT_LABEL, component);
    return selector;
  }
}
