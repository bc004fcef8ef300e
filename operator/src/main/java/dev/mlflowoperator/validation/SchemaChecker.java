package dev.mlflowoperator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Checks a value against an OpenAPI v3 schema of the generated CRD, the schema the API server enforces. */
final class SchemaChecker {
  /** Where the CRD generator writes the CRD; it is packaged with the classes. */
  static final String CRD_RESOURCE = "META-INF/fabric8/mlflowdeployments.mlflow-operator.dev-v1.yml";

  private final JsonNode schema;

  SchemaChecker(JsonNode schema) {
    this.schema = schema;
  }

  /** A checker for {@code spec}, from the CRD on the classpath. */
  static SchemaChecker forSpec() {
    try (InputStream in = SchemaChecker.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CRD_RESOURCE + " is not on the classpath; build with mvn process-classes");
      }
      for (JsonNode version : new YAMLMapper().readTree(in).path("spec").path("versions")) {
        if (MlflowDeployment.VERSION.equals(version.path("name").asText())) {
          return new SchemaChecker(version.path("schema").path("openAPIV3Schema").path("properties").path("spec"));
        }
      }
      throw new IllegalStateException(CRD_RESOURCE + " has no version " + MlflowDeployment.VERSION);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CRD_RESOURCE, e);
    }
  }

  /** Problems of {@code value} (found at {@code path}) against the schema; empty when it conforms. */
  List<Violation> check(JsonNode value, String path) {
    var out = new ArrayList<Violation>();
    check(value, schema, path, false, out);
    return out;
  }

  private void check(JsonNode value, JsonNode schema, String path, boolean sensitive, List<Violation> out) {
    String type = schema.path("type").asText();
    if (!hasType(value, type)) {
      out.add(new Violation(path, typeMismatch(value, schema, sensitive)));
    } else if (type.equals("object")) {
      checkObject(value, schema, path, sensitive, out);
    } else if (type.equals("array")) {
      for (int i = 0; i < value.size(); i++) {
        if (!value.get(i).isNull()) {
          check(value.get(i), schema.path("items"), path + "[" + i + "]", sensitive, out);
        }
      }
    } else {
      checkScalar(value, schema, path, sensitive, out);
    }
  }

  private void checkObject(JsonNode value, JsonNode schema, String path, boolean sensitive, List<Violation> out) {
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    value.properties().forEach(field -> {
      String name = field.getKey();
      String childPath = path + "." + name;
      boolean childSensitive = sensitive || name.endsWith("SecretRef") || name.equals("env");
      if (field.getValue().isNull()) {
        return; // the API server prunes nulls: the same as absent
      }
      if (properties.has(name)) {
        check(field.getValue(), properties.get(name), childPath, childSensitive, out);
      } else if (additional.isObject()) {
        check(field.getValue(), additional, childPath, childSensitive, out);
      } else {
        out.add(new Violation(childPath, unknownField(name, properties)));
      }
    });
    for (JsonNode required : schema.path("required")) {
      String name = required.asText();
      if (!value.hasNonNull(name)) {
        JsonNode property = properties.path(name);
        boolean described = property.has("enum") || property.has("pattern");
        out.add(new Violation(path + "." + name,
            "missing; " + (described ? "expected " + expectation(property) : "this field is required")));
      }
    }
  }

  private void checkScalar(JsonNode value, JsonNode schema, String path, boolean sensitive, List<Violation> out) {
    boolean invalid = schema.has("enum") && !contains(schema.get("enum"), value)
        || schema.has("pattern") && !value.asText().matches(schema.get("pattern").asText()) // whole value, like Go's $
        || schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()
        || schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble();
    if (invalid) {
      String message = "found " + Found.describe(value, sensitive) + "; expected " + expectation(schema);
      if (schema.has("enum") && !sensitive) {
        message += Suggestions.nearest(value.asText(), names(schema.get("enum")))
            .map(s -> " (did you mean \"" + s + "\"?)").orElse("");
      }
      out.add(new Violation(path, message));
    }
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }

  private static String typeMismatch(JsonNode value, JsonNode schema, boolean sensitive) {
    String found = "found " + Found.describe(value, sensitive);
    String type = schema.path("type").asText();
    if (type.equals("string") && value.isValueNode()) {
      String expected = schema.has("enum") || schema.has("pattern") ? expectation(schema) + ", in quotes" : "text in quotes";
      return found + (sensitive ? "" : " (" + Found.kind(value) + ")") + "; expected " + expected;
    }
    boolean quotedNumber = value.isTextual() && value.asText().matches("-?[0-9]+(\\.[0-9]+)?");
    return found + "; expected " + expectation(schema) + (quotedNumber ? ", without quotes" : "");
  }

  private static String unknownField(String name, JsonNode properties) {
    List<String> known = names(properties);
    return Suggestions.nearest(name, known)
        .map(s -> "unknown field; did you mean \"" + s + "\"?")
        .orElse("unknown field; known fields here are " + String.join(", ", known));
  }

  /** A valid value for the schema, in words. */
  private static String expectation(JsonNode schema) {
    if (schema.has("enum")) {
      return "one of " + String.join(", ", names(schema.get("enum")));
    }
    if (schema.has("pattern")) {
      return Expectations.forPattern(schema.get("pattern").asText());
    }
    return switch (schema.path("type").asText()) {
      case "integer", "number" -> numberExpectation(schema);
      case "object" -> "a mapping (field: value)";
      case "array" -> "a list";
      case "boolean" -> "true or false";
      default -> "text";
    };
  }

  private static String numberExpectation(JsonNode schema) {
    String kind = schema.path("type").asText().equals("integer") ? "a whole number" : "a number";
    String min = schema.has("minimum") ? number(schema.get("minimum")) : null;
    String max = schema.has("maximum") ? number(schema.get("maximum")) : null;
    if (min != null && max != null) {
      return kind + " from " + min + " to " + max;
    }
    if (min != null) {
      return kind + " of at least " + min;
    }
    return max != null ? kind + " of at most " + max : kind;
  }

  private static String number(JsonNode bound) {
    double d = bound.asDouble();
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode candidate : values) {
      if (candidate.equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** The field names of a mapping, or the texts of a list. */
  private static List<String> names(JsonNode node) {
    var names = new ArrayList<String>();
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(names::add);
    } else {
      node.forEach(n -> names.add(n.asText()));
    }
    return names;
  }
}
