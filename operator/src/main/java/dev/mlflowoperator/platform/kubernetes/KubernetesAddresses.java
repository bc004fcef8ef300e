package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.model.PlatformAddresses;
import dev.mlflowoperator.model.ProxyModel;
import dev.mlflowoperator.model.StackNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;

/** Where MLflow and the proxy are reached on Kubernetes: Service DNS names and the user's hosts. */
public final class KubernetesAddresses {
  private KubernetesAddresses() {}

  /** Each service through its Service of the same name; public hosts are the user's hosts plus every DNS form of the proxy Service. */
  public static PlatformAddresses of(StackNames names, KubernetesOptions options) {
    var hosts = new LinkedHashSet<String>(options.hosts());
    String proxy = names.proxy();
    String ns = options.namespace();
    hosts.add(proxy);
    hosts.add(proxy + "." + ns);
    hosts.add(proxy + "." + ns + ".svc");
    hosts.add(proxy + "." + ns + ".svc.cluster.local");
    return new PlatformAddresses("", new ArrayList<>(hosts));
  }

  /** https on the first user host when hosts are given (TLS ends in front of the proxy), else the in-cluster URL. */
  public static String url(StackNames names, KubernetesOptions options) {
    if (!options.hosts().isEmpty()) {
      return "https://" + options.hosts().get(0);
    }
    return "http://" + names.proxy() + "." + options.namespace() + ".svc.cluster.local:" + ProxyModel.PORT;
  }
}
