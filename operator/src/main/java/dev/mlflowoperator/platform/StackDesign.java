package dev.mlflowoperator.platform;

import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.PlatformAddresses;

/** The desired stack of one spec and its credentials, for the addresses a platform knows. */
@FunctionalInterface
public interface StackDesign {
  DesiredStack with(PlatformAddresses addresses);
}
