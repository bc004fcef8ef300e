package dev.mlflowoperator.railway.sandbox;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.InvalidSyntaxError;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.validation.ValidationError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Executes requests against the client's subset SDL and shapes the answers as Railway does. */
final class SandboxGraphql {
  static final String SDL_RESOURCE = "/dev/mlflowoperator/railway/railway-subset.graphqls";

  private final GraphQL graphql;

  SandboxGraphql(RailwaySemantics railway) {
    this.graphql = GraphQL.newGraphQL(new SchemaGenerator()
            .makeExecutableSchema(new SchemaParser().parse(subsetSdl()), SandboxWiring.of(railway)))
        .defaultDataFetcherExceptionHandler(SandboxGraphql::railwayError)
        .build();
  }

  /**
   * Runs one request. A document that does not parse or validate, or variables that do not fit, get
   * HTTP 400 with Apollo-style error codes; everything else HTTP 200 with {@code data} and any {@code errors}.
   */
  SandboxResponse execute(String query, String operationName, Map<String, Object> variables) {
    ExecutionResult result = graphql.execute(ExecutionInput.newExecutionInput()
        .query(query == null ? "" : query)
        .operationName(operationName)
        .variables(variables == null ? Map.of() : variables)
        .build());
    if (!result.isDataPresent() && !result.getErrors().isEmpty()) {
      List<Map<String, Object>> errors = result.getErrors().stream().map(SandboxGraphql::withCode).toList();
      return new SandboxResponse(400, Map.of("errors", errors));
    }
    return new SandboxResponse(200, result.toSpecification());
  }

  private static Map<String, Object> withCode(GraphQLError error) {
    Map<String, Object> spec = new LinkedHashMap<>(error.toSpecification());
    String code = error instanceof InvalidSyntaxError ? "GRAPHQL_PARSE_FAILED"
        : error instanceof ValidationError ? "GRAPHQL_VALIDATION_FAILED"
        : "BAD_USER_INPUT";
    spec.put("extensions", Map.of("code", code));
    return spec;
  }

  /** A {@link SandboxException} keeps its Railway wording; anything else is Railway's generic failure. */
  private static CompletableFuture<DataFetcherExceptionHandlerResult> railwayError(
      DataFetcherExceptionHandlerParameters parameters) {
    Throwable failure = parameters.getException();
    String message = failure instanceof SandboxException
        ? failure.getMessage()
        : SandboxResponse.PROBLEM_PROCESSING_REQUEST;
    GraphQLError error = GraphqlErrorBuilder.newError()
        .message(message)
        .path(parameters.getPath())
        .location(parameters.getSourceLocation())
        .build();
    return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
  }

  private static String subsetSdl() {
    try (InputStream in = SandboxGraphql.class.getResourceAsStream(SDL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("The subset SDL is missing from the classpath: " + SDL_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + SDL_RESOURCE, e);
    }
  }
}
