package dev.mlflowoperator.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.EnumTypeDefinition;
import graphql.language.ImplementingTypeDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operation document is valid against our subset SDL and against Railway's published schema. */
class OperationConformanceTest {
  /** The client's operations, in the client module beside this one. */
  private static final Path OPERATIONS = Path.of("../client/src/main/resources/dev/mlflowoperator/railway/operations");
  /** The sandbox's SDL: the subset of Railway's schema that the sandbox serves. */
  private static final Path SUBSET = Path.of("src/main/resources/dev/mlflowoperator/railway/railway-subset.graphqls");
  /** Railway's schema as saved in the shared folder beside the repository; never copied into it. */
  private static final Path RAILWAY_SCHEMA = Path.of("../../../shared/railway/schema.graphql");

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
        "FindProjects", "ProjectCreate", "ServiceCreate", "VolumeCreate",
        "VariableCollectionUpsert", "ServiceInstanceUpdate", "ServiceDomainCreate",
        "ServiceInstanceDeployV2", "ServiceDelete", "VolumeDelete", "VariableDelete",
        "VolumeInstanceBackupCreate", "WorkflowStatus", "VolumeInstanceBackupList", "VolumeInstanceBackupRestore",
        "EnvironmentPatchCommitStaged", "VolumeInstances");
  }

  /** Skips without Railway's schema, except where MLFLOW_OPERATOR_REQUIRE_RAILWAY_SCHEMA=1 (CI) makes it a failure. */
  private static void requireRailwaySchema(String consequence) {
    String missing = "Railway's published schema is not at " + RAILWAY_SCHEMA.toAbsolutePath().normalize()
        + "; " + consequence;
    if ("1".equals(System.getenv("MLFLOW_OPERATOR_REQUIRE_RAILWAY_SCHEMA"))) {
      assertThat(RAILWAY_SCHEMA).as(missing).isRegularFile();
    }
    assumeTrue(Files.isRegularFile(RAILWAY_SCHEMA), missing);
  }

  @ParameterizedTest
  @MethodSource("operationNames")
  void operationIsValidAgainstOurSubsetOfRailwaysSchema(String name) throws IOException {
    assertThat(errors(schema(SUBSET), name)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("operationNames")
  void operationIsValidAgainstRailwaysPublishedSchema(String name) throws IOException {
    requireRailwaySchema("only the subset check ran");
    assertThat(errors(railwaySchema(), name)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("operationNames")
  void operationLoadsUnderItsFileName(String name) {
    assertThat(GraphqlOperation.named(name).name()).isEqualTo(name);
  }

  @Test
  void everyTypeFieldArgumentAndEnumValueOfTheSubsetIsRailwaysOwn() throws IOException {
    requireRailwaySchema("the subset was not compared with it");
    TypeDefinitionRegistry railway = registry(RAILWAY_SCHEMA);
    List<String> differences = new ArrayList<>();
    for (TypeDefinition<?> ours : registry(SUBSET).types().values()) {
      TypeDefinition<?> theirs = railway.getType(ours.getName()).orElse(null);
      if (theirs == null || theirs.getClass() != ours.getClass()) {
        differences.add(ours.getName() + " is not a " + ours.getClass().getSimpleName() + " in Railway's schema");
        continue;
      }
      Map<String, String> railwayMembers = members(theirs);
      members(ours).forEach((member, type) -> {
        if (!type.equals(railwayMembers.get(member))) {
          differences.add(ours.getName() + "." + member + ": ours " + type + ", Railway's "
              + railwayMembers.get(member));
        }
      });
      if (ours instanceof EnumTypeDefinition && !members(ours).keySet().equals(railwayMembers.keySet())) {
        differences.add(ours.getName() + " must list Railway's values " + railwayMembers.keySet());
      }
    }
    assertThat(differences).isEmpty();
  }

  /** Fields with their types, arguments as {@code field(arg:)}, input fields with defaults, enum values. */
  private static Map<String, String> members(TypeDefinition<?> type) {
    Map<String, String> members = new LinkedHashMap<>();
    if (type instanceof ImplementingTypeDefinition<?> object) {
      object.getFieldDefinitions().forEach(field -> {
        members.put(field.getName(), AstPrinter.printAst(field.getType()));
        field.getInputValueDefinitions().forEach(arg -> members.put(
            field.getName() + "(" + arg.getName() + ":)", AstPrinter.printAst(arg.getType())));
      });
    } else if (type instanceof InputObjectTypeDefinition input) {
      input.getInputValueDefinitions().forEach(field -> members.put(field.getName(),
          AstPrinter.printAst(field.getType())
              + (field.getDefaultValue() == null ? "" : " = " + AstPrinter.printAst(field.getDefaultValue()))));
    } else if (type instanceof EnumTypeDefinition enumType) {
      enumType.getEnumValueDefinitions().forEach(value -> members.put(value.getName(), "value"));
    }
    return members;
  }

  private static TypeDefinitionRegistry registry(Path sdl) throws IOException {
    return new SchemaParser().parse(Files.readString(sdl, StandardCharsets.UTF_8));
  }

  private static GraphQLSchema railwaySchemaCache;

  private static synchronized GraphQLSchema railwaySchema() throws IOException {
    if (railwaySchemaCache == null) {
      railwaySchemaCache = schema(RAILWAY_SCHEMA);
    }
    return railwaySchemaCache;
  }

  private static GraphQLSchema schema(Path sdl) throws IOException {
    return UnExecutableSchemaGenerator.makeUnExecutableSchema(registry(sdl));
  }

  private static List<String> errors(GraphQLSchema schema, String name) throws IOException {
    Document document = Parser.parse(Files.readString(OPERATIONS.resolve(name + ".graphql")));
    return new Validator().validateDocument(schema, document, Locale.ENGLISH).stream()
        .map(ValidationError::getMessage)
        .toList();
  }
}
