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
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's state in a JSON file and its journal: atomic snapshots, a change appended alone, round trips, torn
 * and stale journals, an older file, and a server restarted on the same file.
 */
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
    assertThat(tree(loaded)).isEqualTo(tree(state));
    assertThat(loaded.projects).singleElement().satisfies(p -> assertThat(p.name).isEqualTo("kept"));
  }

  @Test
  void aChangeAppendsOnlyWhatChangedToTheJournalAndLeavesTheSnapshotAsItWas() throws Exception {
    Path file = dir.resolve("sandbox.json");
    try (RailwaySandbox sandbox = RailwaySandbox.builder().seed(3).stateFile(file).build()) {
      for (int i = 0; i < 40; i++) {
        createProjectWithService(sandbox, "project-" + i);
      }
      byte[] snapshot = Files.readAllBytes(file);
      long journal = size(journal(file));
      int whole = SandboxStore.MAPPER.writeValueAsBytes(sandbox.state()).length;

      createProjectWithService(sandbox, "one-more");

      assertThat(Files.readAllBytes(file)).as("the snapshot is not rewritten").isEqualTo(snapshot);
      assertThat(size(journal(file)) - journal).as("bytes appended for one project and its service")
          .isPositive().isLessThan(whole / 20);
    }
  }

  @Test
  void theStateSurvivesARestartWithEveryKindOfChangeInItsJournal() {
    Path file = dir.resolve("sandbox.json");
    SandboxState before;
    try (RailwaySandbox sandbox = RailwaySandbox.builder().seed(3).stateFile(file).build()) {
      for (int i = 0; i < 5; i++) {
        createProjectWithService(sandbox, "project-" + i);
      }
      String middle = sandbox.state().services.get(2).id;
      sandbox.execute("mutation($id: String!) { serviceDelete(id: $id) }", Map.of("id", middle));
      sandbox.setCrashing(sandbox.state().services.get(0).id, true);
      before = sandbox.state();
    }

    assertThat(tree(new SandboxStore(file).load().orElseThrow())).isEqualTo(tree(before));
    try (RailwaySandbox restarted = RailwaySandbox.builder().stateFile(file).build()) {
      assertThat(tree(restarted.state())).isEqualTo(tree(before));
      assertThat(restarted.state().services).hasSize(4);
    }
  }

  @Test
  void aTornLastLineOfTheJournalIsIgnoredAndTheNextChangeGoesOnAfterTheLastWholeLine() throws Exception {
    Path file = dir.resolve("sandbox.json");
    SandboxState before;
    try (RailwaySandbox sandbox = RailwaySandbox.builder().seed(3).stateFile(file).build()) {
      createProjectWithService(sandbox, "kept");
      before = sandbox.state();
    }
    Files.writeString(journal(file), "{\"splice\":[{\"list\":\"projects\",\"at\":0,\"rem",
        StandardOpenOption.APPEND);

    try (RailwaySandbox restarted = RailwaySandbox.builder().stateFile(file).build()) {
      assertThat(tree(restarted.state())).isEqualTo(tree(before));
      createProjectWithService(restarted, "after");
    }

    assertThat(new SandboxStore(file).load().orElseThrow().projects).extracting(p -> p.name)
        .containsExactly("kept", "after");
  }

  @Test
  void aSandboxJsonWrittenBeforeTheJournalLoadsAndGoesOnWithOne() throws Exception {
    Path file = dir.resolve("sandbox.json");
    RailwaySandbox old = RailwaySandbox.builder().seed(3).build();
    createProjectWithService(old, "from-before");
    Files.write(file, SandboxStore.MAPPER.writeValueAsBytes(old.state()));

    try (RailwaySandbox sandbox = RailwaySandbox.builder().stateFile(file).build()) {
      assertThat(tree(sandbox.state())).isEqualTo(tree(old.state()));
      createProjectWithService(sandbox, "after");
    }

    assertThat(new SandboxStore(file).load().orElseThrow().projects).extracting(p -> p.name)
        .containsExactly("from-before", "after");
  }

  @Test
  void aJournalOutgrowingTheSnapshotIsFoldedIntoItAndOneLeftFromBeforeTheSnapshotIsIgnored() throws Exception {
    Path file = dir.resolve("sandbox.json");
    SandboxState before;
    byte[] staleJournal = null;
    try (RailwaySandbox sandbox = RailwaySandbox.builder().seed(3).stateFile(file).build()) {
      byte[] snapshot = Files.readAllBytes(file);
      for (int i = 0; Arrays.equals(Files.readAllBytes(file), snapshot); i++) {
        staleJournal = Files.exists(journal(file)) ? Files.readAllBytes(journal(file)) : null;
        sandbox.execute("mutation { projectCreate(input: {name: \"project-" + i + "\"}) { id } }", Map.of());
      }
      before = sandbox.state();
    }
    assertThat(journal(file)).as("the journal starts over after the snapshot").doesNotExist();
    assertThat(staleJournal).as("the journal folded in").isNotEmpty();
    // A crash between writing the snapshot and deleting the journal leaves the journal it folded in.
    Files.write(journal(file), staleJournal);

    assertThat(tree(new SandboxStore(file).load().orElseThrow())).isEqualTo(tree(before));
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

  private static void createProjectWithService(RailwaySandbox sandbox, String name) {
    var created = sandbox.execute("mutation($n: String!) { projectCreate(input: {name: $n}) { id } }",
        Map.of("n", name));
    String projectId = ((Map<?, ?>) ((Map<?, ?>) created.get("data")).get("projectCreate")).get("id").toString();
    sandbox.execute("mutation($p: String!, $n: String!) { serviceCreate(input: {projectId: $p, name: $n}) { id } }",
        Map.of("p", projectId, "n", name + "-svc"));
  }

  private static Path journal(Path file) {
    return file.resolveSibling(file.getFileName() + ".journal");
  }

  private static long size(Path file) throws Exception {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  private static JsonNode tree(SandboxState state) {
    return SandboxStore.MAPPER.valueToTree(state);
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
