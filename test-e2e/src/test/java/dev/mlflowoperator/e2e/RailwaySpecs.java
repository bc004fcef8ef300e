package dev.mlflowoperator.e2e;

/** The Railway spec the e2e tests apply, with the knobs they turn. */
final class RailwaySpecs {
  private RailwaySpecs() {}

  /** 2Gi of memory for MLflow and a 5Gi volume. */
  static String basic(int workers, String deletionPolicy, String caddyVersion) {
    return basic(workers, deletionPolicy, caddyVersion, "2Gi", "5Gi");
  }

  static String basic(int workers, String deletionPolicy, String caddyVersion, String memory, String storage) {
    return """
        apiVersion: mlflow-operator.dev/v1alpha1
        kind: MlflowDeployment
        metadata:
          name: tracking
        spec:
          target: railway
          railway:
            project: ml-platform
            environment: production
          mlflow:
            version: "3.14.0"
            workers: %d
            resources:
              memory: %s
          proxy:
            caddyVersion: "%s"
            auth:
              username: mlflow
          storage:
            size: %s
            mountPath: /mlflow
          deletionPolicy: %s
        """.formatted(workers, memory, caddyVersion, storage, deletionPolicy);
  }
}
