package dev.mlflowoperator.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.RotateAnnotation;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.api.v1alpha1.UserSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per validation rule, with the exact line a user reads, and valid cases next to them. */
class SpecValidatorTest {
  private static final String SAFE_USERNAME =
      "1 to 64 letters, digits, '.', '_' or '-' (no ':', spaces, braces, quotes or '@'), such as mlflow";

  @Test
  void minimalKubernetesSpecIsValid() {
    assertThat(Specs.kubernetes().problems()).isEmpty();
  }

  @Test
  void fullySpecifiedSpecWithPostgresAndS3IsValid() {
    assertThat(fullSpec().problems()).isEmpty();
  }

  private static Specs fullSpec() {
    return Specs.of("""
        apiVersion: mlflow-operator.dev/v1alpha1
        kind: MlflowDeployment
        metadata:
          name: tracking
          namespace: ml
          labels: {team: ml}
          annotations: {note: anything}
        spec:
          target: kubernetes
          kubernetes:
            serviceType: LoadBalancer
            tlsTerminatedInFront: true
            storageClassName: fast-ssd
            hosts: [mlflow.example.com]
          mlflow:
            version: "3.14.0"
            image: ghcr.io/mlflow/mlflow:v3.14.0-full
            workers: 32
            backendStore:
              type: postgres
              uriSecretRef: {name: mlflow-db, key: uri}
            artifacts:
              type: s3
              bucket: mlflow-artifacts
              prefix: team-a
              endpoint: https://s3.eu-central-1.amazonaws.com
              region: eu-central-1
              credentialsSecretRef: {name: s3-credentials}
            env: {MLFLOW_LOGGING_LEVEL: INFO}
            resources: {cpu: 500m, memory: 1Gi}
          proxy:
            caddyVersion: "2.7.6"
            auth:
              username: ml.team_admin-1
              passwordSecretRef: {name: mlflow-auth, key: password}
          storage: {size: 1.5Gi, mountPath: /var/lib/mlflow}
          deletionPolicy: Delete
        status:
          mlflowVersion: 3.14.0
        """);
  }

  @Test
  void anyFieldReplacedByAValueOfAnotherShapeGivesViolationsNotExceptions() {
    JsonNode full = fullSpec().document();
    List<String> paths = new ArrayList<>();
    collectPaths(full, "", paths);
    List<JsonNode> replacements = List.of(
        JsonNodeFactory.instance.arrayNode().add(1), JsonNodeFactory.instance.objectNode().put("x", 1),
        IntNode.valueOf(7), TextNode.valueOf("x y"), NullNode.getInstance());

    for (String path : paths) {
      for (JsonNode replacement : replacements) {
        var document = (ObjectNode) full.deepCopy();
        int slash = path.lastIndexOf('/');
        JsonNode parent = document.at(path.substring(0, slash));
        if (parent instanceof ObjectNode object) {
          object.set(path.substring(slash + 1), replacement);
        } else {
          ((ArrayNode) parent).set(Integer.parseInt(path.substring(slash + 1)), replacement);
        }
        assertThatCode(() -> new SpecValidator().validate(document)).as(path + " = " + replacement)
            .doesNotThrowAnyException();
      }
    }
    assertThat(paths).hasSizeGreaterThan(40);
  }

  private static void collectPaths(JsonNode node, String path, List<String> out) {
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(name -> {
        out.add(path + "/" + name);
        collectPaths(node.get(name), path + "/" + name, out);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.add(path + "/" + i);
        collectPaths(node.get(i), path + "/" + i, out);
      }
    }
  }

  @Test
  void unknownTargetIsRejectedListingTheTargets() {
    assertThat(Specs.kubernetes().set("spec.target", "aws").problems())
        .containsExactly("spec.target: found \"aws\"; expected one of kubernetes, railway");
  }

  @Test
  void misspeltTargetSuggestsTheNearestOne() {
    assertThat(Specs.kubernetes().set("spec.target", "Railway").problems())
        .containsExactly("spec.target: found \"Railway\"; expected one of kubernetes, railway (did you mean \"railway\"?)");
  }

