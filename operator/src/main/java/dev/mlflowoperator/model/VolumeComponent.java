package dev.mlflowoperator.model;

/**
 * A persistent volume. It is never deleted or recreated by a plan; on deletion of the deployment it is kept unless
 * {@code retain} is false ({@code deletionPolicy: Delete}).
 */
public record VolumeComponent(String key, String name, String size, boolean retain) implements Component {}
