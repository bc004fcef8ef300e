package dev.mlflowoperator.model;

/** The desired data volume; it is kept on deletion unless retain is false. */
public record Storage(String size, String mountPath, boolean retain) {}
