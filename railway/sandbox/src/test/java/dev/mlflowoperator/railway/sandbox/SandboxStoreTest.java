package dev.mlflowoperator.railway.sandbox;

import static dev.mlflowoperator.railway.sandbox.SandboxClients.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlflowoperator.railway.RailwayClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's state in a JSON file: atomic saves, round trips, and a server restarted on the same file. */
class SandboxStoreTest {
  @TempDir
  Path dir;

  @Test
  void aSavedStateLoadsBackEqual() {
    RailwaySandbox sandbox = RailwaySandbox.builder().seed(3).build();
    sandbox.execute("mutation { projectCreate(input: {name: \"kept\"}) { id } }", Map.of());
    SandboxState state = sandbox.state();
    SandboxStore store = new SandboxStore(dir.resolve("state.json"));

    store.save(state);

    SandboxState loaded = store.load().orElseThrow();
    assertThat(SandboxStore.MAPPER.valueToTree(loaded).equals(SandboxStore.MAPPER.valueToTree(state))).isTrue();
    assertThat(loaded.projects).singleElement().satisfies(p -> assertThat(p.name).isEqualTo("kept"));
  }

  @Test
  void aMissingFileLoadsAsNothing() {
    assertThat(new SandboxStore(dir.resolve("absent.json")).load()).isEmpty();
  }

  @Test
  void savingLeavesOnlyTheFileReadableByItsOwner() throws Exception {
    Path file = dir.resolve("nested/state.json");
    SandboxStore store = new SandboxStore(file);

    store.save(new SandboxState());
    store.save(new SandboxState());

    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
  }

  @Test
  void aServerRestartedOnTheSameFileKeepsItsTokenStateAndIdSequence() {
    Path file = dir.resolve("railway-sandbox.json");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    String token;
    String projectId;
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    try (RailwaySandbox first = RailwaySandboxServer.serve(0, file, out)) {
      token = first.token();
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("nothing is really deployed")
          .contains("RAILWAY_API_URL=" + first.url())
          .contains("RAILWAY_TOKEN=" + token);
      projectId = run(SandboxClients.bearer(first), "ProjectCreate", "name", "survivor", "description", "d",
          "workspaceId", null).path("projectCreate").path("id").asText();
    }

    try (RailwaySandbox second = RailwaySandboxServer.serve(0, file, new PrintStream(new ByteArrayOutputStream()))) {
      RailwayClient client = SandboxClients.bearer(second);
      JsonNode projects = run(client, "FindProjects", "workspaceId", null, "after", null).path("projects");
      String nextId = run(client, "ProjectCreate", "name", "newcomer", "description", "d", "workspaceId", null)
          .path("projectCreate").path("id").asText();

      assertThat(second.token()).isEqualTo(token);
      assertThat(projects.path("edges").findValues("node")).extracting(node -> node.path("id").asText())
          .containsExactly(projectId);
      assertThat(nextId).isNotEqualTo(projectId);
      assertThat(second.state().environments).extracting(e -> e.id).doesNotHaveDuplicates();
    }
  }
}
