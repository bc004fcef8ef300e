package dev.mlflowoperator.model;

/**
 * One part of a stack, of one of a few kinds that every platform knows how to render, observe and plan. The key
 * names the component in {@code status.components} and in recorded IDs; the name is what the platform calls it.
 */
public sealed interface Component
    permits ServiceComponent, ScheduledJobComponent, VolumeComponent, CredentialsComponent, EndpointComponent {
  String key();

  String name();
}
