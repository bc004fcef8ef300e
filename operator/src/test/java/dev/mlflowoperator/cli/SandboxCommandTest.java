package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.railway.sandbox.SandboxStore;
import dev.mlflowoperator.state.HomeRailway;
import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.StateLock;
import dev.mlflowoperator.state.StateStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlflowctl sandbox serve and reset: the local Railway emulator over HTTP, and forgetting what it holds. */
class SandboxCommandTest {
  private static final Pattern EXPORTS = Pattern.compile(
      "export RAILWAY_API_URL=(http://127\\.0\\.0\\.1:\\d+/graphql/v2)\nexport RAILWAY_TOKEN=(sandbox-[0-9a-f]+)\n");

  @TempDir Path home;
  CliRun cli;
  StateStore store;

  @BeforeEach
  void setUp() {
    cli = new CliRun(home);
    store = new StateStore(MlflowctlHome.resolve(Map.of("MLFLOWCTL_HOME", home.toString())));
  }

  @Test
  void servePrintsExportLinesAndAnswersGraphqlWithItsTokenUntilStopped() throws Exception {
    var serving = new Thread(() -> cli.run("sandbox", "serve"));
    serving.start();
    try {
      await().until(() -> EXPORTS.matcher(cli.out()).matches());
      Matcher exports = EXPORTS.matcher(cli.out());
      assertThat(exports.matches()).isTrue();
      String url = exports.group(1);
      String token = exports.group(2);
      assertThat(cli.err()).isEqualTo("mlflowctl: the local Railway sandbox is serving at " + url
          + " with its state in " + home + " (nothing is really deployed); stop it with Ctrl-C\n");

      HttpResponse<String> created = post(url, "Bearer " + token,
          "{\"query\": \"mutation { projectCreate(input: {name: \\\"raw\\\"}) { id name } }\"}");
      JsonNode project = new ObjectMapper().readTree(created.body()).at("/data/projectCreate");
      assertThat(project.path("name").asText()).isEqualTo("raw");
      assertThat(new SandboxStore(home.resolve("sandbox.json")).load().orElseThrow().projects)
          .extracting(p -> p.id).containsExactly(project.path("id").asText());

      HttpResponse<String> stranger = post(url, "Bearer not-the-token", "{\"query\": \"query { projects { edges { node { id } } } }\"}");
      assertThat(stranger.body()).contains("Not Authorized");
    } finally {
      serving.interrupt();
      serving.join(5000);
    }
    assertThat(serving.isAlive()).isFalse();
  }

  @Test
  void serveTakesTheDeployTimeFromTheEnvironmentOnItsClockAsApplysSandboxDoes() throws Exception {
    var clock = new ManualClock(CliRun.NOW);
    cli.clock = clock;
    cli.env.put(HomeRailway.DEPLOY_SECONDS_ENV, "1");
    var serving = new Thread(() -> cli.run("sandbox", "serve"));
    serving.start();
    try {
      await().until(() -> EXPORTS.matcher(cli.out()).matches());
      Matcher exports = EXPORTS.matcher(cli.out());
      assertThat(exports.matches()).isTrue();
      var railway = new Graphql(exports.group(1), exports.group(2));
      JsonNode project = railway.run("mutation { projectCreate(input: {name: \"p\"}) { id environments { edges {"
          + " node { id } } } } }", Map.of()).path("projectCreate");
      String projectId = project.path("id").asText();
      String environmentId = project.at("/environments/edges/0/node/id").asText();
      String serviceId = railway.run("mutation($i: ServiceCreateInput!) { serviceCreate(input: $i) { id } }",
          Map.of("i", Map.of("projectId", projectId, "environmentId", environmentId, "name", "s")))
          .at("/serviceCreate/id").asText();
      var instance = Map.<String, Object>of("s", serviceId, "e", environmentId);
      railway.run("mutation($s: String!, $e: String!) { serviceInstanceUpdate(serviceId: $s, environmentId: $e,"
          + " input: {source: {image: \"caddy:2\"}}) }", instance);
      railway.run("mutation($s: String!, $e: String!) { serviceInstanceDeployV2(serviceId: $s, environmentId: $e) }",
          instance);
      String status = "query($p: String!, $e: String!) { environment(id: $e, projectId: $p) { serviceInstances {"
          + " edges { node { latestDeployment { status } } } } } }";
      var environment = Map.<String, Object>of("p", projectId, "e", environmentId);
      String latest = "/environment/serviceInstances/edges/0/node/latestDeployment/status";

      clock.advance(Duration.ofMillis(999));
      assertThat(railway.run(status, environment).at(latest).asText()).isEqualTo("DEPLOYING");
      clock.advance(Duration.ofMillis(1));
      assertThat(railway.run(status, environment).at(latest).asText()).isEqualTo("SUCCESS");
    } finally {
      serving.interrupt();
      serving.join(5000);
    }
  }

