package dev.mlflowoperator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/** A Fabric8 client for the current kubeconfig context, as kubectl picks it: KUBECONFIG, else ~/.kube/config. */
final class KubeClients {
  private KubeClients() {}

  static KubernetesClient open(Map<String, String> env) {
    String configured = env.get("KUBECONFIG");
    File kubeconfig = configured != null && !configured.isBlank()
        ? new File(configured.split(File.pathSeparator)[0])
        : Path.of(System.getProperty("user.home"), ".kube", "config").toFile();
    if (!kubeconfig.isFile()) {
      throw new UserException("no kubeconfig at " + kubeconfig + "; point KUBECONFIG at one (kubectl config view"
          + " shows yours) to apply target: kubernetes specs");
    }
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, kubeconfig)).build();
  }
}
