package dev.mlflowoperator.railway;

import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Where the Railway GraphQL API is and which header proves who is calling; never shows the token.
 */
public final class RailwayEndpoint {
  public static final String DEFAULT_URL = "https://backboard.railway.com/graphql/v2";
  /** Requests without a query string meet Railway's much lower edge rate limit. */
  public static final String SOURCE = "mlflow-operator";

  public static final String ENV_API_URL = "RAILWAY_API_URL";
  public static final String ENV_TOKEN = "RAILWAY_TOKEN";
  public static final String ENV_PROJECT_TOKEN = "RAILWAY_PROJECT_TOKEN";

  private final HttpUrl url;
  private final String headerName;
  private final String headerValue;
  private final String tokenKind;

  private RailwayEndpoint(HttpUrl url, String headerName, String headerValue, String tokenKind) {
    this.url = url;
    this.headerName = headerName;
    this.headerValue = headerValue;
    this.tokenKind = tokenKind;
  }

  /**
   * Reads RAILWAY_API_URL, RAILWAY_TOKEN (account or workspace, sent as a bearer token) and
   * RAILWAY_PROJECT_TOKEN (sent as Project-Access-Token); empty when neither token is set.
   */
  public static Optional<RailwayEndpoint> fromEnvironment(Map<String, String> env) {
    String base = nonBlank(env.get(ENV_API_URL)).orElse(DEFAULT_URL);
    HttpUrl parsed = HttpUrl.parse(base);
    if (parsed == null) {
      throw new IllegalArgumentException(ENV_API_URL + " is not an http(s) URL: '" + base + "'");
    }
    HttpUrl url = parsed.queryParameter("source") != null
        ? parsed
        : parsed.newBuilder().addQueryParameter("source", SOURCE).build();
    var token = nonBlank(env.get(ENV_TOKEN));
    if (token.isPresent()) {
      return Optional.of(new RailwayEndpoint(url, "Authorization", "Bearer " + token.get(), "account"));
    }
    return nonBlank(env.get(ENV_PROJECT_TOKEN))
        .map(t -> new RailwayEndpoint(url, "Project-Access-Token", t, "project"));
  }

  public HttpUrl url() {
    return url;
  }

  public String authHeaderName() {
    return headerName;
  }

  public String authHeaderValue() {
    return headerValue;
  }

  @Override
  public String toString() {
    return url + " (" + tokenKind + " token)";
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
