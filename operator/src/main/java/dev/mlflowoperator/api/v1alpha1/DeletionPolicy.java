package dev.mlflowoperator.api.v1alpha1;

/** What happens to the storage volume, and so the user's data, when the deployment is deleted. */
public enum DeletionPolicy {
  Retain,
  Delete
}
