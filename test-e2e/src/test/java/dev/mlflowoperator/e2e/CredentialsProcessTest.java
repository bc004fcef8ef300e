package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials on the wire: the jar refuses to send a Railway token over plain http to another machine. */
class CredentialsProcessTest {
  private static final String TOKEN = "rw-e2e-token-5d81c0aa";

  @TempDir Path work;
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  /** This machine's name: it may even resolve to a loopback address, but only the exact name localhost counts. */
  private String hostname;

  @BeforeEach
  void startAServerReachableByThisMachinesName() throws Exception {
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
    var env = Map.of("RAILWAY_TOKEN", TOKEN, "RAILWAY_API_URL", insecureUrl(),
        "KUBECONFIG", work.resolve("no-kubeconfig").toString());

    var operator = MlflowCtlProcess.run(env, "operator", "--health-port", "0");

    assertThat(operator.exitCode()).isEqualTo(1);
    assertThat(operator.err()).contains("error: RAILWAY_API_URL is " + insecureUrl() + ": plain http to another"
        + " machine would send the Railway token unencrypted").doesNotContain("\tat ").doesNotContain(TOKEN);
    assertThat(requests).as("requests that reached the server").hasValue(0);
  }
}
