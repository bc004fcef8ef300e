package dev.mlflowoperator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlflowctl run leaves a deployment recorded on another Railway alone, and says so. */
class RunEndpointTest {
  @TempDir Path dir;

  @Test
  void aDeploymentRecordedOnAnotherRailwayIsNotReconciledHereAndTheOthersAre() {
    try (var run = new RunHarness(dir, false)) {
      run.writeSpec("alpha", "ml-platform", 2);
      run.writeSpec("beta", "experiments", 2);
      run.converge();
      var alpha = run.recorded("alpha");
      StateStore.recordEndpoint(alpha, "https://railway.example/graphql/v2");
      run.store.save(alpha);
      run.writeSpec("alpha", "ml-platform", 3);
      long mutations = mutations(run);

      run.controller.runOnce();

      assertThat(run.log.toString()).contains("default/alpha: alpha was applied to the Railway API at"
          + " https://railway.example/graphql/v2, but this run uses the local Railway sandbox; set RAILWAY_API_URL="
          + "https://railway.example/graphql/v2 and its RAILWAY_TOKEN (or RAILWAY_PROJECT_TOKEN) to use it");
      assertThat(mutations(run)).as("nothing written for alpha; beta is steady").isEqualTo(mutations);
      assertThat(run.recorded("alpha").getStatus()).usingRecursiveComparison().isEqualTo(alpha.getStatus());
      assertThat(run.isReady("beta")).isTrue();
    }
  }

  @Test
  void pruneLeavesADeploymentRecordedOnAnotherRailwayAlone() throws IOException {
    try (var run = new RunHarness(dir, true)) {
      run.writeSpec("alpha", "ml-platform", 2);
      run.writeSpec("gamma", "research", 2);
      run.converge();
      var gamma = run.recorded("gamma");
      StateStore.recordEndpoint(gamma, "https://railway.example/graphql/v2");
      run.store.save(gamma);
      Files.delete(run.specs.resolve("gamma.yaml"));
      long mutations = mutations(run);

      run.controller.runOnce();

      assertThat(mutations(run)).as("nothing deleted through IDs recorded on another Railway").isEqualTo(mutations);
      assertThat(run.serviceId("gamma-mlflow")).isPresent();
      assertThat(run.store.load("default", "gamma")).as("the record is kept").isPresent();
      assertThat(run.log.toString()).contains("default/gamma: cannot delete yet", "gamma was applied to the Railway API at"
          + " https://railway.example/graphql/v2, but this run uses the local Railway sandbox");
    }
  }

  private static long mutations(RunHarness run) {
    var stats = run.sandbox.stats();
    return stats.total() - stats.count("ObserveStack") - stats.count("FindProjects");
  }
}
