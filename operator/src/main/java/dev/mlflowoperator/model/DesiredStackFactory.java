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

  /** The stack of a spec with one user. */
  public static DesiredStack build(
      String name, MlflowDeploymentSpec spec, Credentials credentials, PlatformAddresses addresses) {
    return build(name, spec, List.of(credentials), addresses);
  }

  /** The stack with {@code users}, the credentials of each user of the spec, in its order. */
  public static DesiredStack build(
      String name, MlflowDeploymentSpec spec, List<Credentials> users, PlatformAddresses addresses) {
    var names = new StackNames(name);
    var components = new ArrayList<Component>(List.of(
        credentials(names, users),
        new VolumeComponent(StackNames.COMPONENT_STORAGE, names.dataVolume(), spec.storage.size,
            spec.deletionPolicy != DeletionPolicy.Delete,
            spec.backup == null ? List.of() : spec.backup.schedule.stream().distinct().toList()),
        MlflowModel.of(names, spec, addresses),
        ProxyModel.of(names, spec, users, addresses),
        ProxyModel.endpoint(names)));
    GcModel.of(names, spec, addresses).ifPresent(components::add);
    return new DesiredStack(names, components);
  }

  /** Every user's proxy credentials, kept under the stack's credentials name for the proxy to read. */
  public static CredentialsComponent credentials(StackNames names, List<Credentials> users) {
    return new CredentialsComponent(CREDENTIALS, names.credentials(), users, StackNames.COMPONENT_PROXY);
  }

  /**
   * The stack's components with their keys and names before its credentials and addresses are known: what a
   * platform reads to observe it. Whatever depends on either is a placeholder, so an outline is never applied.
   */
  public static DesiredStack outline(String name, MlflowDeploymentSpec spec) {
    return build(name, spec, spec.proxy.auth.userList().stream().map(user -> new Credentials(user.username, "", ""))
        .toList(), new PlatformAddresses("", List.of()));
  }
}
