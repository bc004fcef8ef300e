package dev.mlflowoperator.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.model.CaddyConfig;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.ReleaseVersion;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.status.Reasons;
import dev.mlflowoperator.platform.railway.HttpHealthProber;
import java.io.IOException;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated Caddyfile run by the real caddy binary in front of a stub MLflow on loopback. */
class CaddyProxyTest {
  private static final String USERNAME = "mlflow";
  private static final String PUBLIC_HOST = "tracking.example.com";
  private static final CredentialsGenerator GENERATOR = new CredentialsGenerator();

  /** HTTP/1.1 so that no h2c upgrade headers are added, no authenticator, no proxy, no redirects. */
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  @TempDir static Path workDir;

  private static Path caddy;
  private static ReleaseVersion installed;
  private static String password;
  private static StubUpstream upstream;
  private static CaddyProcess proxy;

  /**
   * Looks for caddy before each test, not once per class: Surefire reports a class-level skip as
   * zero tests and drops its message, while a skipped test keeps the install hint.
   */
  @BeforeEach
  void startCaddyInFrontOfTheStubOnce() {
    caddy = CaddyProcess.binary();
    if (upstream == null) {
      upstream = StubUpstream.start();
    }
    if (proxy == null) {
      installed = CaddyProcess.version(caddy, workDir);
      password = GENERATOR.generatePassword();
      proxy = CaddyProcess.run(caddy, workDir, renderForInstalled(), env(USERNAME, GENERATOR.hash(password)));
    }
    upstream.clear();
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void configForTheInstalledVersionValidates() {
    var result = CaddyProcess.validate(caddy, workDir, renderForInstalled(), env(USERNAME, GENERATOR.hash(password)));

    assertThat(result.succeeded()).as("caddy validate output: %s", result.output()).isTrue();
    assertThat(result.output()).contains("Valid configuration");
  }

  /**
   * CI installs Debian's caddy, 2.6.2, which predates the basic_auth spelling: there the config
   * for 2.11 must be refused, which shows the version switch matters. Its exact text is pinned by
   * CaddyConfigTest; a caddy of 2.8 or later (not installable here) must accept it.
   */
  @Test
  void configFor211IsAcceptedOnlyByCaddy28OrLater() {
    var result = CaddyProcess.validate(caddy, workDir, CaddyConfig.render("2.11", 1), env(USERNAME, GENERATOR.hash(password)));

    if (installed.atLeast(2, 8)) {
      assertThat(result.succeeded()).as("caddy %s validate output: %s", installed, result.output()).isTrue();
    } else {
      assertThat(result.succeeded()).as("caddy %s accepted basic_auth", installed).isFalse();
      assertThat(result.output()).contains("unrecognized directive: basic_auth");
    }
  }

  @Test
  void healthWithoutCredentialsIsProxiedToMlflowHealth() throws Exception {
    var response = send(request("/health"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(StubUpstream.HEALTH_BODY);
    assertThat(upstream.requests()).singleElement().satisfies(seen -> {
      assertThat(seen.method()).isEqualTo("GET");
      assertThat(seen.rawPath()).isEqualTo("/health");
      assertThat(seen.header("authorization")).isEmpty();
    });
  }

  /** Some uptime checkers use HEAD. */
  @Test
  void headOfHealthWithoutCredentialsIsProxiedToMlflowHealth() throws Exception {
    var response = send(request("/health").method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstream.requests()).singleElement().satisfies(seen -> {
      assertThat(seen.method()).isEqualTo("HEAD");
      assertThat(seen.rawPath()).isEqualTo("/health");
      assertThat(seen.header("authorization")).isEmpty();
    });
  }

  @Test
  void apiWithoutCredentialsIs401AndNeverReachesMlflow() throws Exception {
    var response = send(request(StubUpstream.SEARCH_PATH));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("www-authenticate")).hasValue("Basic realm=\"restricted\"");
    assertThat(upstream.requests()).isEmpty();
  }

  @Test
  void apiWithAWrongPasswordIs401() throws Exception {
    var response = send(request(StubUpstream.SEARCH_PATH).header("Authorization", basic(USERNAME, password + "x")));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(upstream.requests()).isEmpty();
  }

  @Test
  void apiWithAWrongUsernameIs401() throws Exception {
    var response = send(request(StubUpstream.SEARCH_PATH).header("Authorization", basic("admin", password)));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(upstream.requests()).isEmpty();
  }

  @Test
  void apiWithTheRightCredentialsReachesMlflowWithThePublicHost() throws Exception {
    var response = send(request(StubUpstream.SEARCH_PATH + "?max_results=1")
        .header("Host", PUBLIC_HOST)
        .header("Authorization", basic(USERNAME, password)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(StubUpstream.SEARCH_BODY);
    assertThat(upstream.requests()).singleElement().satisfies(seen -> {
      assertThat(seen.rawPath()).isEqualTo(StubUpstream.SEARCH_PATH);
      assertThat(seen.header("host")).hasValue(PUBLIC_HOST);
    });
  }

  /** {host} is the host without its port; MLflow's --allowed-hosts lists both forms anyway. */
  @Test
  void aPortInTheHostHeaderIsDroppedOnTheWayToMlflow() throws Exception {
    var response = send(request(StubUpstream.SEARCH_PATH)
        .header("Host", PUBLIC_HOST + ":8443")
        .header("Authorization", basic(USERNAME, password)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstream.requests()).singleElement()
        .satisfies(seen -> assertThat(seen.header("host")).hasValue(PUBLIC_HOST));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "POST, /health",
    "PUT, /health",
    "DELETE, /health",
    "OPTIONS, /health",
    "HEAD, /healthz",
    "HEAD, /",
    "GET, /health/",
    "GET, /healthz",
    "GET, /health/../api/2.0/mlflow/experiments/search",
    "GET, /",
  })
  void everythingButGetOrHeadOfExactlyHealthNeedsCredentials(String method, String path) throws Exception {
    var response = send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(upstream.requests()).isEmpty();
  }

  /** Caddy's path matcher ignores case and cleans the path; the rewrite keeps MLflow on /health. */
  @ParameterizedTest
  @ValueSource(strings = {"/HEALTH", "/Health", "//health", "/%68ealth"})
  void pathsCaddyTakesForHealthStillOnlyReachMlflowHealth(String path) throws Exception {
    var response = send(request(path));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstream.requests()).singleElement()
        .satisfies(seen -> assertThat(seen.path()).isEqualTo("/health"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/health", "/api/2.0/mlflow/experiments/search", "/api/2.0/mlflow/unknown"})
  void securityHeadersAreOnEveryResponseIncludingErrors(String path) throws Exception {
    for (boolean authenticated : new boolean[] {true, false}) {
      var request = request(path);
      if (authenticated) {
        request.header("Authorization", basic(USERNAME, password));
      }
      var headers = send(request).headers();

      assertThat(headers.allValues("x-content-type-options")).containsExactly("nosniff");
      assertThat(headers.allValues("x-frame-options")).containsExactly("DENY");
      assertThat(headers.allValues("referrer-policy")).containsExactly("no-referrer");
      assertThat(headers.allValues("strict-transport-security")).containsExactly("max-age=31536000");
      assertThat(headers.firstValue("server")).isEmpty();
    }
  }

  @Test
  void anUnreachableMlflowIs502WithSecurityHeaders(@TempDir Path dir) throws Exception {
    var env = env(USERNAME, GENERATOR.hash(password));
    env.put(CaddyConfig.ENV_UPSTREAM, "127.0.0.1:" + CaddyProcess.freePort());
    try (var unreachable = CaddyProcess.run(caddy, dir, renderForInstalled(), env)) {
      var response = send(HttpRequest.newBuilder(unreachable.uri("/health")));

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.headers().firstValue("x-frame-options")).hasValue("DENY");
      String base = unreachable.uri("/").toString().replaceAll("/$", "");
      assertThat(new HttpHealthProber().probe(base, new Credentials(USERNAME, password, "unused")).reason())
          .as("the prober tells the proxy's own 502 apart").isEqualTo(Reasons.MLFLOW_UNREACHABLE);
    }
  }

  /** Usernames are limited to [A-Za-z0-9._-]; punctuation from that set must stay a plain value. */
  @ParameterizedTest
  @ValueSource(strings = {"a.b-c_d", "_-.-_", "UPPER.lower-09"})
  void usernamesFromTheSafeCharsetAuthenticate(String username, @TempDir Path dir) throws Exception {
    try (var other = CaddyProcess.run(caddy, dir, renderForInstalled(), env(username, GENERATOR.hash(password)))) {
      var right = send(HttpRequest.newBuilder(other.uri(StubUpstream.SEARCH_PATH))
          .header("Authorization", basic(username, password)));
      var wrong = send(HttpRequest.newBuilder(other.uri(StubUpstream.SEARCH_PATH))
          .header("Authorization", basic(username + "x", password)));

      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(wrong.statusCode()).isEqualTo(401);
    }
  }

  /**
   * {$VAR} would be pasted into the file before parsing (Caddy 2.6.2 turns "x y" into a username
   * "x" with password "y"); {env.VAR} is read as one value even outside the safe charset.
   */
  @Test
  void credentialsAreReadAsValuesNeverAsConfig(@TempDir Path dir) throws Exception {
    String username = "two words\n}";
    try (var other = CaddyProcess.run(caddy, dir, renderForInstalled(), env(username, GENERATOR.hash(password)))) {
      var whole = send(HttpRequest.newBuilder(other.uri(StubUpstream.SEARCH_PATH))
          .header("Authorization", basic(username, password)));
      var firstWord = send(HttpRequest.newBuilder(other.uri(StubUpstream.SEARCH_PATH))
          .header("Authorization", basic("two", password)));

      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(firstWord.statusCode()).isEqualTo(401);
    }
  }

  /** The assertions above rely on the client sending exactly the headers each test sets. */
  @Test
  void theTestClientSendsOnlyWhatTheTestSets() throws Exception {
    var direct = URI.create("http://" + upstream.address() + "/health");

    send(HttpRequest.newBuilder(direct));
    send(HttpRequest.newBuilder(direct).header("Authorization", basic(USERNAME, "fixture")).header("Host", PUBLIC_HOST));

    var seen = upstream.requests();
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).headers()).doesNotContainKeys("authorization", "upgrade", "http2-settings", "connection");
    assertThat(seen.get(1).headers().get("authorization")).containsExactly(basic(USERNAME, "fixture"));
    assertThat(seen.get(1).headers().get("host")).containsExactly(PUBLIC_HOST);
  }

  private static String renderForInstalled() {
    return CaddyConfig.render(installed.toString(), 1);
  }

  private static Map<String, String> env(String username, String hash) {
    var env = new HashMap<String, String>();
    env.put(CaddyConfig.ENV_PORT, String.valueOf(CaddyProcess.freePort()));
    env.put(CaddyConfig.ENV_UPSTREAM, upstream.address());
    env.put(CaddyConfig.ENV_USERNAME, username);
    env.put(CaddyConfig.ENV_PASSWORD_HASH, hash);
    return env;
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(proxy.uri(path));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String username, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }
}
