package dev.mlflowoperator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.state.StateStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads deployments from the status API of a running {@code mlflowctl run} instead of the local state store, with
 * the API's bearer token when one is given.
 */
final class ServerStatus implements StatusSource {
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private final String base;
  private final Optional<String> token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The API at {@code url}; {@code token} (null or blank: none) is sent as a bearer token. */
  ServerStatus(String url, String token) {
    this.base = url.replaceAll("/+$", "");
    this.token = Optional.ofNullable(token).map(String::strip).filter(t -> !t.isEmpty());
  }

  @Override
  public List<MlflowDeployment> list() {
    var deployments = new ArrayList<MlflowDeployment>();
    get("").path("deployments").forEach(node -> deployments.add(deployment(node)));
    return deployments;
  }

  @Override
  public Optional<MlflowDeployment> load(String name) {
    JsonNode node = get("/" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    return node.isMissingNode() ? Optional.empty() : Optional.of(deployment(node));
  }

  @Override
  public String where() {
    return base;
  }

  /** The JSON at the API path; missing on 404. */
  private JsonNode get(String path) {
    URI uri = URI.create(base + "/api/v1/deployments" + path);
    try {
      var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
      token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
      var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404 && !path.isEmpty()) {
        return JSON.missingNode();
      }
      JsonNode body = JSON.readTree(response.body());
      if (response.statusCode() != 200) {
        throw new UserException(uri + " answered " + response.statusCode() + ": "
            + body.path("error").asText("no message"));
      }
      return body;
    } catch (IOException e) {
      throw new UserException("cannot read " + uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getMessage()) + "; check that mlflowctl run serves there (its --listen)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while reading " + uri, e);
    } catch (IllegalArgumentException e) {
      throw new UserException("--server " + base + " is not a URL: write e.g. http://127.0.0.1:8080", e);
    }
  }

  /** A deployment rebuilt from one entry of {@code status -o json}. */
  private static MlflowDeployment deployment(JsonNode node) {
    StatusView view = JSON.convertValue(node, StatusView.class);
    var deployment = new MlflowDeployment();
    deployment.setMetadata(new ObjectMetaBuilder().withName(view.name()).withNamespace(view.namespace()).build());
    var spec = new MlflowDeploymentSpec();
    spec.target = "-".equals(view.target()) ? null : JSON.convertValue(view.target(), Target.class);
    deployment.setSpec(spec);
    deployment.setStatus(view.status());
    if (view.sandbox()) {
      StateStore.markOnSandbox(deployment);
    }
    return deployment;
  }
}
