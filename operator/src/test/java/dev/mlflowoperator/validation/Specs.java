package dev.mlflowoperator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Test documents: a small valid MlflowDeployment, changed one field at a time. */
final class Specs {
  private static final YAMLMapper YAML = new YAMLMapper();

  private final ObjectNode document;

  private Specs(ObjectNode document) {
    this.document = document;
  }

  /** A valid document with target kubernetes and nothing else set. */
  static Specs kubernetes() {
    return of("""
        apiVersion: mlflow-operator.dev/v1alpha1
        kind: MlflowDeployment
        metadata:
          name: tracking
        spec:
          target: kubernetes
        """);
  }

  /** A valid document with target railway and a project. */
  static Specs railway() {
    return kubernetes().set("spec.target", "railway").set("spec.railway.project", "ml-platform");
  }

  static Specs of(String yaml) {
    try {
      return new Specs((ObjectNode) YAML.readTree(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets a dotted path, creating mappings on the way; a String value stays text, a number a number. */
  Specs set(String path, Object value) {
    String[] parts = path.split("\\.");
    ObjectNode parent = document;
    for (int i = 0; i < parts.length - 1; i++) {
      parent = parent.has(parts[i]) && parent.get(parts[i]).isObject()
          ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
    }
    parent.set(parts[parts.length - 1], value instanceof JsonNode node ? node : YAML.valueToTree(value));
    return this;
  }

  /** Sets a path to a YAML value as written in a file, e.g. {@code 3.14} (a number) or {@code [a, b]}. */
  Specs setYaml(String path, String yaml) {
    try {
      return set(path, YAML.readTree(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Specs remove(String path) {
    int dot = path.lastIndexOf('.');
    JsonNode parent = dot < 0 ? document : document.at("/" + path.substring(0, dot).replace('.', '/'));
    ((ObjectNode) parent).remove(path.substring(dot + 1));
    return this;
  }

  JsonNode document() {
    return document;
  }

  /** The problems the validator finds, as the lines a user reads ({@code path: message}). */
  List<String> problems() {
    return new SpecValidator().validate(document).stream().map(Violation::toString).toList();
  }
}
