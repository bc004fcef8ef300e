package dev.mlflowoperator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlflowoperator.railway.Redactor;

/**
 * Shows a found value in a message: quoted and escaped (a URL without its user and password), or only its kind when
 * it may be secret.
 */
final class Found {
  private static final int MAX_ECHO = 60;

  private Found() {}

  /** The value as a user reads it in a message, e.g. {@code "5GB"}, {@code 0} or {@code a list}. */
  static String describe(JsonNode value, boolean sensitive) {
    if (value.isContainerNode()) {
      return kind(value);
    }
    if (sensitive) {
      return kind(value) + " (not shown)";
    }
    String json = Redactor.withoutUserinfo(value.toString());
    return json.length() <= MAX_ECHO ? json : json.substring(0, MAX_ECHO) + "...";
  }

  /** What kind of YAML value it is, e.g. "a number" or "a mapping". */
  static String kind(JsonNode value) {
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isNumber()) {
      return "a number";
    }
    if (value.isBoolean()) {
      return "a boolean";
    }
    return "text";
  }
}
