package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.model.PlatformAddresses;
import dev.mlflowoperator.model.StackNames;
import java.util.List;

/** Where MLflow and the proxy are reached on Railway: the private network name and the proxy's generated domain. */
public final class RailwayAddresses {
  /** Railway's private DNS suffix: every service is {@code <name>.railway.internal} in its environment. */
  public static final String PRIVATE_SUFFIX = ".railway.internal";

  private RailwayAddresses() {}

  /** Each service by its private name; the only public host is the proxy's domain once Railway generated it (null before). */
  public static PlatformAddresses of(StackNames names, String proxyDomain) {
    return new PlatformAddresses(PRIVATE_SUFFIX, proxyDomain == null ? List.of() : List.of(proxyDomain));
  }

  /** The public URL, or null while there is no domain. */
  public static String url(String proxyDomain) {
    return proxyDomain == null ? null : "https://" + proxyDomain;
  }
}