  @Test
  void serveRefusesADeployTimeThatIsNotANumberInOneLine() {
    cli.env.put(HomeRailway.DEPLOY_SECONDS_ENV, "soon");

    assertThat(cli.run("sandbox", "serve")).isEqualTo(1);

    assertThat(cli.err()).isEqualTo("error: MLFLOWCTL_SANDBOX_DEPLOY_SECONDS is \"soon\", not a number of seconds;"
        + " set it to 0 or more, or unset it for 20\n");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void serveRefusesASecondSandboxOnTheSameHome() {
    try (var running = StateLock.ofSandbox(MlflowctlHome.resolve(cli.env))) {
      assertThat(cli.run("sandbox", "serve")).isEqualTo(1);
    }
    assertThat(cli.err()).isEqualTo("error: another mlflowctl (pid " + ProcessHandle.current().pid()
        + ") is already running the Railway sandbox in " + home
        + "; stop it, or point MLFLOWCTL_HOME at another directory\n");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void resetWithYesDeletesTheSandboxStateAndOnlyTheRecordsOnTheSandbox() throws Exception {
    Files.writeString(home.resolve("sandbox.json"), "{}");
    Files.writeString(home.resolve("sandbox.json.journal"), "{\"journalGeneration\":0}\n");
    var onSandbox = Deployments.readyOnRailway("tracking");
    StateStore.markOnSandbox(onSandbox);
    store.save(onSandbox);
    store.save(Deployments.readyOnRailway("real"));
    var keptOnSandbox = Deployments.readyOnRailway("old");
    StateStore.markOnSandbox(keptOnSandbox);
    store.retain(keptOnSandbox, Map.of("volume", "v-1"));
    store.retain(Deployments.readyOnRailway("old-real"), Map.of("volume", "v-2"));

    assertThat(cli.run("sandbox", "reset", "--yes")).isZero();

    assertThat(cli.out()).isEqualTo("Deleted the Railway sandbox state in " + home + " and the record of tracking.\n");
    assertThat(home.resolve("sandbox.json")).doesNotExist();
    assertThat(home.resolve("sandbox.json.journal")).doesNotExist();
    assertThat(store.list()).extracting(d -> d.getMetadata().getName()).containsExactly("real");
    assertThat(store.retained()).as("the volume kept on Railway, not the one kept in the sandbox")
        .extracting(d -> d.getMetadata().getName()).containsExactly("old-real");
  }

  @Test
  void resetAsksOnATerminalAndDeletesOnYes() throws Exception {
    Files.writeString(home.resolve("sandbox.json"), "{}");
    cli.terminal.answering("y");

    assertThat(cli.run("sandbox", "reset")).isZero();

    assertThat(cli.terminal.prompts).hasToString("Delete the Railway sandbox state in " + home + "? [y/N] ");
    assertThat(cli.out()).isEqualTo("Deleted the Railway sandbox state in " + home + ".\n");
    assertThat(home.resolve("sandbox.json")).doesNotExist();
  }

  @Test
  void resetKeepsEverythingWhenTheAnswerIsNo() throws Exception {
    Files.writeString(home.resolve("sandbox.json"), "{}");
    cli.terminal.answering("");

    assertThat(cli.run("sandbox", "reset")).isEqualTo(1);

    assertThat(cli.out()).isEqualTo("Nothing was deleted.\n");
    assertThat(home.resolve("sandbox.json")).exists();
  }

  @Test
  void resetWithoutATerminalNeedsYes() throws Exception {
    Files.writeString(home.resolve("sandbox.json"), "{}");

    assertThat(cli.run("sandbox", "reset")).isEqualTo(1);

    assertThat(cli.err()).isEqualTo("error: sandbox reset would delete the Railway sandbox state in " + home
        + "; there is no terminal to ask on, so run it again with --yes to confirm\n");
    assertThat(home.resolve("sandbox.json")).exists();
  }

  @Test
  void resetOfAnEmptySandboxSaysThereIsNothingToDo() {
    assertThat(cli.run("sandbox", "reset")).isZero();
    assertThat(cli.out()).isEqualTo("The Railway sandbox in " + home + " is already empty; nothing to reset.\n");
  }

  @Test
  void resetRefusesWhileAnotherMlflowctlWrites() throws Exception {
    Files.writeString(home.resolve("sandbox.json"), "{}");
    try (var running = StateLock.ofStore(MlflowctlHome.resolve(cli.env))) {
      assertThat(cli.run("sandbox", "reset", "--yes")).isEqualTo(1);
    }
    assertThat(cli.err()).isEqualTo("error: another mlflowctl (pid " + ProcessHandle.current().pid()
        + ") is already writing to " + home + "; stop it, or point MLFLOWCTL_HOME at another directory\n");
    assertThat(home.resolve("sandbox.json")).exists();
  }

  /** GraphQL over HTTP to a served sandbox, as any Railway client would send it. */
  private record Graphql(String url, String token) {
    JsonNode run(String query, Map<String, Object> variables) throws Exception {
      var mapper = new ObjectMapper();
      var body = mapper.readTree(post(url, "Bearer " + token,
          mapper.writeValueAsString(Map.of("query", query, "variables", variables))).body());
      assertThat(body.path("errors").isMissingNode()).as(body.toString()).isTrue();
      return body.path("data");
    }
  }

  private static HttpResponse<String> post(String url, String authorization, String json) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .header("Authorization", authorization)
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
