package dev.mlflowoperator.bench;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.RailwaySpec;
import dev.mlflowoperator.api.v1alpha1.Target;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** The deployment every Railway benchmark converges: the defaults, in a project of its own name. */
final class BenchDeployments {
  private BenchDeployments() {}

  static MlflowDeployment railway(String name) {
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("bench").withGeneration(1L).build());
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.RAILWAY;
    spec.railway = new RailwaySpec();
    spec.railway.project = name;
    resource.setSpec(spec);
    return resource;
  }
}
