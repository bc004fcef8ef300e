package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where on Railway the stack lives and which token the operator uses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RailwaySpec {
  @Required
  @Pattern(Patterns.RAILWAY_NAME)
  @JsonPropertyDescription("Railway project name; created when missing.")
  public String project;

  @Default("production")
  @Pattern(Patterns.RAILWAY_NAME)
  @JsonPropertyDescription("Railway environment name.")
  public String environment = "production";

  @Pattern(Patterns.RAILWAY_REGION)
  @JsonPropertyDescription("Railway deployment region, for example us-west2; Railway's default when absent.")
  public String region;

  @JsonPropertyDescription("Secret holding the Railway API token; the operator's environment is used when absent.")
  public SecretKeyRef tokenSecretRef;
}
