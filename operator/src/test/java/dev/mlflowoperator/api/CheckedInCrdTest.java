package dev.mlflowoperator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when crds/ no longer matches the CRD generated from the Java model; with
 * -Dcrds.update=true it rewrites the checked-in copy instead.
 */
class CheckedInCrdTest {
  private static final String CRD = "mlflowdeployments.mlflow-operator.dev-v1.yml";
  /** The generator sorts printer columns by JSON path; kubectl users expect AGE last. */
  private static final List<String> COLUMN_ORDER = List.of("TARGET", "READY", "SYNCED", "URL", "AGE");

  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void checkedInCrdMatchesTheOneGeneratedFromTheModel() throws IOException {
    JsonNode expected = withColumnsInOrder(generatedCrd());
    Path checkedIn = Path.of(System.getProperty("crds.dir", "../crds"), CRD);
    if (Boolean.getBoolean("crds.update")) {
      Files.writeString(checkedIn, "# Generated from operator/src/main/java/dev/mlflowoperator/api; do not edit.\n"
          + "# Refresh: mvn -B -pl operator -am test -Dtest=CheckedInCrdTest -Dsurefire.failIfNoSpecifiedTests=false -Dcrds.update=true\n"
          + YAML.writeValueAsString(expected).replaceFirst("^---\n", ""));
    }
    assertThat(checkedIn).as("the checked-in CRD").exists();
    assertThat(YAML.readTree(checkedIn.toFile()).equals(expected))
        .as("crds/%s is stale: refresh it with `mvn -B -pl operator -am test -Dtest=CheckedInCrdTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dcrds.update=true`", CRD)
        .isTrue();
  }

  @Test
  void printerColumnsReadTargetReadySyncedUrlAge() throws IOException {
    var columns = new ArrayList<String>();
    withColumnsInOrder(generatedCrd()).at("/spec/versions/0/additionalPrinterColumns")
        .forEach(c -> columns.add(c.get("name").asText()));
    assertThat(columns).containsExactlyElementsOf(COLUMN_ORDER);
  }

  private JsonNode generatedCrd() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/" + CRD)) {
      assertThat(in).as("the crd-generator plugin output on the classpath").isNotNull();
      return YAML.readTree(in);
    }
  }

  private static JsonNode withColumnsInOrder(JsonNode crd) {
    var copy = crd.deepCopy();
    for (JsonNode version : copy.at("/spec/versions")) {
      var columns = (ArrayNode) version.get("additionalPrinterColumns");
      var sorted = new ArrayList<JsonNode>();
      columns.forEach(sorted::add);
      sorted.sort(Comparator.comparingInt(c -> COLUMN_ORDER.indexOf(c.get("name").asText())));
      ((ObjectNode) version).putArray("additionalPrinterColumns").addAll(sorted);
    }
    return copy;
  }
}
