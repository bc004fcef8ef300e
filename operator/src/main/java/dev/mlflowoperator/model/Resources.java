package dev.mlflowoperator.model;

/** CPU and memory for a container, as Kubernetes quantities. */
public record Resources(String cpu, String memory) {}
