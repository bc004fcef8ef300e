package dev.mlflowoperator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import java.util.List;

/** TODO(validation helper): checks a whole MlflowDeployment document; shared by every entry point. */
public final class SpecValidator {
  /** Problems in a parsed YAML/JSON document (apiVersion, kind, metadata and spec); empty when valid. */
  public List<Violation> validate(JsonNode document) {
    return List.of();
  }

  /** Problems in a typed resource, as the operator receives it; empty when valid. */
  public List<Violation> validate(MlflowDeployment resource) {
    return List.of();
  }
}
