package dev.mlflowoperator.model;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The whole stack one MlflowDeployment asks for: its components, as plain values; built by DesiredStackFactory. */
public record DesiredStack(StackNames names, List<Component> components) {
  public DesiredStack {
    components = List.copyOf(components);
  }

  /** Every component of one kind, in the stack's order. */
  public <T extends Component> List<T> all(Class<T> kind) {
    return components.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** The component with this key, if it is of that kind. */
  public <T extends Component> Optional<T> find(Class<T> kind, String key) {
    return all(kind).stream().filter(c -> c.key().equals(key)).findFirst();
  }

  public ServiceComponent service(String key) {
    return find(ServiceComponent.class, key).orElseThrow(() -> new NoSuchElementException("no service " + key));
  }

  public List<ServiceComponent> services() {
    return all(ServiceComponent.class);
  }

  public List<VolumeComponent> volumes() {
    return all(VolumeComponent.class);
  }

  /** The stack's public entry. */
  public EndpointComponent endpoint() {
    return all(EndpointComponent.class).get(0);
  }

  /** The first user's proxy credentials: what clients get by default. */
  public Credentials credentials() {
    return all(CredentialsComponent.class).get(0).credentials();
  }

  /** Every user's proxy credentials, in the spec's order. */
  public List<Credentials> users() {
    return all(CredentialsComponent.class).get(0).users();
  }
}