  @Test
  void missingTargetIsRejected() {
    assertThat(Specs.kubernetes().remove("spec.target").problems())
        .containsExactly("spec.target: missing; expected one of kubernetes, railway");
  }

  @Test
  void missingSpecIsRejected() {
    assertThat(Specs.kubernetes().remove("spec").problems())
        .containsExactly("spec: missing; expected the deployment settings, at least target");
  }

  @Test
  void railwayTargetWithProjectIsValid() {
    assertThat(Specs.railway().problems()).isEmpty();
  }

  @Test
  void railwayTargetWithoutRailwayBlockIsRejected() {
    assertThat(Specs.kubernetes().set("spec.target", "railway").problems())
        .singleElement().asString()
        .startsWith("spec.railway: missing; target railway needs a railway block with at least project");
  }

  @Test
  void railwayBlockWithoutProjectIsRejected() {
    assertThat(Specs.railway().remove("spec.railway.project").set("spec.railway.environment", "staging").problems())
        .singleElement().asString()
        .startsWith("spec.railway.project: missing; expected a Railway name of 1 to 63 letters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"LoadBalancer", "NodePort"})
  void anExposedServiceWithoutTlsInFrontIsRefusedSayingHowToProceed(String type) {
    assertThat(Specs.kubernetes().set("spec.kubernetes.serviceType", type).problems()).containsExactly(
        "spec.kubernetes.serviceType: " + type + " exposes the proxy over plain HTTP, which sends the basic-auth"
            + " password in clear text with every request; keep ClusterIP and expose it through an Ingress or gateway"
            + " that terminates TLS, or, when TLS already ends in front of this Service, say so with"
            + " spec.kubernetes.tlsTerminatedInFront: true");
    assertThat(Specs.kubernetes().set("spec.kubernetes.serviceType", type)
        .set("spec.kubernetes.tlsTerminatedInFront", true).problems()).isEmpty();
    assertThat(Specs.kubernetes().set("spec.kubernetes.serviceType", type)
        .set("spec.kubernetes.tlsTerminatedInFront", false).problems()).hasSize(1);
  }

  @Test
  void aClusterIpServiceNeedsNoTlsStatement() {
    assertThat(Specs.kubernetes().set("spec.kubernetes.serviceType", "ClusterIP").problems()).isEmpty();
  }

  @Test
  void blockOfTheOtherTargetIsRejected() {
    assertThat(Specs.kubernetes().set("spec.railway.project", "ml").problems())
        .containsExactly("spec.railway: only used with target railway; remove it or set target: railway");
    assertThat(Specs.railway().set("spec.kubernetes.serviceType", "NodePort").problems())
        .containsExactly("spec.kubernetes: only used with target kubernetes; remove it or set target: kubernetes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5GB", "0", "-1Gi", "0.5Gi", "5 Gi", "Gi", "5gi"})
  void sizeThatIsNotAPositiveQuantityIsRejectedNamingTheField(String size) {
    assertThat(Specs.kubernetes().set("spec.storage.size", size).problems())
        .containsExactly("spec.storage.size: found \"" + size + "\"; expected a positive quantity such as 5Gi or 500Mi");
  }

  @ParameterizedTest
  @ValueSource(strings = {"500Mi", "1.5Gi", "10G", "1Ti", "5368709120"})
  void positiveQuantitiesAreValidSizes(String size) {
    assertThat(Specs.kubernetes().set("spec.storage.size", size).problems()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlflow", "./mlflow", "/", "/mlflow/", "//mlflow", "/ml flow"})
  void relativeOrRootMountPathIsRejected(String mountPath) {
    assertThat(Specs.kubernetes().set("spec.storage.mountPath", mountPath).problems())
        .containsExactly("spec.storage.mountPath: found \"" + mountPath
            + "\"; expected an absolute directory path other than /, such as /mlflow");
  }

  @Test
  void mountPathWithDotSegmentsIsRejected() {
    assertThat(Specs.kubernetes().set("spec.storage.mountPath", "/data/../etc").problems())
        .containsExactly("spec.storage.mountPath: found \"/data/../etc\"; expected a path without . or .. segments, such as /mlflow");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc", "/usr", "/proc/self", "/dev/shm"})
  void mountPathOverASystemDirectoryIsRejected(String mountPath) {
    assertThat(Specs.kubernetes().set("spec.storage.mountPath", mountPath).problems())
        .singleElement().asString()
        .contains("found \"" + mountPath + "\"; expected a directory of its own such as /mlflow");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 33, 1000})
  void workersOutOfOneToThirtyTwoAreRejected(int workers) {
    assertThat(Specs.kubernetes().set("spec.mlflow.workers", workers).problems())
        .containsExactly("spec.mlflow.workers: found " + workers + "; expected a whole number from 1 to 32");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 32})
  void workersAtTheBoundsAreValid(int workers) {
    assertThat(Specs.kubernetes().set("spec.mlflow.workers", workers).problems()).isEmpty();
  }

  @Test
  void quotedWorkersAreRejectedAskingForNoQuotes() {
    assertThat(Specs.kubernetes().set("spec.mlflow.workers", "4").problems())
        .containsExactly("spec.mlflow.workers: found \"4\"; expected a whole number from 1 to 32, without quotes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "3", "3.14", "v3.14.0", "3.14.0rc1", "3.14.0-full"})
  void versionThatIsNotAPinnedReleaseIsRejected(String version) {
    assertThat(Specs.kubernetes().set("spec.mlflow.version", version).problems())
        .containsExactly("spec.mlflow.version: found \"" + version
            + "\"; expected a pinned MLflow release such as 3.17.0 (major.minor.patch)");
  }

  @Test
  void unquotedVersionIsRejectedAskingForQuotes() {
    assertThat(Specs.kubernetes().setYaml("spec.mlflow.version", "3.14").problems())
        .containsExactly("spec.mlflow.version: found 3.14 (a number); "
            + "expected a pinned MLflow release such as 3.17.0 (major.minor.patch), in quotes");
  }

  @Test
  void caddyVersionOutsideCaddyTwoIsRejected() {
    assertThat(Specs.kubernetes().set("spec.proxy.caddyVersion", "1.0.4").problems())
        .containsExactly("spec.proxy.caddyVersion: found \"1.0.4\"; expected a Caddy 2 version such as 2.11 or 2.11.2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"admin} respond 200 {", "{$HOME}", "ml flow", "", "ml\nflow", "mlflow\n", "mlflow@example.com"})
  void usernameOutsideTheSafeCharsetIsRejected(String username) {
    assertThat(Specs.kubernetes().set("spec.proxy.auth.username", username).problems())
        .singleElement().asString()
        .startsWith("spec.proxy.auth.username: found " + TextNode.valueOf(username))
        .endsWith("; expected " + SAFE_USERNAME)
        .doesNotContain("\n");
  }

  @Test
  void severalUsersWithAndWithoutPasswordReferencesAreValid() {
    assertThat(Specs.kubernetes().setYaml("spec.proxy.auth.users",
        "[{username: alice}, {username: ci-train, passwordSecretRef: {name: ci-creds, key: password}}]").problems())
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bob:x", "b ob", "{env.HOME}", "\"bob\"", "'bob'", "", "bob@example.com"})
  void userWithAnUnsafeUsernameIsRejectedNamingTheEntry(String username) {
    assertThat(Specs.kubernetes().set("spec.proxy.auth.users", List.of(Map.of("username", "alice"),
        Map.of("username", username))).problems())
        .singleElement().asString()
        .startsWith("spec.proxy.auth.users[1].username: found " + TextNode.valueOf(username))
        .endsWith("; expected " + SAFE_USERNAME);
  }

  @Test
  void userWithoutUsernameIsRejectedNamingTheEntry() {
    assertThat(Specs.kubernetes().setYaml("spec.proxy.auth.users",
        "[{username: alice}, {passwordSecretRef: {name: ci-creds, key: password}}]").problems())
        .containsExactly("spec.proxy.auth.users[1].username: missing; expected " + SAFE_USERNAME);
  }

  @Test
  void usernameListedTwiceIsRejectedNamingBothEntries() {
    assertThat(Specs.kubernetes().setYaml("spec.proxy.auth.users",
        "[{username: alice}, {username: bob}, {username: alice}]").problems())
        .containsExactly("spec.proxy.auth.users[2].username: \"alice\" is already spec.proxy.auth.users[0].username;"
            + " each username once");
  }

  @Test
  void usernameAndUsersTogetherAreRejectedSayingWhichToKeep() {
    assertThat(Specs.kubernetes().set("spec.proxy.auth.username", "mlflow")
        .setYaml("spec.proxy.auth.users", "[{username: alice}]").problems())
        .containsExactly("spec.proxy.auth.username: set together with spec.proxy.auth.users; keep one: for one user"
            + " keep username and remove users, for several move \"mlflow\" into users as - username: ... and"
            + " remove username");
  }

  @Test
  void passwordReferenceBesideUsersIsRejectedPointingAtTheEntries() {
    assertThat(Specs.kubernetes().setYaml("spec.proxy.auth.passwordSecretRef", "{name: auth, key: password}")
        .setYaml("spec.proxy.auth.users", "[{username: alice}]").problems())
        .containsExactly("spec.proxy.auth.passwordSecretRef: only used with spec.proxy.auth.username; with users,"
            + " set passwordSecretRef on the user's entry in users and remove this one");
  }

  @Test
  void emptyUsersAreRejected() {
    assertThat(Specs.kubernetes().setYaml("spec.proxy.auth.users", "[]").problems())
        .containsExactly("spec.proxy.auth.users: empty; list at least one user, such as - username: mlflow,"
            + " or remove users");
  }

  @Test
  void moreThanAHundredUsersAreRejected() {
    var users = new ArrayList<Map<String, String>>();
    for (int i = 0; i < 101; i++) {
      users.add(Map.of("username", "user" + i));
    }
    assertThat(Specs.kubernetes().set("spec.proxy.auth.users", users.subList(0, 100)).problems()).isEmpty();
    assertThat(Specs.kubernetes().set("spec.proxy.auth.users", users).problems())
        .containsExactly("spec.proxy.auth.users: found 101 users; expected at most 100");
  }

  @Test
  void userPasswordReferenceWithABadKeyIsRejectedNamingTheEntryWithoutShowingIt() {
    assertThat(Specs.kubernetes().setYaml("spec.proxy.auth.users",
        "[{username: alice}, {username: bob, passwordSecretRef: {name: creds, key: 'pass word'}}]").problems())
        .containsExactly("spec.proxy.auth.users[1].passwordSecretRef.key: found text (not shown); expected a key of"
            + " the Secret: letters, digits, '-', '_' or '.'");
  }

  @Test
  void usernameLongerThanSixtyFourCharactersIsRejectedShowingItShortened() {
    assertThat(Specs.kubernetes().set("spec.proxy.auth.username", "u".repeat(65)).problems())
        .containsExactly("spec.proxy.auth.username: found \"" + "u".repeat(59)
            + "...; expected " + SAFE_USERNAME);
  }

  @Test
  void postgresWithoutUriSecretIsRejected() {
    assertThat(Specs.kubernetes().set("spec.mlflow.backendStore.type", "postgres").problems())
        .singleElement().asString()
        .startsWith("spec.mlflow.backendStore.uriSecretRef: missing; backendStore type postgres needs the Secret key");
  }

  @Test
  void uriSecretWithoutKeyIsRejected() {
    assertThat(Specs.kubernetes().set("spec.mlflow.backendStore.type", "postgres")
            .set("spec.mlflow.backendStore.uriSecretRef.name", "mlflow-db").problems())
        .containsExactly("spec.mlflow.backendStore.uriSecretRef.key: missing; this field is required");
  }

  @Test
  void uriSecretWithSqliteIsRejected() {
    var spec = Specs.kubernetes().set("spec.mlflow.backendStore.uriSecretRef", new SecretKeyRef("db", "uri"));
    assertThat(spec.problems()).containsExactly(
        "spec.mlflow.backendStore.uriSecretRef: only used with backendStore type postgres; remove it or set type: postgres");
  }

  @Test
  void s3WithoutBucketIsRejected() {
    assertThat(Specs.kubernetes().set("spec.mlflow.artifacts.type", "s3").problems())
        .containsExactly("spec.mlflow.artifacts.bucket: missing; artifacts type s3 needs a bucket name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"My_Artifacts", "ab", "-artifacts", "artifacts-", "ml..artifacts", "192.168.1.10", "xn--artifacts"})
  void s3WithAnInvalidBucketNameIsRejected(String bucket) {
    var spec = Specs.kubernetes().set("spec.mlflow.artifacts.type", "s3").set("spec.mlflow.artifacts.bucket", bucket);
    assertThat(spec.problems()).singleElement().asString()
        .startsWith("spec.mlflow.artifacts.bucket: found \"" + bucket + "\"; expected an S3 bucket name of 3 to 63");
  }

  @Test
  void s3EndpointThatIsNotAnHttpUrlIsRejected() {
    var spec = Specs.kubernetes().set("spec.mlflow.artifacts.type", "s3").set("spec.mlflow.artifacts.bucket", "mlflow")
        .set("spec.mlflow.artifacts.endpoint", "s3.example.com");
    assertThat(spec.problems()).singleElement().asString()
        .startsWith("spec.mlflow.artifacts.endpoint: found \"s3.example.com\"; expected an http:// or https:// URL");
  }

  @Test
  void aRejectedUrlIsEchoedWithoutItsUserAndPassword() {
    var spec = Specs.kubernetes().set("spec.mlflow.artifacts.type", "s3").set("spec.mlflow.artifacts.bucket", "mlflow")
        .set("spec.mlflow.artifacts.endpoint", "s3://AKIAKEY:wJalr-secret-9@s3.example.com")
        .set("spec.mlflow.image", "https://me:registry-secret-7@registry.example.com/mlflow v3");
    assertThat(spec.problems()).containsExactlyInAnyOrder(
        "spec.mlflow.artifacts.endpoint: found \"s3://***@s3.example.com\"; expected an http:// or https:// URL such as"
            + " https://s3.eu-central-1.amazonaws.com",
        "spec.mlflow.image: found \"https://***@registry.example.com/mlflow v3\"; expected a container image reference"
            + " without spaces, such as ghcr.io/mlflow/mlflow:v3.17.0");
  }

  @Test
  void aLongUrlIsCutOnlyAfterItsPasswordIsTakenOut() {
    String endpoint = "ftp://" + "u".repeat(30) + ":" + "p".repeat(40) + "@s3.example.com";
    var spec = Specs.kubernetes().set("spec.mlflow.artifacts.type", "s3").set("spec.mlflow.artifacts.bucket", "mlflow")
        .set("spec.mlflow.artifacts.endpoint", endpoint);
    assertThat(spec.problems()).singleElement().asString()
        .startsWith("spec.mlflow.artifacts.endpoint: found \"ftp://***@s3.example.com\";").doesNotContain("ppp");
  }

  @Test
  void s3FieldsWithVolumeArtifactsAreRejected() {
    assertThat(Specs.kubernetes().set("spec.mlflow.artifacts.bucket", "mlflow").problems())
        .containsExactly("spec.mlflow.artifacts.bucket: only used with artifacts type s3; remove it or set type: s3");
  }

  @Test
  void unknownDeletionPolicyIsRejected() {
    assertThat(Specs.kubernetes().set("spec.deletionPolicy", "Orphan").problems())
        .containsExactly("spec.deletionPolicy: found \"Orphan\"; expected one of Delete, Retain");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Tracking", "1tracking", "tracking-", "track_ing", "tracking.ml", "a23456789-123456789-123456789-123456789-1"})
  void invalidNameIsRejected(String name) {
    assertThat(Specs.kubernetes().set("metadata.name", name).problems())
        .singleElement().asString()
        .startsWith("metadata.name: found \"" + name + "\"")
        .contains("expected a name of 1 to 40 lowercase letters, digits or '-', starting with a letter");
  }

  @Test
  void tooLongNameSaysHowLongItIs() {
    assertThat(Specs.kubernetes().set("metadata.name", "a".repeat(41)).problems())
        .singleElement().asString().contains("(41 characters); expected");
  }

  @Test
  void fortyCharacterNameIsValid() {
    assertThat(Specs.kubernetes().set("metadata.name", "a".repeat(40)).problems()).isEmpty();
  }

  @Test
  void missingNameIsRejected() {
    assertThat(Specs.kubernetes().remove("metadata.name").problems())
        .singleElement().asString().startsWith("metadata.name: missing; expected a name of 1 to 40");
  }

  @Test
  void invalidNamespaceIsRejected() {
    assertThat(Specs.kubernetes().set("metadata.namespace", "ML_Team").problems())
        .containsExactly("metadata.namespace: found \"ML_Team\"; expected a namespace name of at most 63 lowercase letters, digits or '-'");
  }

  @Test
  void wrongApiVersionAndKindAreRejected() {
    var spec = Specs.kubernetes().set("apiVersion", "mlflow-operator.dev/v1").set("kind", "Deployment");
    assertThat(spec.problems()).containsExactly(
        "apiVersion: found \"mlflow-operator.dev/v1\"; expected mlflow-operator.dev/v1alpha1",
        "kind: found \"Deployment\"; expected MlflowDeployment");
  }

  @Test
  void missingApiVersionIsRejected() {
    assertThat(Specs.kubernetes().remove("apiVersion").problems())
        .containsExactly("apiVersion: missing; expected mlflow-operator.dev/v1alpha1");
  }

  @Test
  void unknownSpecFieldSuggestsTheNearestKnownField() {
    assertThat(Specs.kubernetes().set("spec.storage.mountpath", "/mlflow").set("spec.mlflow.worker", 2).problems())
        .containsExactlyInAnyOrder(
            "spec.storage.mountpath: unknown field; did you mean \"mountPath\"?",
            "spec.mlflow.worker: unknown field; did you mean \"workers\"?");
  }

  @Test
  void unknownFieldFarFromAnyKnownFieldListsTheKnownFields() {
    assertThat(Specs.kubernetes().set("spec.storage.replicas", 3).problems())
        .containsExactly("spec.storage.replicas: unknown field; known fields here are mountPath, size");
  }

  @Test
  void unknownFieldsOutsideSpecAreAccepted() {
    var spec = Specs.kubernetes().set("metadata.labels.team", "ml").set("metadata.uid", "1234")
        .set("status.mlflowVersion", "3.14.0");
    assertThat(spec.problems()).isEmpty();
  }

  @Test
  void blockOfTheWrongTypeIsRejected() {
    assertThat(Specs.kubernetes().setYaml("spec.storage", "[5Gi]").problems())
        .containsExactly("spec.storage: found a list; expected a mapping (field: value)");
  }

  @Test
  void nullFieldsCountAsAbsent() {
    assertThat(Specs.kubernetes().setYaml("spec.storage", "null").setYaml("spec.mlflow.version", "null").problems())
        .isEmpty();
  }

  @Test
  void documentThatIsNotAMappingIsRejected() {
    assertThat(new SpecValidator().validate(TextNode.valueOf("tracking")))
        .containsExactly(new Violation("", "found text; expected a mapping with apiVersion, kind, metadata and spec"));
  }

  @Test
  void secretReferencesAreNeverEchoed() {
    var spec = Specs.railway()
        .set("spec.railway.tokenSecretRef.name", "Railway_Token_Xyz")
        .set("spec.railway.tokenSecretRef.key", "token value")
        .set("spec.proxy.auth.passwordSecretRef.name", "auth")
        .set("spec.proxy.auth.passwordSecretRef.key", 12345)
        .set("spec.mlflow.env.AWS_SECRET", 987654);
    assertThat(spec.problems()).containsExactlyInAnyOrder(
        "spec.railway.tokenSecretRef.name: found text (not shown); expected a Secret name of lowercase letters, "
            + "digits, '-' or '.', starting and ending with a letter or digit",
        "spec.railway.tokenSecretRef.key: found text (not shown); expected a key of the Secret: letters, digits, '-', '_' or '.'",
        "spec.proxy.auth.passwordSecretRef.key: found a number (not shown); expected text in quotes",
        "spec.mlflow.env.AWS_SECRET: found a number (not shown); expected text in quotes");
    assertThat(String.join("\n", spec.problems())).doesNotContain("Xyz", "token value", "12345", "987654");
  }

  @Test
  void invalidEnvironmentVariableNameIsRejected() {
    assertThat(Specs.kubernetes().set("spec.mlflow.env.1BAD", "x").problems())
        .singleElement().asString().startsWith("spec.mlflow.env: found variable name \"1BAD\"; expected letters, digits or '_'");
  }

  @Test
  void zeroCpuAndMemoryWithoutUnitAreRejected() {
    var spec = Specs.kubernetes().set("spec.mlflow.resources.cpu", "0").set("spec.mlflow.resources.memory", "2");
    assertThat(spec.problems()).containsExactly(
        "spec.mlflow.resources.cpu: found \"0\"; expected a positive CPU quantity such as 1 or 500m",
        "spec.mlflow.resources.memory: found \"2\"; expected at least 1Mi, such as 2Gi (a number without a unit means bytes)");
  }

  @Test
  void invalidHostAndStorageClassAreRejected() {
    var spec = Specs.kubernetes().setYaml("spec.kubernetes.hosts", "[mlflow.example.com, 'https://mlflow.example.com']")
        .set("spec.kubernetes.storageClassName", "Fast SSD");
    assertThat(spec.problems()).containsExactly(
        "spec.kubernetes.hosts[1]: found \"https://mlflow.example.com\"; expected a host name of lowercase letters, "
            + "digits, '-' or '.', starting and ending with a letter or digit, such as mlflow.example.com",
        "spec.kubernetes.storageClassName: found \"Fast SSD\"; expected a StorageClass name of lowercase letters, "
            + "digits, '-' or '.', starting and ending with a letter or digit");
  }

  @Test
  void blankImageIsRejected() {
    assertThat(Specs.kubernetes().set("spec.proxy.image", " ").problems())
        .containsExactly("spec.proxy.image: found \" \"; expected a container image reference without spaces, such as caddy:2.11");
  }

  @Test
  void messagesDescribeValuesInWordsNotRegularExpressions() {
    var spec = Specs.railway().set("spec.railway.region", "US West").set("spec.mlflow.resources.cpu", "one");
    assertThat(spec.problems()).hasSize(2).noneMatch(line -> line.contains("^") || line.contains("[a-z"));
  }

  @Test
  void typedResourceWithDefaultsIsValid() {
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName("tracking").withNamespace("ml").build());
    resource.setSpec(new MlflowDeploymentSpec());
    resource.getSpec().target = Target.KUBERNETES;

    assertThat(new SpecValidator().validate(resource)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "alice@", "@n1", "alice @n1"})
  void aMalformedRotateAnnotationIsRefusedNamingItAndTheFormat(String value) {
    var resource = withUsers(value, "alice", "bob");

    assertThat(new SpecValidator().validate(resource)).extracting(Violation::toString).containsExactly(
        "metadata.annotations[mlflow-operator.dev/rotate]: found \"" + value
            + "\"; expected USERNAME@NONCE, e.g. alice@2026-11-29-1 (a new nonce for each rotation)");
  }

  @Test
  void aRotateAnnotationNamingNoUserOfTheSpecIsRefusedListingThem() {
    assertThat(new SpecValidator().validate(withUsers("mallory@n1", "alice", "bob")))
        .extracting(Violation::toString).containsExactly("metadata.annotations[mlflow-operator.dev/rotate]: names user"
            + " \"mallory\", who is not in spec.proxy.auth.users; name one of alice, bob, or remove the annotation");
    assertThat(new SpecValidator().validate(withUsers("bob@n1", "alice", "bob"))).isEmpty();
  }

  private static MlflowDeployment withUsers(String rotate, String... usernames) {
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName("tracking").withNamespace("ml")
        .withAnnotations(Map.of(RotateAnnotation.NAME, rotate)).build());
    resource.setSpec(new MlflowDeploymentSpec());
    resource.getSpec().target = Target.KUBERNETES;
    resource.getSpec().proxy.auth.users = Arrays.stream(usernames).map(u -> new UserSpec(u, null)).toList();
    return resource;
  }

  @Test
  void typedResourceIsCheckedByTheSameRules() {
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName("tracking").build());
    resource.setSpec(new MlflowDeploymentSpec());
    resource.getSpec().target = Target.RAILWAY;
    resource.getSpec().storage.size = "5GB";

    assertThat(new SpecValidator().validate(resource)).extracting(Violation::path)
        .containsExactly("spec.storage.size", "spec.railway");
  }

  @Test
  void aResourceWithAnUnknownChoiceStillDeserializesAndIsReportedNamingTheField() {
    String yaml = """
        apiVersion: mlflow-operator.dev/v1alpha1
        kind: MlflowDeployment
        metadata: {name: tracking, namespace: team}
        spec:
          target: kubernetes
          deletionPolicy: Orphan
          kubernetes: {serviceType: Ingress}
        """;
    MlflowDeployment resource = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(yaml, MlflowDeployment.class);

    assertThat(new SpecValidator().validate(resource)).extracting(Violation::path)
        .containsExactlyInAnyOrder("spec.deletionPolicy", "spec.kubernetes.serviceType");
  }

  @Test
  void anUnknownBackupKindIsRefusedNamingTheEntryAndTheKinds() {
    assertThat(Specs.railway().set("spec.backup.schedule", List.of("daily", "hourly")).problems())
        .singleElement().asString().startsWith("spec.backup.schedule[1]: found \"hourly\"")
        .contains("daily", "weekly", "monthly");
  }

  @Test
  void aBackupKindListedTwiceIsRefused() {
    assertThat(Specs.railway().set("spec.backup.schedule", List.of("weekly", "weekly")).problems())
        .containsExactly("spec.backup.schedule[1]: weekly is listed twice; list each of daily, weekly and monthly"
            + " at most once");
  }

  @Test
  void backupsOnKubernetesNeedAVolumeSnapshotClass() {
    assertThat(Specs.kubernetes().set("spec.backup.schedule", List.of("daily")).problems())
        .singleElement().asString().startsWith("spec.kubernetes.volumeSnapshotClassName: missing;");
    assertThat(Specs.kubernetes().set("spec.backup.schedule", List.of("daily"))
        .set("spec.kubernetes.volumeSnapshotClassName", "csi-snapclass").problems()).isEmpty();
    assertThat(Specs.railway().set("spec.backup.schedule", List.of("daily", "weekly", "monthly")).problems()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "30days", "d", "", "1h2d", "-1d", "30 d"})
  void aGcAgeNotInMlflowsFormatIsRefused(String olderThan) {
    assertThat(Specs.railway().set("spec.mlflow.gc", Map.of("schedule", "daily", "olderThan", olderThan)).problems())
        .singleElement().asString().startsWith("spec.mlflow.gc.olderThan: found ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"30d", "1d12h", "12h", "90m", "45s", "1d2h3m4s"})
  void aGcAgeInMlflowsFormatIsValid(String olderThan) {
    assertThat(Specs.railway().set("spec.mlflow.gc", Map.of("schedule", "weekly", "olderThan", olderThan)).problems())
        .isEmpty();
  }

  @Test
  void aGcWithoutScheduleOrAgeIsRefusedNamingTheField() {
    assertThat(Specs.railway().set("spec.mlflow.gc", Map.of("olderThan", "30d")).problems())
        .singleElement().asString().startsWith("spec.mlflow.gc.schedule: missing");
    assertThat(Specs.railway().set("spec.mlflow.gc", Map.of("schedule", "yearly", "olderThan", "30d")).problems())
        .singleElement().asString().startsWith("spec.mlflow.gc.schedule: found \"yearly\"");
  }
}
