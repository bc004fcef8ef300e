package dev.mlflowoperator.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import graphql.language.Document;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operation document is valid against our subset SDL and against Railway's published schema. */
class OperationConformanceTest {
  private static final Path RESOURCES = Path.of("src/main/resources/dev/mlflowoperator/railway");
  private static final Path OPERATIONS = RESOURCES.resolve("operations");
  private static final Path SUBSET = RESOURCES.resolve("railway-subset.graphqls");
  /** Railway's schema as saved in the shared folder beside the repository; never copied into it. */
  private static final Path RAILWAY_SCHEMA = Path.of("../../shared/railway/schema.graphql");

  static Stream<String> operationNames() throws IOException {
    try (Stream<Path> files = Files.list(OPERATIONS)) {
      return files.map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".graphql"))
          .map(name -> name.substring(0, name.length() - ".graphql".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void everyOperationTheRailwayTargetNeedsIsThere() throws IOException {
    assertThat(operationNames()).containsExactlyInAnyOrder(
        "ObserveStack", "FindProjects", "ProjectCreate", "ServiceCreate", "VolumeCreate",
        "VariableCollectionUpsert", "ServiceInstanceUpdate", "ServiceDomainCreate",
        "ServiceInstanceDeployV2", "ServiceDelete", "VolumeDelete");
  }

  @ParameterizedTest
  @MethodSource("operationNames")
  void operationIsValidAgainstOurSubsetOfRailwaysSchema(String name) throws IOException {
    assertThat(errors(schema(SUBSET), name)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("operationNames")
  void operationIsValidAgainstRailwaysPublishedSchema(String name) throws IOException {
    assumeTrue(Files.isRegularFile(RAILWAY_SCHEMA),
        "Railway's published schema is not at " + RAILWAY_SCHEMA.toAbsolutePath().normalize()
            + "; only the subset check ran");
    assertThat(errors(railwaySchema(), name)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("operationNames")
  void operationLoadsUnderItsFileName(String name) {
    assertThat(GraphqlOperation.named(name).name()).isEqualTo(name);
  }

  private static GraphQLSchema railwaySchemaCache;

  private static synchronized GraphQLSchema railwaySchema() throws IOException {
    if (railwaySchemaCache == null) {
      railwaySchemaCache = schema(RAILWAY_SCHEMA);
    }
    return railwaySchemaCache;
  }

  private static GraphQLSchema schema(Path sdl) throws IOException {
    var registry = new SchemaParser().parse(Files.readString(sdl, StandardCharsets.UTF_8));
    return UnExecutableSchemaGenerator.makeUnExecutableSchema(registry);
  }

  private static List<String> errors(GraphQLSchema schema, String name) throws IOException {
    Document document = Parser.parse(Files.readString(OPERATIONS.resolve(name + ".graphql")));
    return new Validator().validateDocument(schema, document, Locale.ENGLISH).stream()
        .map(ValidationError::getMessage)
        .toList();
  }
}
