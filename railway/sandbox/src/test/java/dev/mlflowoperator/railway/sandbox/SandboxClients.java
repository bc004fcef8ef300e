package dev.mlflowoperator.railway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlflowoperator.railway.GraphqlOperation;
import dev.mlflowoperator.railway.RailwayClient;
import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.RailwayException;
import dev.mlflowoperator.railway.RetryPolicies;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import okhttp3.OkHttpClient;

/** The real Railway client pointed at a sandbox, without retries so each fault shows as it is, and small helpers. */
final class SandboxClients {
  private static final RetryPolicies.Settings NO_RETRIES =
      new RetryPolicies.Settings(0, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60));

  /**
   * The shape of the operator's ObserveStack for a stack of two services (mlflow, proxy): the project, its
   * environment, and each service's variables and limits; pass "" and false for a service whose id is not known.
   */
  static final GraphqlOperation OBSERVE = GraphqlOperation.of("""
      query ObserveStack(
        $projectId: String!
        $environmentId: String!
        $mlflowServiceId: String!
        $withMlflowVariables: Boolean!
        $proxyServiceId: String!
        $withProxyVariables: Boolean!
      ) {
        project(id: $projectId) {
          id
          name
          description
          deletedAt
          environments(first: 10) {
            edges { node { id name } }
          }
          services(first: 100) {
            edges { node { id name deletedAt } }
            pageInfo { hasNextPage endCursor }
          }
          volumes(first: 100) {
            edges { node { id name } }
            pageInfo { hasNextPage endCursor }
          }
        }
        environment(id: $environmentId, projectId: $projectId) {
          id
          name
          unmergedChangesCount
          serviceInstances(first: 100) {
            edges {
              node {
                id
                serviceId
                serviceName
                environmentId
                source { image }
                startCommand
                healthcheckPath
                healthcheckTimeout
                region
                restartPolicyType
                restartPolicyMaxRetries
                domains {
                  serviceDomains { id domain targetPort }
                }
                latestDeployment { id status createdAt }
                activeDeployments { id status }
              }
            }
            pageInfo { hasNextPage endCursor }
          }
          volumeInstances(first: 100) {
            edges {
              node {
                id
                volumeId
                serviceId
                mountPath
                sizeMB
                state
                isPendingDeletion
                volume { id name }
              }
            }
            pageInfo { hasNextPage endCursor }
          }
        }
        mlflowVariables: variables(
          projectId: $projectId
          environmentId: $environmentId
          serviceId: $mlflowServiceId
          unrendered: true
        ) @include(if: $withMlflowVariables)
        proxyVariables: variables(
          projectId: $projectId
          environmentId: $environmentId
          serviceId: $proxyServiceId
          unrendered: true
        ) @include(if: $withProxyVariables)
        mlflowLimits: serviceInstanceLimits(environmentId: $environmentId, serviceId: $mlflowServiceId)
          @include(if: $withMlflowVariables)
      }
      """);

  private SandboxClients() {}

  /** A client with the sandbox's token as a bearer token. */
  static RailwayClient bearer(RailwaySandbox sandbox) {
    return client(sandbox.url(), RailwayEndpoint.ENV_TOKEN, sandbox.token(), Duration.ofSeconds(10));
  }

  static RailwayClient client(String url, String tokenVariable, String token, Duration readTimeout) {
    RailwayEndpoint endpoint = RailwayEndpoint.fromEnvironment(
        Map.of(RailwayEndpoint.ENV_API_URL, url, tokenVariable, token)).orElseThrow();
    return RailwayClient.builder(endpoint)
        .http(new OkHttpClient.Builder().readTimeout(readTimeout).retryOnConnectionFailure(false).build())
        .retry(NO_RETRIES)
        .build();
  }

  static JsonNode run(RailwayClient client, String operation, Object... namesAndValues) {
    return run(client, GraphqlOperation.named(operation), namesAndValues);
  }

  static JsonNode run(RailwayClient client, GraphqlOperation operation, Object... namesAndValues) {
    return client.execute(operation, variables(namesAndValues));
  }

  static RailwayException failure(RailwayClient client, String operation, Object... namesAndValues) {
    return failure(client, GraphqlOperation.named(operation), namesAndValues);
  }

  static RailwayException failure(RailwayClient client, GraphqlOperation operation, Object... namesAndValues) {
    try {
      run(client, operation, namesAndValues);
    } catch (RailwayException e) {
      return e;
    }
    throw new AssertionError(operation + " was expected to fail but succeeded");
  }

  /** Variables from name, value pairs; values may be null (Map.of does not allow that). */
  static Map<String, Object> variables(Object... namesAndValues) {
    Map<String, Object> variables = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      variables.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return variables;
  }
}
