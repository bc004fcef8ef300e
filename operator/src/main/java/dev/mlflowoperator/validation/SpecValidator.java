package dev.mlflowoperator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Patterns;
import dev.mlflowoperator.api.v1alpha1.RotateAnnotation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/** Checks a whole MlflowDeployment document; the one validator the CLI, the controller and the operator share. */
public final class SpecValidator {
  private static final SchemaChecker SPEC_SCHEMA = SchemaChecker.forSpec();

  /** Problems in a parsed YAML/JSON document (apiVersion, kind, metadata and spec); empty when valid. */
  public List<Violation> validate(JsonNode document) {
    if (document == null || !document.isObject()) {
      String found = document == null ? "nothing" : Found.kind(document);
      return List.of(new Violation("", "found " + found
          + "; expected a mapping with apiVersion, kind, metadata and spec"));
    }
    var out = new ArrayList<Violation>();
    exact(document.path("apiVersion"), "apiVersion", MlflowDeployment.API_VERSION, out);
    exact(document.path("kind"), "kind", MlflowDeployment.KIND, out);
    metadata(document.path("metadata"), out);
    JsonNode spec = document.path("spec");
    if (spec.isMissingNode() || spec.isNull()) {
      out.add(new Violation("spec", "missing; expected the deployment settings, at least target"));
    } else {
      List<Violation> schemaViolations = SPEC_SCHEMA.check(spec, "spec");
      out.addAll(schemaViolations);
      if (spec.isObject()) {
        SpecRules.check(spec).stream()
            .filter(v -> schemaViolations.stream().noneMatch(s -> s.path().equals(v.path())))
            .forEach(out::add);
      }
    }
    return out;
  }

  /** Problems in a typed resource, as the operator receives it; empty when valid. */
  public List<Violation> validate(MlflowDeployment resource) {
    var out = new ArrayList<>(validate(Serialization.jsonMapper().<JsonNode>valueToTree(resource)));
    out.addAll(unreadableChoices(resource));
    RotateAnnotation.problem(resource).ifPresent(problem -> out.add(new Violation(RotateAnnotation.PATH, problem)));
    return out;
  }

  /**
   * A choice the typed resource could not read is left null (the API server refuses such values, but
   * a cluster without the CRD's schema may not): report it rather than run with a default.
   */
  private static List<Violation> unreadableChoices(MlflowDeployment resource) {
    var spec = resource.getSpec();
    var out = new ArrayList<Violation>();
    if (spec == null) {
      return out;
    }
    if (spec.deletionPolicy == null) {
      out.add(unreadable("spec.deletionPolicy", "Delete, Retain"));
    }
    if (spec.mlflow != null && spec.mlflow.backendStore != null && spec.mlflow.backendStore.type == null) {
      out.add(unreadable("spec.mlflow.backendStore.type", "postgres, sqlite"));
    }
    if (spec.mlflow != null && spec.mlflow.artifacts != null && spec.mlflow.artifacts.type == null) {
      out.add(unreadable("spec.mlflow.artifacts.type", "s3, volume"));
    }
    if (spec.kubernetes != null && spec.kubernetes.serviceType == null) {
      out.add(unreadable("spec.kubernetes.serviceType", "ClusterIP, LoadBalancer, NodePort"));
    }
    return out;
  }

  private static Violation unreadable(String path, String choices) {
    return new Violation(path, "found a value that is not one of the choices; expected one of " + choices);
  }

  private static void exact(JsonNode value, String path, String expected, List<Violation> out) {
    if (value.isMissingNode() || value.isNull()) {
      out.add(new Violation(path, "missing; expected " + expected));
    } else if (!value.asText().equals(expected) || !value.isTextual()) {
      out.add(new Violation(path, "found " + Found.describe(value, false) + "; expected " + expected));
    }
  }

  private static void metadata(JsonNode metadata, List<Violation> out) {
    if (!metadata.isMissingNode() && !metadata.isNull() && !metadata.isObject()) {
      out.add(new Violation("metadata", "found " + Found.kind(metadata) + "; expected a mapping with at least name"));
      return;
    }
    JsonNode name = metadata.path("name");
    String expectedName = Expectations.forPattern(Patterns.RESOURCE_NAME);
    if (name.isMissingNode() || name.isNull()) {
      out.add(new Violation("metadata.name", "missing; expected " + expectedName));
    } else if (!name.isTextual() || !name.asText().matches(Patterns.RESOURCE_NAME)) {
      String length = name.isTextual() && name.asText().length() > Patterns.RESOURCE_NAME_MAX
          ? " (" + name.asText().length() + " characters)" : "";
      out.add(new Violation("metadata.name", "found " + Found.describe(name, false) + length
          + "; expected " + expectedName + " (generated names such as <name>-proxy-config must stay valid)"));
    }
    JsonNode namespace = metadata.path("namespace");
    if (!namespace.isMissingNode() && !namespace.isNull()
        && (!namespace.isTextual() || !namespace.asText().matches(Patterns.NAMESPACE))) {
      out.add(new Violation("metadata.namespace", "found " + Found.describe(namespace, false)
          + "; expected " + Expectations.forPattern(Patterns.NAMESPACE)));
    }
  }
}
