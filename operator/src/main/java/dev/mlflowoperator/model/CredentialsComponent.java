package dev.mlflowoperator.model;

/**
 * Generated or referenced credentials, kept where the platform keeps secrets, under one name with the keys of
 * {@link Credentials}; {@code usedBy} is the service that reads them.
 */
public record CredentialsComponent(String key, String name, Credentials credentials, String usedBy)
    implements Component {}
