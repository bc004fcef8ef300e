package dev.mlflowoperator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mlflowoperator.status.Reasons;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** The Argo CD health script maps the operator's conditions to Healthy, Progressing and Degraded. */
class ArgoHealthLuaTest {
  private static final Path GITOPS = ManifestsTest.MANIFESTS.resolve("gitops");
  private static final String KEY = "resource.customizations.health.mlflow-operator.dev_MlflowDeployment";
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      no status yet                      | Progressing | {}
      status of an older generation      | Progressing | {"observedGeneration":1,"conditions":[{"type":"Ready","status":"True"}]}
      ready                              | Healthy     | {"observedGeneration":2,"url":"https://mlflow.example.com","conditions":[{"type":"Ready","status":"True","reason":"Available"},{"type":"Synced","status":"True","reason":"ReconcileSuccess"}]}
      components starting                | Progressing | {"observedGeneration":2,"conditions":[{"type":"Ready","status":"False","reason":"ComponentsNotReady"},{"type":"Synced","status":"True","reason":"ReconcileSuccess"}]}
      invalid spec                       | Degraded    | {"observedGeneration":2,"conditions":[{"type":"Ready","status":"False","reason":"InvalidSpec"},{"type":"Synced","status":"False","reason":"InvalidSpec","message":"spec.storage.size: required"}]}
      refused downgrade                  | Degraded    | {"observedGeneration":2,"conditions":[{"type":"Ready","status":"True"},{"type":"Synced","status":"False","reason":"VersionDowngradeRefused"}]}
      an object that is not ours        | Degraded    | {"observedGeneration":2,"conditions":[{"type":"Ready","status":"False"},{"type":"Synced","status":"False","reason":"ObjectNotOwned","message":"Secret tracking-credentials exists"}]}
      a Railway volume that is not ours  | Degraded    | {"observedGeneration":2,"conditions":[{"type":"Ready","status":"False"},{"type":"Synced","status":"False","reason":"VolumeNotOwned"}]}
      a Railway project that is not ours | Degraded    | {"observedGeneration":2,"conditions":[{"type":"Ready","status":"False"},{"type":"Synced","status":"False","reason":"ProjectNotManaged"}]}
      an upgrade that never came up      | Degraded    | {"observedGeneration":2,"conditions":[{"type":"Ready","status":"False","reason":"UpgradeFailed"},{"type":"Synced","status":"False","reason":"UpgradeFailed","message":"MLflow 3.17.0 did not become available"}]}
      a rolled-back upgrade still asked  | Degraded    | {"observedGeneration":2,"conditions":[{"type":"Ready","status":"False","reason":"UpgradeRolledBack"},{"type":"Synced","status":"False","reason":"UpgradeRolledBack","message":"MLflow 3.17.0 was rolled back"}]}
      a component degraded               | Degraded    | {"observedGeneration":2,"components":{"mlflow":{"state":"Degraded","message":"crash loop"}},"conditions":[{"type":"Ready","status":"False","reason":"ComponentsNotReady"}]}
      transient reconcile error          | Progressing | {"observedGeneration":2,"conditions":[{"type":"Ready","status":"False","reason":"ReconcileError"},{"type":"Synced","status":"False","reason":"ReconcileError"}]}
      """)
  void mapsConditionsToArgoHealth(String situation, String health, String status) throws IOException {
    var object = JSON.createObjectNode();
    object.set("metadata", JSON.readTree("{\"name\":\"tracking\",\"generation\":2}"));
    if (!status.equals("{}")) {
      object.set("status", JSON.readTree(status));
    }

    Map<String, String> result = run(Files.readString(GITOPS.resolve("mlflowdeployment-health.lua")), object);

    assertThat(result.get("status")).as(situation).isEqualTo(health);
    assertThat(result.get("message")).as(situation).isNotBlank();
  }

  /** Every reason of {@code Reasons} as Synced=False: Degraded exactly for those the user must act on. */
  @Test
  void degradedExactlyWhenTheUserMustActAndProgressingWhenRetried() throws IOException, IllegalAccessException {
    String script = Files.readString(GITOPS.resolve("mlflowdeployment-health.lua"));
    var degraded = new ArrayList<String>();
    var progressing = new ArrayList<String>();
    for (Field field : Reasons.class.getFields()) {
      if (field.getType() != String.class) {
        continue;
      }
      String reason = (String) field.get(null);
      var object = (ObjectNode) JSON.readTree("{\"metadata\":{\"generation\":2},\"status\":{\"observedGeneration\":2,"
          + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"" + reason + "\"},"
          + "{\"type\":\"Synced\",\"status\":\"False\",\"reason\":\"" + reason + "\"}]}}");
      String health = run(script, object).get("status");
      assertThat(health).as(reason).isIn("Degraded", "Progressing");
      (health.equals("Degraded") ? degraded : progressing).add(reason);
    }

    assertThat(degraded).as("shown Degraded").containsExactlyInAnyOrderElementsOf(Reasons.USER_MUST_ACT);
    assertThat(progressing).as("shown Progressing").containsAll(Reasons.RETRIED);
  }

  @Test
  void argocdConfigMapPatchCarriesTheSameScript() throws IOException {
    JsonNode patch = new ObjectMapper(new YAMLFactory()).readTree(GITOPS.resolve("argocd-cm-patch.yaml").toFile());

    assertThat(patch.path("data").path(KEY).asText())
        .isEqualTo(Files.readString(GITOPS.resolve("mlflowdeployment-health.lua")));
  }

  /** Runs the script the way Argo CD does: the resource as the global {@code obj}, a table {status, message} back. */
  private static Map<String, String> run(String script, JsonNode object) {
    var globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(object));
    LuaValue result = globals.load(script, "health.lua").call();
    return Map.of("status", result.get("status").tojstring(), "message", result.get("message").tojstring());
  }

  private static LuaValue lua(JsonNode node) {
    if (node.isObject()) {
      var table = new LuaTable();
      node.fields().forEachRemaining(field -> table.set(field.getKey(), lua(field.getValue())));
      return table;
    }
    if (node.isArray()) {
      var table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, lua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }
}
