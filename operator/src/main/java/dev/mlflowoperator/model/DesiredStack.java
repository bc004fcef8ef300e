package dev.mlflowoperator.model;

/** The whole stack one MlflowDeployment asks for, as plain values; built by DesiredStackFactory. */
public record DesiredStack(
    StackNames names, MlflowServer mlflow, Proxy proxy, Storage storage, Credentials credentials) {}
