package dev.mlflowoperator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/** A Fabric8 client for the current kubeconfig context, as kubectl picks it: KUBECONFIG, else ~/.kube/config. */
final class KubeClients {
  /** slf4j-simple's level for Fabric8's warning that v1alpha1 is an unstable version, which says nothing to act on. */
  private static final String VERSION_WARNING_LEVEL =
      "org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils";

  private KubeClients() {}

  static KubernetesClient open(Map<String, String> env) {
    String configured = env.get("KUBECONFIG");
    File kubeconfig = configured != null && !configured.isBlank()
        ? new File(configured.split(File.pathSeparator)[0])
        : Path.of(System.getProperty("user.home"), ".kube", "config").toFile();
    if (!kubeconfig.isFile()) {
      throw new UserException("no kubeconfig at " + kubeconfig + "; point KUBECONFIG at one (kubectl config view"
          + " shows yours) to reach the cluster");
    }
    System.setProperty(VERSION_WARNING_LEVEL, "error");
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, kubeconfig)).build();
  }
}
