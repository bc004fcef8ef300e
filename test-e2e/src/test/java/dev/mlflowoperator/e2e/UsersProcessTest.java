package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.model.CaddyConfig;
import dev.mlflowoperator.proxy.CaddyProcess;
import dev.mlflowoperator.proxy.StubUpstream;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three users with the shaded jar on a sandbox served over HTTP: each user's password (from {@code env --user U
 * --show-secrets}) is admitted by the real caddy on the proxy's Caddyfile and variables, and another's is not; a
 * user removed from the spec is refused afterwards while the others keep their passwords; {@code rotate --user alice}
 * ends alice's old password only, a client loop for bob and ci-train running through it (the old proxy serving
 * while the new one starts, then the switch) seeing only 200; no password or hash is in any other output.
 */
class UsersProcessTest {
  private static final Pattern PASSWORD = Pattern.compile("export MLFLOW_TRACKING_PASSWORD=(\\S+)\n");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path home;
  @TempDir Path work;
  private RailwaySandbox sandbox;
  private final Transcript transcript = new Transcript();

  @BeforeEach
  void serveSandbox() {
    sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ofSeconds(1)).build().start();
  }

  @AfterEach
  void stopSandbox() {
    sandbox.close();
  }

  @Test
  void eachUserIsAdmittedWithTheirOwnPasswordOnlyAndARemovedUserIsRefused() throws Exception {
    String caddyVersion = ProxyCheck.installedCaddyVersion(work);
    apply(caddyVersion, true, "alice", "bob", "ci-train");
    var passwords = new LinkedHashMap<String, String>();
    assertThat(ok("env", "tracking").out()).as("the first user by default").contains("MLFLOW_TRACKING_USERNAME=alice\n");
    for (String user : List.of("alice", "bob", "ci-train")) {
      passwords.put(user, password(user));
    }
    var secrets = new ArrayList<>(passwords.values());
    secrets.addAll(hashes());

    try (var proxy = new Proxy()) {
      assertThat(proxy.status("HEAD", "/health", null)).as("HEAD /health without credentials").isEqualTo(200);
      passwords.forEach((user, password) -> {
        assertThat(proxy.status("GET", StubUpstream.SEARCH_PATH, basic(user, password))).as(user).isEqualTo(200);
        passwords.forEach((other, theirs) -> {
          if (!other.equals(user)) {
            assertThat(proxy.status("GET", StubUpstream.SEARCH_PATH, basic(user, theirs)))
                .as("%s with the password of %s", user, other).isEqualTo(401);
          }
        });
      });
    }

    // Without --wait: the variables are written at once, the proxy's deployment need not finish for the check.
    apply(caddyVersion, false, "alice", "ci-train");

    var bob = ctl("env", "tracking", "--user", "bob", "--show-secrets");
    assertThat(bob.exitCode()).isEqualTo(1);
    assertThat(bob.err()).contains("tracking has no user \"bob\"; its users are alice, ci-train");
    try (var proxy = new Proxy()) {
      assertThat(proxy.status("GET", StubUpstream.SEARCH_PATH, basic("bob", passwords.get("bob")))).isEqualTo(401);
      for (String kept : List.of("alice", "ci-train")) {
        assertThat(proxy.status("GET", StubUpstream.SEARCH_PATH, basic(kept, passwords.get(kept))))
            .as("%s keeps their password", kept).isEqualTo(200);
      }
    }
    assertThat(ok("status", "tracking").out()).contains("  alice  ", "  ci-train  ").doesNotContain("bob");
    transcript.assertNoSecrets(secrets);
  }

  @Test
  void rotatingAliceEndsOnlyHerOldPasswordWhileBobAndCiTrainSeeOnly200Throughout() throws Exception {
    String caddyVersion = ProxyCheck.installedCaddyVersion(work);
    apply(caddyVersion, true, "alice", "bob", "ci-train");
    var passwords = new LinkedHashMap<String, String>();
    for (String user : List.of("alice", "bob", "ci-train")) {
      passwords.put(user, password(user));
    }
    var secrets = new ArrayList<>(passwords.values());
    secrets.addAll(hashes());
    var variables = SandboxView.variables(sandbox, "tracking-proxy");
    long proxyDeployments = deployments("tracking-proxy");
    long mlflowDeployments = deployments("tracking-mlflow");

    var served = Collections.synchronizedList(new ArrayList<String>());
    var stopped = new AtomicBoolean();
    var loop = Executors.newSingleThreadExecutor();
    String alice;
    try (var old = new Proxy(Files.createDirectory(work.resolve("old")), "old")) {
      var active = new AtomicReference<>(old);
      loop.submit(() -> {
        while (!stopped.get()) {
          for (String user : List.of("bob", "ci-train")) {
            var proxy = active.get();
            served.add(proxy.name + " " + user + " " + proxy.statusOrError(basic(user, passwords.get(user))));
          }
        }
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> count(served, "old") >= 4);

      var unconfirmed = ctl("rotate", "tracking", "--user", "alice");
      assertThat(unconfirmed.exitCode()).as("no terminal, no --yes").isEqualTo(1);
      assertThat(SandboxView.variables(sandbox, "tracking-proxy")).as("nothing changed").isEqualTo(variables);
      var rotate = ok("rotate", "tracking", "--user", "alice", "--yes");
      assertThat(rotate.out()).contains("tracking: alice has a new password; the other users keep theirs.");

      var rotated = SandboxView.variables(sandbox, "tracking-proxy");
      assertThat(rotated.get("BASIC_AUTH_HASH")).isNotEqualTo(variables.get("BASIC_AUTH_HASH"));
      for (String key : List.of("BASIC_AUTH_HASH_1", "BASIC_AUTH_PASSWORD_1", "BASIC_AUTH_HASH_2",
          "BASIC_AUTH_PASSWORD_2")) {
        assertThat(rotated.get(key)).as(key).isEqualTo(variables.get(key));
      }
      assertThat(deployments("tracking-proxy")).as("the proxy redeployed").isEqualTo(proxyDeployments + 1);
      assertThat(deployments("tracking-mlflow")).as("MLflow not").isEqualTo(mlflowDeployments);
      alice = password("alice");
      secrets.addAll(List.of(alice, rotated.get("BASIC_AUTH_HASH")));
      // The new deployment starts beside the old one, which serves until the new one passes its healthcheck.
      try (var rolled = new Proxy(Files.createDirectory(work.resolve("new")), "new")) {
        assertThat(old.status("GET", StubUpstream.SEARCH_PATH, basic("alice", passwords.get("alice"))))
            .as("alice's old password on the old deployment meanwhile").isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> rolled.status("GET", "/health", null) == 200);
        active.set(rolled);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(served, "new") >= 2);
        old.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(served, "new") >= 4);
        stopped.set(true);
        loop.shutdown();
        assertThat(loop.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(rolled.status("GET", StubUpstream.SEARCH_PATH, basic("alice", passwords.get("alice"))))
            .as("alice's old password").isEqualTo(401);
        assertThat(rolled.status("GET", StubUpstream.SEARCH_PATH, basic("alice", alice))).isEqualTo(200);
      }
    } finally {
      stopped.set(true);
      loop.shutdownNow();
    }
    synchronized (served) {
      assertThat(served).as("every answer bob and ci-train got").allSatisfy(line -> assertThat(line).endsWith(" 200"))
          .anySatisfy(line -> assertThat(line).startsWith("old ")).anySatisfy(line -> assertThat(line).startsWith("new "));
    }
    ok("apply", "-f", work.resolve("tracking.yaml").toString());
    assertThat(password("alice")).as("apply again rotates nothing").isEqualTo(alice);
    assertThat(ok("status", "tracking").out()).contains("  alice  ", "  bob  ", "  ci-train  ");
    transcript.assertNoSecrets(secrets);
  }

  private static long count(List<String> served, String proxy) {
    synchronized (served) {
      return served.stream().filter(line -> line.startsWith(proxy + " ")).count();
    }
  }

  private long deployments(String service) {
    String id = SandboxView.serviceId(sandbox, service);
    return sandbox.state().deployments.stream().filter(d -> d.serviceId.equals(id)).count();
  }

  /** The real caddy on the proxy's Caddyfile and variables as the sandbox holds them, in front of a stub MLflow. */
  private final class Proxy implements AutoCloseable {
    private final StubUpstream upstream = StubUpstream.start();
    private final CaddyProcess caddy;
    final String name;

    Proxy() {
      this(work, "old");
    }

    /** In {@code dir} (its Caddyfile and log), named in the client loop's record. */
    Proxy(Path dir, String name) {
      this.name = name;
      var variables = SandboxView.variables(sandbox, "tracking-proxy");
      var env = new HashMap<String, String>();
      variables.forEach((variable, value) -> {
        if (variable.startsWith("BASIC_AUTH_USERNAME") || variable.startsWith("BASIC_AUTH_HASH")) {
          env.put(variable, value);
        }
      });
      env.put(CaddyConfig.ENV_UPSTREAM, upstream.address());
      env.put(CaddyConfig.ENV_PORT, Integer.toString(CaddyProcess.freePort()));
      caddy = CaddyProcess.run(CaddyProcess.binary(), dir, variables.get("CADDYFILE"), env);
    }

    /** The status code, or what went wrong instead (a refused or cut connection is as bad as a 5xx here). */
    String statusOrError(String authorization) {
      try {
        return String.valueOf(status("GET", StubUpstream.SEARCH_PATH, authorization));
      } catch (AssertionError e) {
        return "error " + e.getCause();
      }
    }

    int status(String method, String path, String authorization) {
      var request = HttpRequest.newBuilder(caddy.uri(path)).timeout(Duration.ofSeconds(10))
          .method(method, HttpRequest.BodyPublishers.noBody());
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      try {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (Exception e) {
        throw new AssertionError(method + " " + path + ": " + caddy.log(), e);
      }
    }

    @Override
    public void close() {
      caddy.close();
      upstream.close();
    }
  }

  /** Applies the spec with these users, with {@code --wait} or not. */
  private void apply(String caddyVersion, boolean wait, String... users) throws Exception {
    var lines = new StringBuilder();
    for (String user : users) {
      lines.append("\n      - username: ").append(user);
    }
    String spec = RailwaySpecs.basic(2, "Retain", caddyVersion)
        .replace("    auth:\n      username: mlflow", "    auth:\n      users:" + lines);
    String file = Files.writeString(work.resolve("tracking.yaml"), spec).toString();
    if (wait) {
      ok("apply", "-f", file, "--wait");
    } else {
      ok("apply", "-f", file);
    }
  }

  private String password(String user) throws Exception {
    var env = ok("env", "tracking", "--user", user, "--show-secrets");
    assertThat(env.out()).contains("MLFLOW_TRACKING_USERNAME=" + user + "\n");
    var m = PASSWORD.matcher(env.out());
    assertThat(m.find()).as(env.out()).isTrue();
    return m.group(1);
  }

  private List<String> hashes() {
    return SandboxView.variables(sandbox, "tracking-proxy").entrySet().stream()
        .filter(e -> e.getKey().startsWith("BASIC_AUTH_HASH")).map(Map.Entry::getValue).toList();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private MlflowCtlProcess.Result ok(String... args) throws Exception {
    var result = ctl(args);
    assertThat(result.exitCode()).as("mlflowctl %s: %s%s", String.join(" ", args), result.out(), result.err())
        .isZero();
    return result;
  }

  private MlflowCtlProcess.Result ctl(String... args) throws Exception {
    var result = MlflowCtlProcess.run(Map.of("MLFLOWCTL_HOME", home.toString(),
        "RAILWAY_API_URL", sandbox.url(), "RAILWAY_TOKEN", sandbox.token()), args);
    transcript.record(String.join(" ", args), result);
    return result;
  }
}
