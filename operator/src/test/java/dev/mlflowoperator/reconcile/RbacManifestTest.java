package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mlflowoperator.platform.kubernetes.KubernetesStackRenderer;
import dev.mlflowoperator.reconcile.RequiredPermissions.Scope;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The RBAC of manifests/ grants exactly what RequiredPermissions says the code calls: no more, no less. */
class RbacManifestTest {
  private static final Path RBAC = Path.of("../manifests/rbac");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void clusterRoleGrantsExactlyTheClusterWidePermissions() throws IOException {
    var granted = grants(documents(RBAC.resolve("cluster-role.yaml"), "ClusterRole"));

    assertThat(granted).containsExactlyInAnyOrderElementsOf(required(Scope.CLUSTER));
  }

  @Test
  void leaseRoleGrantsExactlyTheOperatorNamespacePermissions() throws IOException {
    var granted = grants(documents(RBAC.resolve("lease-role.yaml"), "Role"));

    assertThat(granted).containsExactlyInAnyOrderElementsOf(required(Scope.OPERATOR_NAMESPACE));
  }

  @Test
  void everyKindAStackRendersIsManagedInEveryNamespace() {
    var managed = new TreeSet<String>();
    for (Class<? extends HasMetadata> kind : KubernetesStackRenderer.KINDS) {
      managed.add(grant(HasMetadata.getGroup(kind), HasMetadata.getPlural(kind), "watch"));
      managed.add(grant(HasMetadata.getGroup(kind), HasMetadata.getPlural(kind), "delete"));
    }

    assertThat(required(Scope.CLUSTER)).containsAll(managed);
  }

  @Test
  void bothRolesAreBoundToTheOperatorsServiceAccount() throws IOException {
    String account = documents(RBAC.resolve("service-account.yaml"), "ServiceAccount").get(0)
        .path("metadata").path("name").asText();
    var bindings = new ArrayList<JsonNode>();
    bindings.addAll(documents(RBAC.resolve("cluster-role.yaml"), "ClusterRoleBinding"));
    bindings.addAll(documents(RBAC.resolve("lease-role.yaml"), "RoleBinding"));

    assertThat(bindings).hasSize(2).allSatisfy(binding -> {
      assertThat(binding.path("subjects")).hasSize(1);
      assertThat(binding.path("subjects").get(0).path("kind").asText()).isEqualTo("ServiceAccount");
      assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo(account);
      assertThat(binding.path("subjects").get(0).path("namespace").asText()).isEqualTo("mlflow-operator");
    });
  }

  /** One granted verb on one resource: "group/resource verb", the unit both sides are compared in. */
  private static Set<String> required(Scope scope) {
    var grants = new TreeSet<String>();
    RequiredPermissions.RULES.stream().filter(rule -> rule.scope() == scope)
        .forEach(rule -> rule.verbs().forEach(verb -> grants.add(grant(rule.apiGroup(), rule.resource(), verb))));
    return grants;
  }

  private static Set<String> grants(List<JsonNode> roles) {
    assertThat(roles).hasSize(1);
    var grants = new TreeSet<String>();
    for (JsonNode rule : roles.get(0).path("rules")) {
      assertThat(rule.has("resourceNames")).as("no rule is limited to names").isFalse();
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            grants.add(grant(group.asText(), resource.asText(), verb.asText()));
          }
        }
      }
    }
    return grants;
  }

  private static String grant(String group, String resource, String verb) {
    return group + "/" + resource + " " + verb;
  }

  static List<JsonNode> documents(Path file, String kind) throws IOException {
    var found = new ArrayList<JsonNode>();
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
        JsonNode document = it.next();
        if (document != null && kind.equals(document.path("kind").asText())) {
          found.add(document);
        }
      }
    }
    return found;
  }
}
