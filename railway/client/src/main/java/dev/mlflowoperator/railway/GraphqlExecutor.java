package dev.mlflowoperator.railway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Runs one GraphQL operation against Railway (or the sandbox) and returns its data, or throws a RailwayException. */
@FunctionalInterface
public interface GraphqlExecutor {
  JsonNode execute(GraphqlOperation op, Map<String, Object> variables);

  /**
   * Runs a query of independent top-level fields and returns the errors of single fields with the data instead of
   * throwing them; an answer without data or with an error outside any field is thrown as by {@link #execute}. This
   * default, for executors that cannot tell, throws every error.
   */
  default GraphqlAnswer query(GraphqlOperation op, Map<String, Object> variables) {
    return new GraphqlAnswer(execute(op, variables), List.of());
  }
}
