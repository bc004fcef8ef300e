package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documents built from a stack's list of services, with every step for every service, are valid against the
 * sandbox's SDL and against Railway's published schema, for stacks of one, two and three services (a key with a
 * character outside GraphQL names among them), and the shared ObserveStacks of three deployments, as {@code OperationConformanceTest} checks the fixed operations.
 */
class StackDocumentsConformanceTest {
  /** The sandbox's SDL, on the classpath from the sandbox module. */
  private static final String SUBSET = "/dev/mlflowoperator/railway/railway-subset.graphqls";
  /** Railway's schema as saved in the shared folder beside the repository; never copied into it. */
  private static final Path RAILWAY_SCHEMA = Path.of("../../shared/railway/schema.graphql");
  private static GraphQLSchema railwaySchema;

  static Stream<Arguments> documents() {
    var documents = new ArrayList<Arguments>();
    for (List<String> services : List.of(List.of("mlflow"), List.of("mlflow", "proxy"),
        List.of("mlflow", "proxy", "backup-job"))) {
      for (var document : everyStep(services)) {
        documents.add(Arguments.of(services.size() + " services: " + document.document().lines().findFirst()
            .orElseThrow(), document));
      }
    }
    return documents.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void aBuiltDocumentIsValidAgainstOurSubsetOfRailwaysSchema(String name, StackDocuments document) throws IOException {
    assertThat(errors(subsetSchema(), document)).isEmpty();
    assertThat(document.variables()).containsOnlyKeys(declared(document));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void aBuiltDocumentIsValidAgainstRailwaysPublishedSchema(String name, StackDocuments document) throws IOException {
    String missing = "Railway's published schema is not at " + RAILWAY_SCHEMA.toAbsolutePath().normalize()
        + "; only the subset check ran";
    if ("1".equals(System.getenv("MLFLOW_OPERATOR_REQUIRE_RAILWAY_SCHEMA"))) {
      assertThat(RAILWAY_SCHEMA).as(missing).isRegularFile();
    }
    assumeTrue(Files.isRegularFile(RAILWAY_SCHEMA), missing);
    assertThat(errors(railwaySchema(), document)).isEmpty();
  }

  /** Observe, create, configure and delete, each with every step the builder has for every service. */
  private static List<StackDocuments> everyStep(List<String> services) {
    var observe = StackDocuments.observe("p", "e").readBackups("vi");
    var create = StackDocuments.createServices("p", "e");
    String first = services.get(0);
    String last = services.get(services.size() - 1);
    var configure = StackDocuments.configure("p", "e")
        .createVolume(first, "id-" + first, "/data")
        .attachVolume("v", first, "id-" + first, "/data")
        .renameVolume("v", "name")
        .growVolume("v", 6000)
        .updateBackupSchedule("vi", List.of("DAILY", "WEEKLY"))
        .createDomain(last, "id-" + last, 8080)
        .updateDomain("d", "example.up.railway.app", last, "id-" + last, 8080);
    var delete = StackDocuments.delete();
    for (String service : services) {
      observe.readService(service, "id-" + service, true);
      create.createService(service, "tracking-" + service);
      configure.upsertVariables(service, "id-" + service, Map.of("PORT", "8080"));
    }
    for (String service : services) {
      configure.updateSettings(service, "id-" + service, Map.of("startCommand", "run"))
          .updateLimits(service, "id-" + service, new RailwayDesired.Limits(1, 2.148));
    }
    for (String service : services) {
      configure.deploy(service, "id-" + service);
      delete.deleteService(service, "id-" + service);
    }
    delete.deleteVolume("v");
    var batch = StackDocuments.batch(List.of(observed(services, "d0_", "vi"), observed(services, "d1_", null),
        observed(services, "d12_", "vi-12")));
    return List.of(observe, create, configure, delete, batch);
  }

  /** One deployment's ObserveStack under {@code prefix}, for ObserveStacks. */
  private static StackDocuments observed(List<String> services, String prefix, String volumeInstance) {
    var observe = StackDocuments.observe("p" + prefix, "e" + prefix, prefix);
    if (volumeInstance != null) {
      observe.readBackups(volumeInstance);
    }
    services.forEach(service -> observe.readService(service, prefix + "id-" + service, true));
    return observe;
  }

  private static String[] declared(StackDocuments document) {
    String header = document.document().lines().findFirst().orElseThrow();
    return Pattern.compile("\\$(\\w+):").matcher(header).results().map(m -> m.group(1))
        .toArray(String[]::new);
  }

  private static List<String> errors(GraphQLSchema schema, StackDocuments document) {
    return new Validator().validateDocument(schema, Parser.parse(document.document()), Locale.ENGLISH).stream()
        .map(ValidationError::getMessage)
        .toList();
  }

  private static GraphQLSchema subsetSchema() throws IOException {
    try (InputStream in = StackDocumentsConformanceTest.class.getResourceAsStream(SUBSET)) {
      assertThat(in).as(SUBSET + " on the classpath").isNotNull();
      return schema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static synchronized GraphQLSchema railwaySchema() throws IOException {
    if (railwaySchema == null) {
      railwaySchema = schema(Files.readString(RAILWAY_SCHEMA, StandardCharsets.UTF_8));
    }
    return railwaySchema;
  }

  private static GraphQLSchema schema(String sdl) {
    return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl));
  }
}
