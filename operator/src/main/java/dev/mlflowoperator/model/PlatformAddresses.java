package dev.mlflowoperator.model;

import java.util.List;

/**
 * How services reach each other privately on a platform (a service's name plus the platform's private suffix) and
 * the public host names clients use; each platform computes these.
 */
public record PlatformAddresses(String privateSuffix, List<String> publicHosts) {
  public PlatformAddresses {
    publicHosts = List.copyOf(publicHosts);
  }

  /** The private host name of the service (or volume, ...) a platform calls {@code name}. */
  public String privateHost(String name) {
    return name + privateSuffix;
  }
}
