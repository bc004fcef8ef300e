package dev.mlflowoperator.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mlflowoperator.railway.GraphqlExecutor;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlflowctl run stops after the reconcile in flight, and follows a Git branch with --git. */
class StandaloneStopAndGitTest {
  private static final String SECRET = "s3cr3t-GIT-token-4711";
  @TempDir Path dir;

  @Test
  void stoppingWaitsForTheReconcileInFlightAndStartsNoOther() throws Exception {
    var entered = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var calls = new AtomicInteger();
    try (var run = new RunHarness(dir, false, Optional.empty(), sandbox -> holdingFirstCall(sandbox, entered, release,
        calls), d -> d)) {
      run.writeSpec("alpha", "ml-platform", 2);
      run.controller.start();
      assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

      var stopped = CompletableFuture.runAsync(run.controller::close);
      assertThat(stopped).as("a reconcile is in flight").isNotDone();
      release.countDown();
      stopped.get(30, TimeUnit.SECONDS);

      assertThat(run.recorded("alpha").getStatus().ids).as("the reconcile in flight finished").containsKey("project");
      int afterStop = calls.get();
      assertThat(run.controller.isReady()).isTrue();
      await().during(java.time.Duration.ofMillis(300)).atMost(java.time.Duration.ofSeconds(2))
          .until(() -> calls.get() == afterStop);
    }
  }

  @Test
  void aReconcileThatThrowsIsAProblemOfThePassUntilOneSucceeds() {
    var failing = new java.util.concurrent.atomic.AtomicBoolean(true);
    try (var run = new RunHarness(dir, false, Optional.empty(), sandbox -> (op, variables) -> {
      if (failing.get()) {
        throw new IllegalStateException("the executor broke at https://user:" + SECRET + "@example.test/x");
      }
      return sandbox.execute(op, variables);
    }, d -> d)) {
      run.writeSpec("alpha", "ml-platform", 2);

      run.controller.runOnce();

      assertThat(run.controller.problems()).singleElement().asString()
          .startsWith("default/alpha: reconcile failed: the executor broke at https://")
          .doesNotContain(SECRET);
      failing.set(false);
      run.controller.runOnce();
      assertThat(run.controller.problems()).isEmpty();
    }
  }

