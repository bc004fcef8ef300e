package dev.mlflowoperator.railway.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the sandbox answers to one GraphQL request: an HTTP status and the JSON body. */
record SandboxResponse(int status, Map<String, Object> body) {
  /** Railway's answer when a resolver fails for a reason it does not explain. */
  static final String PROBLEM_PROCESSING_REQUEST = "Problem processing request";

  /** HTTP 200 with an errors array and {@code data: null}, Railway's shape for resolver and user errors. */
  static SandboxResponse graphqlError(String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errors", List.of(Map.of("message", message)));
    body.put("data", null);
    return new SandboxResponse(200, body);
  }

  /** HTTP 400 for a body that is not a GraphQL request at all. */
  static SandboxResponse badRequest(String message) {
    return new SandboxResponse(400, Map.of("errors", List.of(Map.of("message", message))));
  }
}
