package dev.mlflowoperator.model;

/**
 * CPU and memory of a container as Kubernetes quantities: what it is guaranteed (requests) and the most it may use
 * (limits). A null limit is unlimited.
 */
public record Resources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
  /** As much guaranteed as allowed: the scheduler reserves what the container may use. */
  public static Resources exactly(String cpu, String memory) {
    return new Resources(cpu, memory, cpu, memory);
  }
}
