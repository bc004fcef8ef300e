package dev.mlflowoperator.model;

import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a valid spec into the DesiredStack: the list of its components, each built by its own model class. Pure:
 * no I/O, no clock, no randomness; the credentials and the platform's addresses are passed in.
 */
public final class DesiredStackFactory {
  /** The key of the credentials component. */
  public static final String CREDENTIALS = "credentials";

  private DesiredStackFactory() {}

  public static DesiredStack build(
      String name, MlflowDeploymentSpec spec, Credentials credentials, PlatformAddresses addresses) {
    var names = new StackNames(name);
    var components = new ArrayList<Component>(List.of(
        credentials(names, credentials),
        new VolumeComponent(StackNames.COMPONENT_STORAGE, names.dataVolume(), spec.storage.size,
            spec.deletionPolicy != DeletionPolicy.Delete,
            spec.backup == null ? List.of() : spec.backup.schedule.stream().distinct().toList()),
        MlflowModel.of(names, spec, addresses),
        ProxyModel.of(names, spec, credentials, addresses),
        ProxyModel.endpoint(names)));
    GcModel.of(names, spec, addresses).ifPresent(components::add);
    return new DesiredStack(names, components);
  }

  /** The proxy credentials, kept under the stack's credentials name for the proxy to read. */
  public static CredentialsComponent credentials(StackNames names, Credentials credentials) {
    return new CredentialsComponent(CREDENTIALS, names.credentials(), credentials, StackNames.COMPONENT_PROXY);
  }

  /**
   * The stack's components with their keys and names before its credentials and addresses are known: what a
   * platform reads to observe it. Whatever depends on either is a placeholder, so an outline is never applied.
   */
  public static DesiredStack outline(String name, MlflowDeploymentSpec spec) {
    return build(name, spec, new Credentials("", "", ""), new PlatformAddresses("", List.of()));
  }
}
