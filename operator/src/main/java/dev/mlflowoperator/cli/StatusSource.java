package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import java.util.List;
import java.util.Optional;

/** Where mlflowctl status reads deployments: the home's records, a running mlflowctl run, or a cluster. */
interface StatusSource {
  /** Every deployment there. */
  List<MlflowDeployment> list();

  /** The deployment of that name, if there is one. */
  Optional<MlflowDeployment> load(String name);

  /** Where that is, for messages: the home, the server's URL, or the cluster's namespace. */
  String where();
}
