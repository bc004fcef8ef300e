package dev.mlflowoperator.model;

import java.util.List;

/** The desired Caddy proxy: image, generated config and the environment the config reads. */
public record Proxy(String image, String caddyfile, String configHash, int port, List<EnvVar> env) {
  public static final int PORT = 8080;

  public Proxy {
    env = List.copyOf(env);
  }
}
