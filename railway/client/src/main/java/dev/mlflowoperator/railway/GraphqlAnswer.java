package dev.mlflowoperator.railway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The answer to a query whose top-level fields are independent (a batch of aliased reads): its {@code data} (null
 * when a failed non-null field took all of it) and each field's error, by the alias it happened under.
 */
public record GraphqlAnswer(JsonNode data, List<FieldError> errors) {
  /** One error of one top-level field: {@code field} is the first element of its path, the alias. */
  public record FieldError(String field, RailwayException error) {}

  public GraphqlAnswer {
    errors = List.copyOf(errors);
  }
}
