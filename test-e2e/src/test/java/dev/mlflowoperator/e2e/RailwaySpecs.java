package dev.mlflowoperator.e2e;

/** The Railway spec the e2e tests apply, with the knobs they turn. */
final class RailwaySpecs {
  private RailwaySpecs() {}

  static String basic(int workers, String deletionPolicy, String caddyVersion) {
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
          proxy:
            caddyVersion: "%s"
            auth:
              username: mlflow
          storage:
            size: 5Gi
            mountPath: /mlflow
          deletionPolicy: %s
        """.formatted(workers, caddyVersion, deletionPolicy);
  }
}
