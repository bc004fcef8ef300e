package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.model.CaddyConfig;
import dev.mlflowoperator.proxy.CaddyProcess;
import dev.mlflowoperator.proxy.StubUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Runs the real caddy on the Caddyfile the operator produced, in front of StubUpstream, and checks the auth. */
final class ProxyCheck {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ProxyCheck() {}

  /** The installed caddy's major.minor, for spec.proxy.caddyVersion ("2.6" on CI's Debian). */
  static String installedCaddyVersion(Path workDir) {
    var version = CaddyProcess.version(CaddyProcess.binary(), workDir);
    return version.major() + "." + version.minor();
  }

  /**
   * caddy with the operator's Caddyfile and the proxy's variables (PORT and MLFLOW_UPSTREAM pointed at
   * loopback): /health open; the experiments search 401 without or with wrong credentials, 200 with them.
   */
  static void assertGuards(Path workDir, String caddyfile, Map<String, String> proxyEnv, String username,
      String password) throws Exception {
    try (var upstream = StubUpstream.start()) {
      var env = new HashMap<String, String>();
      env.put(CaddyConfig.ENV_USERNAME, proxyEnv.get(CaddyConfig.ENV_USERNAME));
      env.put(CaddyConfig.ENV_PASSWORD_HASH, proxyEnv.get(CaddyConfig.ENV_PASSWORD_HASH));
      env.put(CaddyConfig.ENV_UPSTREAM, upstream.address());
      env.put(CaddyConfig.ENV_PORT, Integer.toString(CaddyProcess.freePort()));
      try (var caddy = CaddyProcess.run(CaddyProcess.binary(), workDir, caddyfile, env)) {
        assertThat(get(caddy.uri("/health"), null).statusCode()).as(caddy.log()).isEqualTo(200);
        String search = StubUpstream.SEARCH_PATH;
        assertThat(get(caddy.uri(search), null).statusCode()).as("no credentials").isEqualTo(401);
        assertThat(get(caddy.uri(search), basic(username, password + "x")).statusCode()).as("wrong password")
            .isEqualTo(401);
        assertThat(get(caddy.uri(search), basic("someone-else", password)).statusCode()).as("wrong user")
            .isEqualTo(401);
        assertThat(get(caddy.uri("/"), null).statusCode()).as("the UI without credentials").isEqualTo(401);
        var ok = get(caddy.uri(search), basic(username, password));
        assertThat(ok.statusCode()).as(caddy.log()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(StubUpstream.SEARCH_BODY);
        assertThat(upstream.requests()).extracting(StubUpstream.Request::path)
            .containsOnly("/health", StubUpstream.SEARCH_PATH);
      }
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
    var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
