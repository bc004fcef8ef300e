package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.KubernetesSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.Platform;
import dev.mlflowoperator.platform.PlatformContract;
import dev.mlflowoperator.platform.PlatformFixture;
import dev.mlflowoperator.reconcile.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;

/** The platform contract on {@link KubernetesPlatform} against Fabric8's mock API server in CRUD mode. */
class KubernetesPlatformContractTest extends PlatformContract {
  static final String NAMESPACE = "team";
  /** The User-Agent of the platform's client: only its requests are counted, never the test's own. */
  static final String UNDER_TEST = "mlflow-operator-under-test";

  @Override
  protected PlatformFixture start() {
    return new KubernetesFixture();
  }

  /** The CRUD dispatcher, counting the requests of the client under test and failing the answer to a write. */
  static final class CountingDispatcher extends KubernetesMixedDispatcher {
    private long requests;
    private long writes;
    private final List<String> writeLog = new ArrayList<>();
    private int crashAfter;
    private int unclearAt;
    private boolean unclearLands;
    private int crashWrite;

    CountingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
      super(responses);
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
      String body = request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
      boolean counted = UNDER_TEST.equals(request.getHeader("User-Agent"));
      boolean write = counted && !"GET".equals(request.getMethod());
      boolean unanswered = write && unclearAt > 0 && --unclearAt == 0;
      var response = unanswered && !unclearLands ? null : super.dispatch(request);
      if (!counted) {
        return response;
      }
      requests++;
      if (write) {
        writes++;
        writeLog.add(request.getMethod() + " " + request.getPath() + " " + body);
        if (unanswered) {
          return new MockResponse().setResponseCode(504).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
              + "\"status\":\"Failure\",\"code\":504,\"reason\":\"Timeout\",\"message\":\"Timeout: request did not"
              + " complete within requested timeout\"}");
        }
        if (crashAfter > 0 && --crashAfter == 0) {
          return new MockResponse().setResponseCode(500).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
              + "\"status\":\"Failure\",\"code\":500,\"message\":\"crashed after write " + crashWrite + "\"}");
        }
      }
      return response;
    }

    synchronized long requests() {
      return requests;
    }

    synchronized long writes() {
      return writes;
    }

    /** Each write so far: method, path and body. */
    synchronized List<String> writeLog() {
      return List.copyOf(writeLog);
    }

    synchronized void unclearOutcomeAtWrite(int n, boolean lands) {
      unclearAt = n;
      unclearLands = lands;
    }

    synchronized void crashAfterWrites(int n) {
      crashAfter = n;
      crashWrite = n;
    }
  }

  /** The objects of a stack, out of band through the test's own client; rollouts finish as the controllers would. */
  static final class KubernetesFixture implements PlatformFixture {
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Secret", Secret.class,
        "ConfigMap", ConfigMap.class, "PersistentVolumeClaim", PersistentVolumeClaim.class,
        "NetworkPolicy", NetworkPolicy.class, "Deployment", Deployment.class, "Service", Service.class);

    private CountingDispatcher counting;
    private final MockCluster cluster = MockCluster.start(responses -> counting = new CountingDispatcher(responses));
    private final KubernetesClient client = cluster.client;
    private final KubernetesClient underTest = new KubernetesClientBuilder().withConfig(
        new ConfigBuilder(client.getConfiguration()).withUserAgent(UNDER_TEST).withRequestRetryBackoffLimit(0).build())
        .build();
    private final KubernetesPlatform platform = new KubernetesPlatform(underTest, false, Clock.systemUTC());
    private final List<String> stacks = new ArrayList<>();
    private final Set<String> held = new HashSet<>();
    private boolean backupsFail;

    @Override
    public Platform<?, ?> platform() {
      return platform;
    }

    @Override
    public MlflowDeployment deployment(String name) {
      stacks.add(name);
      var resource = new MlflowDeployment();
      resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withGeneration(1L)
          .withUid(UUID.randomUUID().toString()).build());
      var spec = new MlflowDeploymentSpec();
      spec.target = Target.KUBERNETES;
      spec.kubernetes = new KubernetesSpec();
      spec.kubernetes.volumeSnapshotClassName = "csi-snapclass";
      resource.setSpec(spec);
      return resource;
    }

    @Override
    public void finishRollouts() {
      stacks.forEach(name -> cluster.makeAvailable(NAMESPACE, name, !held.contains(name)));
    }

    @Override
    public long requests() {
      return counting.requests();
    }

    @Override
    public long writes() {
      return counting.writes();
    }

    @Override
    public void unclearOutcomeAtWrite(int n, boolean lands) {
      counting.unclearOutcomeAtWrite(n, lands);
    }

    @Override
    public void crashAfterWrites(int n) {
      counting.crashAfterWrites(n);
    }

    @Override
    public Map<String, List<String>> inventory(MlflowDeployment deployment) {
      var names = names(deployment);
      var inventory = new LinkedHashMap<String, List<String>>();
      for (String object : List.of("Secret/" + names.credentials(), "ConfigMap/" + names.proxy() + "-config",
          "PersistentVolumeClaim/" + names.dataVolume(), "NetworkPolicy/" + names.mlflow(),
          "NetworkPolicy/" + names.proxy(), "Deployment/" + names.mlflow(), "Service/" + names.mlflow(),
          "Deployment/" + names.proxy(), "Service/" + names.proxy())) {
        var found = get(object);
        if (found != null) {
          inventory.put(object, List.of(found.getMetadata().getUid()));
        }
      }
      return inventory;
    }

    @Override
    public Object serviceSetting(MlflowDeployment deployment) {
      return ((Deployment) get("Deployment/" + names(deployment).mlflow())).getSpec().getTemplate().getSpec()
          .getContainers().get(0).getImage();
    }

    @Override
    public OutOfBand changeServiceSetting(MlflowDeployment deployment) {
      String name = names(deployment).mlflow();
      client.apps().deployments().inNamespace(NAMESPACE).withName(name).edit(d -> {
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil/mlflow:latest");
        return d;
      });
      return new OutOfBand("Deployment/" + name, "Deployment/" + name + ": spec.template.spec.containers[0].image");
    }

    @Override
    public OutOfBand deleteService(MlflowDeployment deployment) {
      String name = names(deployment).proxy();
      client.apps().deployments().inNamespace(NAMESPACE).withName(name).delete();
      return new OutOfBand("Deployment/" + name, "Deployment/" + name + ": missing");
    }

    @Override
    public void deleteDataVolume(MlflowDeployment deployment) {
      client.persistentVolumeClaims().inNamespace(NAMESPACE).withName(names(deployment).dataVolume()).delete();
    }

    @Override
    public void plantForeignObject(MlflowDeployment deployment) {
      client.resource(new ConfigMapBuilder().withNewMetadata().withName(names(deployment).proxy() + "-config")
          .withNamespace(NAMESPACE).endMetadata().addToData("Caddyfile", ":8080 { respond \"theirs\" }").build())
          .create();
    }

    @Override
    public Object foreignObject(MlflowDeployment deployment) {
      return get("ConfigMap/" + names(deployment).proxy() + "-config");
    }

    /** Each snapshot not ready yet becomes ready to use, or gets an error after {@link #failBackups()}. */
    @Override
    public void finishBackups() {
      var snapshots = client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(NAMESPACE);
      for (GenericKubernetesResource snapshot : snapshots.list().getItems()) {
        if (VolumeSnapshots.readyToUse(snapshot) || VolumeSnapshots.error(snapshot).isPresent()) {
          continue;
        }
        snapshot.setAdditionalProperty("status", backupsFail
            ? Map.of("readyToUse", false, "error", Map.of("message", "the CSI driver refused the snapshot"))
            : Map.of("readyToUse", true, "creationTime", Instant.now().toString()));
        snapshots.resource(snapshot).update();
      }
    }

    @Override
    public void failBackups() {
      backupsFail = true;
    }

    @Override
    public List<String> upgradeBackups(MlflowDeployment deployment) {
      return client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(NAMESPACE).list().getItems()
          .stream().filter(s -> VolumeSnapshots.BEFORE_UPGRADE.equals(VolumeSnapshots.kindOf(s))
              && VolumeSnapshots.isOf(s, names(deployment).dataVolume()))
          .map(s -> s.getMetadata().getName()).toList();
    }

    /** Each write the platform under test sent so far: method, path and body. */
    List<String> writeLog() {
      return counting.writeLog();
    }

    /** The requests the API server received since the last call, oldest first, as "METHOD /path?query". */
    List<String> takeRequests() throws InterruptedException {
      return cluster.takeRequests();
    }

    /** The cluster, as a user with kubectl sees it (its requests are not counted). */
    KubernetesClient client() {
      return client;
    }

    /** One VolumeSnapshot in the namespace, read out of band. */
    GenericKubernetesResource snapshot(String name) {
      return client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(NAMESPACE).withName(name).get();
    }

    @Override
    public void holdMlflowRollouts(MlflowDeployment deployment) {
      held.add(deployment.getMetadata().getName());
    }

    @Override
    public String mlflowImage(MlflowDeployment deployment) {
      return (String) serviceSetting(deployment);
    }

    @Override
    public String notOwnedReason() {
      return "ObjectNotOwned";
    }

    @Override
    public void close() {
      underTest.close();
      cluster.close();
    }

    private HasMetadata get(String object) {
      String[] kindAndName = object.split("/", 2);
      return client.resources(KINDS.get(kindAndName[0])).inNamespace(NAMESPACE).withName(kindAndName[1]).get();
    }

    private static StackNames names(MlflowDeployment deployment) {
      return new StackNames(deployment.getMetadata().getName());
    }
  }
}
