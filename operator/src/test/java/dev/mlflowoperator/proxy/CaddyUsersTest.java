package dev.mlflowoperator.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.ReleaseVersion;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack with several users: its proxy as the model builds it (the Caddyfile, and each user's username and hash
 * from the credentials component, as the platforms hand them over), run by the real caddy in front of a stub MLflow.
 */
class CaddyUsersTest {
  private static final CredentialsGenerator GENERATOR = new CredentialsGenerator();
  private static final List<String> USERS = List.of("alice", "bob", "ci-train");
  /** HTTP/1.1, no authenticator, no proxy, no redirects: the request is exactly what the test sets. */
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
  private static List<Credentials> credentials;

  @BeforeEach
  void findCaddyAndStartTheStubOnce() {
    caddy = CaddyProcess.binary();
    if (upstream == null) {
      upstream = StubUpstream.start();
      installed = CaddyProcess.version(caddy, workDir);
      credentials = USERS.stream().map(user -> GENERATOR.resolve(user, null, null, null)).toList();
    }
  }

  @AfterAll
  static void stop() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void eachOfThreeUsersIsAdmittedWithTheirOwnPasswordAndRefusedWithAnothers(@TempDir Path dir) throws Exception {
    try (var proxy = UsersProxy.run(caddy, UsersProxy.stack(installed, credentials), dir, upstream)) {
      for (var user : credentials) {
        assertThat(status(proxy, user.username(), user.password())).as(user.username()).isEqualTo(200);
        for (var other : credentials) {
          if (other != user) {
            assertThat(status(proxy, user.username(), other.password()))
                .as(user.username() + " with the password of " + other.username()).isEqualTo(401);
          }
        }
      }
    }
  }

  @Test
  void aUserRemovedFromTheSpecIsRefusedWhileTheOthersKeepTheirPasswords(@TempDir Path dir) throws Exception {
    var bob = credentials.get(1);
    var withoutBob = UsersProxy.stack(installed, List.of(credentials.get(0), credentials.get(2)));
    try (var proxy = UsersProxy.run(caddy, withoutBob, dir, upstream)) {
      assertThat(status(proxy, bob.username(), bob.password())).isEqualTo(401);
      assertThat(status(proxy, "alice", credentials.get(0).password())).isEqualTo(200);
      assertThat(status(proxy, "ci-train", credentials.get(2).password())).isEqualTo(200);
    }
  }

  private static int status(CaddyProcess proxy, String username, String password)
      throws IOException, InterruptedException {
    String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    return CLIENT.send(HttpRequest.newBuilder(proxy.uri(StubUpstream.SEARCH_PATH)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
