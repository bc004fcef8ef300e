package dev.mlflowoperator.cli;

import picocli.CommandLine.Option;

/** Where status, env, delete, restore and backup find deployments: recorded in MLFLOWCTL_HOME, or (--cluster) in the cluster. */
final class DeploymentLocation {
  @Option(names = "--cluster", description = "MlflowDeployments in the cluster of the current kubeconfig context,"
      + " not those recorded in MLFLOWCTL_HOME.")
  boolean cluster;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", converter = DnsLabelConverter.Namespace.class,
      description = "Its namespace; default: the kubeconfig context's (with --cluster), else any recorded one.")
  String namespace;
}
