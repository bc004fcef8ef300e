package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.proxy.CaddyProcess;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.standalone.GitHttpServer;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mlflowctl run --git http://user:SECRET@127.0.0.1:PORT/repo.git` against a Git repository served over HTTP with
 * basic auth: it clones and converges, warns that the URL on its command line carries credentials, and SECRET is
 * nowhere it writes: not in its output, not in `/api/v1/deployments` (also when the pull fails after the token is
 * rotated), not in `--specs/.git/config`; the specs directory is its owner's only.
 */
class RunGitCredentialsProcessTest {
  private static final String SECRET = "s3cr3t-GIT-token-0815";

  @TempDir Path work;
  private final Transcript transcript = new Transcript();

  @Test
  void theGitTokenOfTheUrlIsUsedButNeitherStoredNorShown() throws Exception {
    Path origin = work.resolve("origin");
    Path specs = work.resolve("specs");
    int port = CaddyProcess.freePort();
    try (Git repo = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call();
        var server = new GitHttpServer(repo, "deploy", SECRET);
        var sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ofMillis(300)).build().start()) {
      Files.writeString(origin.resolve("tracking.yaml"), RailwaySpecs.basic(2, "Retain", "2.6"));
      repo.add().addFilepattern("tracking.yaml").call();
      repo.commit().setMessage("tracking").setAuthor("test", "test@example.com")
          .setCommitter("test", "test@example.com").setSign(false).call();
      var env = Map.of("MLFLOWCTL_HOME", work.resolve("home").toString(), "RAILWAY_API_URL", sandbox.url(),
          "RAILWAY_TOKEN", sandbox.token(), "RAILWAY_PLAN", "pro");

      try (var run = LongRunningProcess.start(work.resolve("logs"), "run", env, "run", "--specs", specs.toString(),
          "--git", server.url("deploy:" + SECRET + "@"), "--interval", "1s", "--listen", "127.0.0.1:" + port)) {
        transcript.addLive("run [stdout]", run.outFile());
        transcript.addLive("run [stderr]", run.errFile());
        await("cloned and converged").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .ignoreExceptionsInstanceOf(ConnectException.class).failFast("run exited", () -> !run.isAlive())
            .untilAsserted(() -> assertThat(RunProcess.ready(port, "tracking")).isEqualTo("True"));

        assertThat(run.output()).contains("warning: the --git URL carries credentials", "MLFLOWCTL_GIT_TOKEN",
            "pulled " + server.url("") + " at ");
        assertThat(Files.readString(specs.resolve(".git/config"))).contains(server.url("")).doesNotContain(SECRET);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(specs))).isEqualTo("rwx------");

        server.accept("deploy", "rotated-token");
        await("the failed pull reported").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
            .untilAsserted(() -> assertThat(RunProcess.get(port, "/api/v1/deployments"))
                .contains("cannot pull branch main of " + server.url("")));
        String api = RunProcess.get(port, "/api/v1/deployments");
        transcript.add("status api", api);
        assertThat(api).doesNotContain(SECRET).doesNotContain("deploy@");
        transcript.assertNoSecrets(List.of(SECRET, sandbox.token()));
      }
    }
  }
}
