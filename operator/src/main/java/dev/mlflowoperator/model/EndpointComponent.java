package dev.mlflowoperator.model;

/** The one public entry of the stack: a service's port, reachable from outside the platform. */
public record EndpointComponent(String key, String name, String serviceKey, int port) implements Component {}
