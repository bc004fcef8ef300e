package dev.mlflowoperator.railway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.railway.RailwayException.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A GraphqlExecutor over an in-process handler (the sandbox): no HTTP, same error kinds as RailwayClient. */
public final class DirectGraphql implements GraphqlExecutor {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Answers one request with the JSON body Railway would send ({@code data} and/or {@code errors}). */
  @FunctionalInterface
  public interface Handler {
    Map<String, Object> handle(GraphqlOperation op, Map<String, Object> variables);
  }

  private final Handler handler;

  public DirectGraphql(Handler handler) {
    this.handler = handler;
  }

  @Override
  public JsonNode execute(GraphqlOperation op, Map<String, Object> variables) {
    return data(op, MAPPER.valueToTree(handler.handle(op, variables)));
  }

  /** As {@link RailwayClient#query}: the errors of single top-level fields come back with the data. */
  @Override
  public GraphqlAnswer query(GraphqlOperation op, Map<String, Object> variables) {
    JsonNode answer = MAPPER.valueToTree(handler.handle(op, variables));
    JsonNode errors = answer.path("errors");
    var fieldErrors = errors.isArray() && !errors.isEmpty() && answer.has("data")
        ? ErrorClassifier.fieldErrors(op, errors, Redactor.none()) : Optional.<List<GraphqlAnswer.FieldError>>empty();
    if (fieldErrors.isEmpty()) {
      return new GraphqlAnswer(data(op, answer), List.of());
    }
    return new GraphqlAnswer(answer.path("data").isObject() ? answer.get("data") : null, fieldErrors.get());
  }

  private static JsonNode data(GraphqlOperation op, JsonNode answer) {
    JsonNode errors = answer.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      throw ErrorClassifier.fromGraphqlErrors(op, errors);
    }
    JsonNode data = answer.path("data");
    if (!data.isObject()) {
      throw new RailwayException(Kind.REJECTED, op.name(), "The answer to " + op.name() + " has neither data nor errors");
    }
    return data;
  }
}
