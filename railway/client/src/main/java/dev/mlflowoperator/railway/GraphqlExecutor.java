package dev.mlflowoperator.railway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Runs one GraphQL operation against Railway (or the sandbox) and returns its data, or throws a RailwayException. */
@FunctionalInterface
public interface GraphqlExecutor {
  JsonNode execute(GraphqlOperation op, Map<String, Object> variables);
}
