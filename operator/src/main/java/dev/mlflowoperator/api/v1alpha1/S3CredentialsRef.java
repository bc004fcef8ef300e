package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A Secret holding S3 credentials, and the keys inside it. */
public class S3CredentialsRef {
  @Required
  @JsonPropertyDescription("Name of the Secret.")
  public String name;

  @Default("AWS_ACCESS_KEY_ID")
  @JsonPropertyDescription("Key holding the access key id.")
  public String accessKeyIdKey = "AWS_ACCESS_KEY_ID";

  @Default("AWS_SECRET_ACCESS_KEY")
  @JsonPropertyDescription("Key holding the secret access key.")
  public String secretAccessKeyKey = "AWS_SECRET_ACCESS_KEY";
}
