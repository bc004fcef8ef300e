package dev.mlflowoperator.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.ReleaseVersion;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating alice's password with real caddy, the way both platforms roll the proxy: the old proxy (old config) keeps
 * serving while the new one (alice's new hash, the others' unchanged) starts; once the new one answers its health
 * check, traffic moves to it (the Service's ready endpoints on Kubernetes, Railway's switch to the healthy deployment)
 * and the old one is stopped. A client loop for bob and ci-train runs through all of it.
 */
class CaddyRotationTest {
  private static final CredentialsGenerator GENERATOR = new CredentialsGenerator();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  @TempDir static Path workDir;

  private static Path caddy;
  private static ReleaseVersion installed;
  private static StubUpstream upstream;

  @BeforeAll
  static void findCaddyAndStartTheStub() {
    caddy = CaddyProcess.binary();
    upstream = StubUpstream.start();
    installed = CaddyProcess.version(caddy, workDir);
  }

  @AfterAll
  static void stop() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void bobAndCiTrainSeeOnly200ThroughAlicesRotationAndOnlyAlicesOldPasswordGets401After() throws Exception {
    var before = List.of("alice", "bob", "ci-train").stream()
        .map(user -> GENERATOR.resolve(user, null, null, null)).toList();
    // What the loop hands the proxy after the rotation: alice's new password and hash (nothing kept for her), the
    // others' kept with their hashes.
    var after = List.of(GENERATOR.resolve("alice", null, null, null),
        GENERATOR.resolve("bob", null, before.get(1).password(), before.get(1).passwordHash()),
        GENERATOR.resolve("ci-train", null, before.get(2).password(), before.get(2).passwordHash()));
    assertThat(after.subList(1, 3)).isEqualTo(before.subList(1, 3));
    var served = Collections.synchronizedList(new ArrayList<String>());
    var stopped = new AtomicBoolean();
    var executor = Executors.newSingleThreadExecutor();
    Path oldDir = Files.createDirectory(workDir.resolve("old"));
    try (var old = UsersProxy.run(caddy, UsersProxy.stack(installed, before), oldDir, upstream)) {
      var active = new AtomicReference<>(old);
      executor.submit(() -> {
        while (!stopped.get()) {
          for (var user : before.subList(1, 3)) {
            var proxy = active.get();
            served.add(proxy.port() + " " + user.username() + " " + statusOrError(proxy, user));
          }
        }
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> count(served, old.port()) >= 6);
      Path newDir = Files.createDirectory(workDir.resolve("new"));
      try (var rolled = UsersProxy.run(caddy, UsersProxy.stack(installed, after), newDir, upstream)) {
        assertThat(statusOrError(old, before.get(0))).as("alice's old password on the old proxy meanwhile")
            .isEqualTo("200");
        await().atMost(Duration.ofSeconds(15)).until(() -> health(rolled) == 200);
        active.set(rolled);
        // The old proxy stops once no request goes to it any more (the client loop answered from the new one), as a
        // pod leaves the endpoints before it is stopped and Railway removes the old deployment after the switch.
        await().atMost(Duration.ofSeconds(30)).until(() -> count(served, rolled.port()) >= 2);
        old.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(served, rolled.port()) >= 6);
        stopped.set(true);
        executor.shutdown();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).as("the client loop ended").isTrue();

        assertThat(statusOrError(rolled, before.get(0))).as("alice's old password").isEqualTo("401");
        assertThat(statusOrError(rolled, after.get(0))).as("alice's new password").isEqualTo("200");
        synchronized (served) {
          assertThat(served).as("every answer bob and ci-train got, by proxy port")
              .allSatisfy(line -> assertThat(line).endsWith(" 200"))
              .anySatisfy(line -> assertThat(line).startsWith(old.port() + " bob"))
              .anySatisfy(line -> assertThat(line).startsWith(rolled.port() + " ci-train"));
        }
      }
    } finally {
      stopped.set(true);
      executor.shutdownNow();
    }
  }

  private static long count(List<String> served, int port) {
    synchronized (served) {
      return served.stream().filter(line -> line.startsWith(port + " ")).count();
    }
  }

  /** The status code, or what went wrong instead (a refused or cut connection is as bad as a 5xx here). */
  private static String statusOrError(CaddyProcess proxy, Credentials user) {
    String basic = Base64.getEncoder().encodeToString((user.username() + ":" + user.password())
        .getBytes(StandardCharsets.UTF_8));
    try {
      return String.valueOf(CLIENT.send(HttpRequest.newBuilder(proxy.uri(StubUpstream.SEARCH_PATH))
          .timeout(Duration.ofSeconds(10)).header("Authorization", "Basic " + basic).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (IOException e) {
      return "error " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** What the platform's readiness check sees: GET /health without credentials. */
  private static int health(CaddyProcess proxy) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(proxy.uri("/health")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
