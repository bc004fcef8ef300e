package dev.mlflowoperator.model;

import java.util.List;

/**
 * How a target reaches MLflow privately and the public host names clients use; each target
 * computes these for its platform.
 */
public record PlatformAddresses(String mlflowHost, List<String> publicHosts) {
  public PlatformAddresses {
    publicHosts = List.copyOf(publicHosts);
  }
}
