package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.mlflowoperator.proxy.CaddyProcess;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.testing.EchoingRailway;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials on the wire and in error texts: the jar refuses to send a Railway token over plain http to another
 * machine, and an error from Railway repeating the token and the password is printed, logged, served and
 * recorded without them, and cut.
 */
class CredentialsProcessTest {
  private static final String TOKEN = "rw-e2e-token-5d81c0aa";
  private static final String PASSWORD = "e2e-proxy-pass-3b7d21";
  private static final String SPEC = """
      apiVersion: mlflow-operator.dev/v1alpha1
      kind: MlflowDeployment
      metadata:
        name: tracking
      spec:
        target: railway
        railway: {project: ml-platform, environment: production}
        mlflow: {version: "3.14.0"}
        proxy:
          auth: {username: mlflow, passwordSecretRef: {name: mlflow-auth, key: password}}
      """;

  @TempDir Path work;
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  /** This machine's name: it may even resolve to a loopback address, but only the exact name localhost counts. */
  private String hostname;

  /** Serves, for the tests of plain http, a server that counts requests at this machine's name. */
  private void startAServerReachableByThisMachinesName() throws Exception {
    InetAddress local;
    try {
      local = InetAddress.getLocalHost();
    } catch (UnknownHostException e) {
      assumeTrue(false, "this machine's name does not resolve: " + e.getMessage());
      return;
    }
    hostname = local.getHostName();
    assumeTrue(!hostname.equals("localhost"), "this machine is called localhost");
    server = HttpServer.create(new InetSocketAddress(local, 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = "{\"data\":{}}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private String insecureUrl() {
    return "http://" + hostname + ":" + server.getAddress().getPort() + "/graphql/v2";
  }

  @Test
  void applyRefusesPlainHttpToAnotherHostInOneLineAndSendsNothing() throws Exception {
    startAServerReachableByThisMachinesName();
    Path spec = Files.writeString(work.resolve("tracking.yaml"), RailwaySpecs.basic(2, "Retain", "2.11"));
    var env = Map.of("MLFLOWCTL_HOME", work.resolve("home").toString(), "RAILWAY_TOKEN", TOKEN,
        "RAILWAY_API_URL", insecureUrl());

    var apply = MlflowCtlProcess.run(env, "apply", "-f", spec.toString());

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.err()).isEqualTo("error: RAILWAY_API_URL is " + insecureUrl() + ": plain http to another machine"
        + " would send the Railway token unencrypted; use https://, or http:// only to this machine (localhost,"
        + " 127.x.x.x or [::1])\n");
    assertThat(apply.out()).isEmpty();
    assertThat(requests).as("requests that reached the server").hasValue(0);
  }

  @Test
  void theOperatorRefusesToStartWithPlainHttpToAnotherHost() throws Exception {
    startAServerReachableByThisMachinesName();
    var env = Map.of("RAILWAY_TOKEN", TOKEN, "RAILWAY_API_URL", insecureUrl(),
        "KUBECONFIG", work.resolve("no-kubeconfig").toString());

    var operator = MlflowCtlProcess.run(env, "operator", "--health-port", "0");

    assertThat(operator.exitCode()).isEqualTo(1);
    assertThat(operator.err()).contains("error: RAILWAY_API_URL is " + insecureUrl() + ": plain http to another"
        + " machine would send the Railway token unencrypted").doesNotContain("\tat ").doesNotContain(TOKEN);
    assertThat(requests).as("requests that reached the server").hasValue(0);
  }

  @Test
  void applyAndRunShowARailwayErrorRepeatingTheTokenAndThePasswordWithoutThemAndCut() throws Exception {
    Path home = work.resolve("home");
    Files.createDirectories(home.resolve("secrets/mlflow-auth"));
    Files.writeString(home.resolve("secrets/mlflow-auth/password"), PASSWORD);
    Path specs = Files.createDirectories(work.resolve("specs"));
    Files.writeString(specs.resolve("tracking.yaml"), SPEC);
    var transcript = new Transcript();
    int port = CaddyProcess.freePort();
    try (var sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ZERO).build().start();
        var railway = EchoingRailway.start(sandbox.url(), PASSWORD)) {
      var env = Map.of("MLFLOWCTL_HOME", home.toString(), "RAILWAY_API_URL", railway.url(),
          "RAILWAY_TOKEN", sandbox.token());

      var apply = MlflowCtlProcess.run(env, "apply", "-f", specs.resolve("tracking.yaml").toString());
      transcript.record("apply", apply);
      assertThat(apply.exitCode()).isEqualTo(1);
      assertThat(apply.err()).contains("more characters cut)").hasSizeLessThan(1000);

      try (var run = RunProcess.start(work.resolve("logs"), "run", env, specs, port)) {
        transcript.addLive("run [stdout]", run.outFile());
        transcript.addLive("run [stderr]", run.errFile());
        await("a pass that met the error").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .ignoreExceptionsInstanceOf(java.net.ConnectException.class)
            .failFast("run exited", () -> !run.isAlive())
            .untilAsserted(() -> assertThat(run.output()).contains("tracking: not synced: "));
        String api = RunProcess.get(port, "/api/v1/deployments");
        transcript.add("run api", api);
        assertThat(api).contains("more characters cut)");
        String page = RunProcess.get(port, "/");
        transcript.add("run status page", page);
        assertThat(page).contains("data-deployment=\"default/tracking\"").contains("more characters cut)");
        assertThat(run.output()).contains("more characters cut)");
      }
      assertThat(railway.echoed()).as("requests answered with the echo").isGreaterThanOrEqualTo(2);
      transcript.assertNoSecrets(List.of(sandbox.token(), PASSWORD));
    }
  }
}
