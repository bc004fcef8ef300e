package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.status.Health;
import dev.mlflowoperator.status.Reasons;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** The live probes over HTTP with OkHttp; each failure names what it saw, never the credentials. */
public final class HttpHealthProber implements HealthProber {
  /** The proxy answered /health itself, with a gateway error: it cannot reach MLflow behind it. */
  static final String SEARCH_PATH = "/api/2.0/mlflow/experiments/search?max_results=1";
  private static final Set<Integer> GATEWAY_ERRORS = Set.of(502, 503, 504);
  private final OkHttpClient http;

  public HttpHealthProber() {
    this(new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).followRedirects(false).build());
  }

  public HttpHealthProber(OkHttpClient http) {
    this.http = http;
  }

  @Override
  public Health probe(String url, Credentials credentials) {
    try {
      try (Response health = get(url + "/health", null)) {
        if (health.code() != 200) {
          return GATEWAY_ERRORS.contains(health.code()) && fromOurProxy(health)
              ? Health.unhealthy(Reasons.MLFLOW_UNREACHABLE, "GET /health answered " + health.code()
                  + " from the proxy: it runs, but cannot reach MLflow behind it")
              : Health.unhealthy(Reasons.HEALTH_CHECK_FAILED, "GET /health answered " + health.code() + ", expected 200");
        }
      }
      int anonymous = status(url + SEARCH_PATH, null);
      if (anonymous != 401) {
        return Health.unhealthy(Reasons.AUTH_NOT_ENFORCED,
            "a request without credentials answered " + anonymous + ", expected 401: basic auth is not enforced");
      }
      String basic = okhttp3.Credentials.basic(credentials.username(), credentials.password());
      int search = status(url + SEARCH_PATH, basic);
      if (search != 200) {
        return Health.unhealthy(Reasons.MLFLOW_NOT_ANSWERING, "an authenticated experiment search answered " + search
            + ", expected 200: MLflow or its backend store is not working behind the proxy");
      }
      return Health.healthy("GET /health is 200, anonymous requests get 401, an authenticated search is 200.");
    } catch (IOException e) {
      return Health.unhealthy(Reasons.UNREACHABLE, "cannot reach " + url + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
  }

  private int status(String url, String authorization) throws IOException {
    try (Response response = get(url, authorization)) {
      return response.code();
    }
  }

  private Response get(String url, String authorization) throws IOException {
    var request = new Request.Builder().url(url).get();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.newCall(request.build()).execute();
  }

  /** Our Caddy sets these on every answer, errors included; Railway's edge, answering for a proxy that is down, does not. */
  private static boolean fromOurProxy(Response response) {
    return "DENY".equals(response.header("X-Frame-Options")) && "no-referrer".equals(response.header("Referrer-Policy"));
  }
}