  @Test
  void stoppingBetweenPassesSkipsTheNextOne() {
    try (var run = new RunHarness(dir, false)) {
      run.writeSpec("alpha", "ml-platform", 2);
      run.controller.start();
      await().atMost(java.time.Duration.ofSeconds(30)).until(run.controller::isReady);
      long requests = run.sandbox.stats().total();

      assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), run.controller::close, "the next pass is 15 s away");
      assertThat(run.sandbox.stats().total()).isEqualTo(requests);
    }
  }

  @Test
  void followsABranchOfAGitRepository() throws Exception {
    Path origin = dir.resolve("origin");
    try (Git repo = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
      commit(repo, origin, "alpha.yaml", RunHarness.spec("alpha", "ml-platform", 2));
      var git = new GitSpecs(origin.toUri().toString(), "main", dir.resolve("specs"), Map.of());
      try (var run = new RunHarness(dir, false, Optional.of(git), e -> e, d -> d)) {
        run.controller.runOnce();
        assertThat(run.store.load("default", "alpha")).isPresent();

        commit(repo, origin, "beta.yaml", RunHarness.spec("beta", "experiments", 2));
        run.controller.runOnce();

        assertThat(run.store.load("default", "beta")).isPresent();
        assertThat(run.log.toString()).contains("default/beta: spec added")
            .containsPattern("pulled file:.*origin/? at [0-9a-f]{7}");
      }
    }
  }

  @Test
  void aBranchThatCannotBePulledIsAProblemNotAStop() {
    var git = new GitSpecs(dir.resolve("nowhere").toUri().toString(), "main", dir.resolve("specs"), Map.of());
    try (var run = new RunHarness(dir, false, Optional.of(git), e -> e, d -> d)) {
      run.controller.runOnce();
      assertThat(run.controller.isReady()).isTrue();
      assertThat(run.controller.problems()).anySatisfy(p -> assertThat(p).startsWith("cannot pull branch main of file:")
          .contains("using the files already in"));
    }
  }

  @Test
  void credentialsInTheUrlGoThroughTheCredentialsProviderAndAreStoredAndShownNowhere() throws Exception {
    Path origin = dir.resolve("origin");
    try (Git repo = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call();
        var server = new GitHttpServer(repo, "deploy", SECRET)) {
      commit(repo, origin, "alpha.yaml", RunHarness.spec("alpha", "ml-platform", 2));
      Path specs = dir.resolve("specs");
      var git = new GitSpecs(server.url("deploy:" + SECRET + "@"), "main", specs, Map.of());
      try (var run = new RunHarness(dir, false, Optional.of(git), e -> e, d -> d)) {
        run.controller.runOnce();

        assertThat(run.store.load("default", "alpha")).isPresent();
        assertThat(server.authorizations()).contains(basic("deploy", SECRET));
        assertThat(Files.readString(specs.resolve(".git/config"))).contains("url = " + server.url(""))
            .doesNotContain(SECRET);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(specs))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(specs.resolve(".git/config"))))
            .isEqualTo("rw-------");

        server.accept("deploy", "rotated-token");
        run.controller.runOnce();

        assertThat(run.controller.problems()).singleElement().asString()
            .startsWith("cannot pull branch main of " + server.url("") + ": ").contains("using the files already in");
        assertThat(run.get("/api/v1/deployments").body()).contains("cannot pull branch main").doesNotContain(SECRET);
        assertThat(run.log.toString()).contains("pulled " + server.url("") + " at ").doesNotContain(SECRET)
            .doesNotContain("deploy@");
      }
    }
  }

  @Test
  void aTokenFromTheEnvironmentIsSentForAUrlWithoutUserinfo() throws Exception {
    Path origin = dir.resolve("origin");
    try (Git repo = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call();
        var server = new GitHttpServer(repo, "ci-bot", SECRET)) {
      commit(repo, origin, "alpha.yaml", RunHarness.spec("alpha", "ml-platform", 2));
      Path specs = dir.resolve("specs");
      var git = new GitSpecs(server.url(""), "main", specs,
          Map.of(GitSpecs.TOKEN_ENV, SECRET + "\n", GitSpecs.USERNAME_ENV, "ci-bot"));

      assertThat(git.pull()).matches("[0-9a-f]{7}");

      assertThat(git.urlHasCredentials()).isFalse();
      assertThat(server.authorizations()).contains(basic("ci-bot", SECRET));
      assertThat(Files.readString(specs.resolve(".git/config"))).doesNotContain(SECRET);
      assertThat(specs.resolve("alpha.yaml")).exists();
    }
  }

  @Test
  void withoutCredentialsTheRefusalNamesTheRepositoryAndTheEnvironmentVariable() throws Exception {
    Path origin = dir.resolve("origin");
    try (Git repo = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call();
        var server = new GitHttpServer(repo, "ci-bot", SECRET)) {
      commit(repo, origin, "alpha.yaml", RunHarness.spec("alpha", "ml-platform", 2));
      var git = new GitSpecs(server.url(""), "main", dir.resolve("specs"), Map.of());

      assertThatThrownBy(git::pull).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot pull branch main of " + server.url("") + ": ");
      assertThat(server.authorizations()).isEmpty();
    }
  }

  @Test
  void theTokenIsNeverSentToAnotherHostThatARedirectPointsTo() throws Exception {
    Path origin = dir.resolve("origin");
    HttpServer redirector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try (Git repo = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call();
        var server = new GitHttpServer(repo, "ci-bot", SECRET)) {
      commit(repo, origin, "alpha.yaml", RunHarness.spec("alpha", "ml-platform", 2));
      String elsewhere = server.url("").replace("127.0.0.1", "localhost");
      redirector.createContext("/repo.git/", exchange -> {
        try (exchange) {
          var uri = exchange.getRequestURI();
          exchange.getResponseHeaders().set("Location", elsewhere + uri.getPath().substring("/repo.git".length())
              + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
          exchange.sendResponseHeaders(302, -1);
        }
      });
      redirector.start();
      String url = "http://127.0.0.1:" + redirector.getAddress().getPort() + "/repo.git";
      var git = new GitSpecs(url, "main", dir.resolve("specs"),
          Map.of(GitSpecs.TOKEN_ENV, SECRET, GitSpecs.USERNAME_ENV, "ci-bot"));

      assertThatThrownBy(git::pull).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot pull branch main of " + url + ": ");
      assertThat(server.authorizations()).isEmpty();
    } finally {
      redirector.stop(0);
    }
  }

  @Test
  void scrubsTheUserinfoOfEveryUrlInAText() {
    assertThat(UrlUserinfo.scrub("cannot fetch https://bot:t0k3n@git.example.com/r.git, nor http://t0k3n@h:8080/x"
        + " (ssh://git@host/r.git); p@ss@word http://u:p@ss@host/y"))
        .isEqualTo("cannot fetch https://git.example.com/r.git, nor http://h:8080/x (ssh://host/r.git);"
            + " p@ss@word http://host/y");
  }

  /** The sandbox's executor, holding its first call until {@code release} and counting every call. */
  private static GraphqlExecutor holdingFirstCall(GraphqlExecutor sandbox, CountDownLatch entered,
      CountDownLatch release, AtomicInteger calls) {
    return (op, variables) -> {
      if (calls.getAndIncrement() == 0) {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return sandbox.execute(op, variables);
    };
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static void commit(Git repo, Path origin, String file, String content) throws IOException, GitAPIException {
    Files.writeString(origin.resolve(file), content);
    repo.add().addFilepattern(file).call();
    repo.commit().setMessage("add " + file).setAuthor("test", "test@example.com")
        .setCommitter("test", "test@example.com").setSign(false).call();
  }
}
