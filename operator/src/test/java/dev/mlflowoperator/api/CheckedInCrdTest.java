package dev.mlflowoperator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Fails the build when crds/ no longer matches the CRD generated from the Java model. */
class CheckedInCrdTest {
  private static final String CRD = "mlflowdeployments.mlflow-operator.dev-v1.yml";

  @Test
  void checkedInCrdMatchesTheOneGeneratedFromTheModel() throws IOException {
    String generated;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/" + CRD)) {
      assertThat(in).as("the crd-generator plugin output on the classpath").isNotNull();
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path checkedIn = Path.of(System.getProperty("crds.dir", "../crds"), CRD);
    assertThat(checkedIn).as("the checked-in CRD").exists();
    assertThat(Files.readString(checkedIn))
        .as("crds/%s is stale: refresh it with `mvn -B -pl operator -am process-classes -Pupdate-crds`", CRD)
        .isEqualTo(generated);
  }
}
