package dev.mlflowoperator.platform;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.StackNames;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The platform contract on {@link InMemoryPlatform}: the contract asks nothing of Kubernetes or Railway. */
class InMemoryPlatformContractTest extends PlatformContract {
  @Override
  protected PlatformFixture start() {
    return new InMemoryFixture();
  }

  /** Reaches into the in-memory platform's maps, which count nothing done here. */
  static final class InMemoryFixture implements PlatformFixture {
    private final InMemoryPlatform platform = new InMemoryPlatform();

    @Override
    public Platform<?, ?> platform() {
      return platform;
    }

    @Override
    public MlflowDeployment deployment(String name) {
      var resource = new MlflowDeployment();
      resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team").withGeneration(1L).build());
      var spec = new MlflowDeploymentSpec();
      // The in-memory platform reads no platform-specific section; any target the validator accepts will do.
      spec.target = Target.KUBERNETES;
      resource.setSpec(spec);
      return resource;
    }

    @Override
    public void finishRollouts() {
      platform.finishRollouts();
    }

    @Override
    public long requests() {
      return platform.requests;
    }

    @Override
    public long writes() {
      return platform.writes;
    }

    @Override
    public void unclearOutcomeAtWrite(int n, boolean lands) {
      platform.unclearOutcomeAtWrite(n, lands);
    }

    @Override
    public void crashAfterWrites(int n) {
      platform.crashAfterWrites(n);
    }

    @Override
    public Map<String, List<String>> inventory(MlflowDeployment deployment) {
      var inventory = new LinkedHashMap<String, List<String>>();
      for (var component : DesiredStackFactory.outline(deployment.getMetadata().getName(), deployment.getSpec())
          .components()) {
        var object = platform.kind(InMemoryPlatform.kindOf(component)).get(component.name());
        if (object != null) {
          inventory.put(InMemoryPlatform.idKey(component), List.of(object.id()));
        }
      }
      return inventory;
    }

    @Override
    public Object serviceSetting(MlflowDeployment deployment) {
      return mlflow(deployment).fields().get("image");
    }

    @Override
    public OutOfBand changeServiceSetting(MlflowDeployment deployment) {
      mlflow(deployment).fields().put("image", "evil/mlflow:latest");
      return new OutOfBand("service/mlflow", "service/" + names(deployment).mlflow() + ": image");
    }

    @Override
    public OutOfBand deleteService(MlflowDeployment deployment) {
      platform.kind("service").remove(names(deployment).proxy());
      return new OutOfBand("service/proxy", "service/" + names(deployment).proxy() + ": missing");
    }

    @Override
    public void deleteDataVolume(MlflowDeployment deployment) {
      platform.kind("volume").remove(names(deployment).dataVolume());
    }

    @Override
    public void plantForeignObject(MlflowDeployment deployment) {
      platform.kind("service").put(names(deployment).proxy(), new InMemoryPlatform.StoredObject("theirs-1",
          "team/someone-else", new LinkedHashMap<>(Map.of("image", "their/proxy:1")), InMemoryPlatform.READY));
    }

    @Override
    public Object foreignObject(MlflowDeployment deployment) {
      var object = platform.kind("service").get(names(deployment).proxy());
      return object == null ? null : new InMemoryPlatform.StoredObject(object.id(), object.owner(),
          Map.copyOf(object.fields()), object.state());
    }

    @Override
    public void finishBackups() {
      platform.finishBackups();
    }

    @Override
    public void failBackups() {
      platform.failBackups();
    }

    @Override
    public List<String> upgradeBackups(MlflowDeployment deployment) {
      return List.copyOf(platform.backups.keySet());
    }

    @Override
    public void holdMlflowRollouts(MlflowDeployment deployment) {
      platform.held.add(names(deployment).mlflow());
    }

    @Override
    public String mlflowImage(MlflowDeployment deployment) {
      return (String) mlflow(deployment).fields().get("image");
    }

    @Override
    public String notOwnedReason() {
      return "ObjectNotOwned";
    }

    @Override
    public void close() {}

    private InMemoryPlatform.StoredObject mlflow(MlflowDeployment deployment) {
      return platform.kind("service").get(names(deployment).mlflow());
    }

    private static StackNames names(MlflowDeployment deployment) {
      return new StackNames(deployment.getMetadata().getName());
    }
  }
}
