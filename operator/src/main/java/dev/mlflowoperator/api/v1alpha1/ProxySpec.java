package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** The Caddy proxy: its version and the basic-auth credentials it enforces. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProxySpec {
  public static final String DEFAULT_CADDY_VERSION = "2.11";

  @Default(DEFAULT_CADDY_VERSION)
  @Pattern(Patterns.CADDY_VERSION)
  @JsonPropertyDescription("Caddy version, for example 2.11; the generated config follows it.")
  public String caddyVersion = DEFAULT_CADDY_VERSION;

  @JsonPropertyDescription("Container image; caddy:<caddyVersion> when absent.")
  public String image;

  @JsonPropertyDescription("HTTP basic auth in front of MLflow.")
  public AuthSpec auth = new AuthSpec();
}
