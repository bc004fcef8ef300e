package dev.mlflowoperator.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Patterns;
import dev.mlflowoperator.validation.Violation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One document of a spec file: where it is (file and 1-based position), its content and its problems. */
public record LoadedSpec(Path file, int index, JsonNode document, List<Violation> violations) {
  public LoadedSpec {
    violations = List.copyOf(violations);
  }

  /** {@code path#N}, the path as the user gave it. */
  public String source() {
    return file + "#" + index;
  }

  /** metadata.name, when it is a valid name. */
  public Optional<String> name() {
    JsonNode name = document.path("metadata").path("name");
    return name.isTextual() && name.asText().matches(Patterns.RESOURCE_NAME) ? Optional.of(name.asText()) : Optional.empty();
  }

  /** metadata.namespace, when set. */
  public Optional<String> namespace() {
    JsonNode namespace = document.path("metadata").path("namespace");
    return namespace.isTextual() ? Optional.of(namespace.asText()) : Optional.empty();
  }

  /** {@code path#N (name)}: how messages refer to this document. */
  public String label() {
    return source() + name().map(n -> " (" + n + ")").orElse("");
  }

  public boolean isValid() {
    return violations.isEmpty();
  }

  /** One line per violation, e.g. {@code specs/a.yaml#2 (tracking): spec.storage.size: found "5GB"; ...}. */
  public List<String> problems() {
    return violations.stream().map(v -> label() + ": " + v).toList();
  }

  /** The typed resource, defaults filled in; only for a valid document. */
  public MlflowDeployment resource() {
    if (!isValid()) {
      throw new IllegalStateException(label() + " is not valid: " + violations.get(0));
    }
    try {
      return Serialization.jsonMapper().treeToValue(withoutNulls(document.deepCopy()), MlflowDeployment.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(label() + " cannot be read as an MlflowDeployment: " + e.getOriginalMessage(), e);
    }
  }

  /** Drops null fields, as the API server prunes them, so that a field left empty gets its default. */
  private static JsonNode withoutNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.properties().removeIf(field -> field.getValue().isNull());
    }
    node.forEach(LoadedSpec::withoutNulls);
    return node;
  }
}
