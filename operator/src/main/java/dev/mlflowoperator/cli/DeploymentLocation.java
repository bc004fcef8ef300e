package dev.mlflowoperator.cli;

import picocli.CommandLine.Option;

/** Where env and delete find a deployment by name: recorded in MLFLOWCTL_HOME, or (--cluster) in the cluster. */
final class DeploymentLocation {
  @Option(names = "--cluster", description = "The MlflowDeployment in the cluster of the current kubeconfig context,"
      + " not one recorded in MLFLOWCTL_HOME.")
  boolean cluster;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
      description = "Its namespace; default: the kubeconfig context's (with --cluster), else any recorded one.")
  String namespace;
}
