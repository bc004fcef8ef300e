package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The batched documents: one aliased field per component and step, and only the variables the fields use. */
class StackDocumentsTest {
  @Test
  void eachStepOfAComponentIsAnAliasedFieldWithVariablesOfItsOwn() {
    var document = StackDocuments.configure("p-1", "e-1")
        .upsertVariables("mlflow", "svc-m", Map.of("PORT", "5000"))
        .upsertVariables("backup-job", "svc-b", Map.of("PORT", "9000"))
        .deploy("mlflow", "svc-m");

    assertThat(document.document()).startsWith("mutation ConfigureStack(")
        .contains("\n  mlflow_variables: variableCollectionUpsert(input: { projectId: $projectId,")
        .contains("\n  backup_job_variables: variableCollectionUpsert(")
        .contains("\n  mlflow_deploy: serviceInstanceDeployV2(serviceId: $mlflow_serviceId,");
    assertThat(document.variables()).containsOnlyKeys("projectId", "environmentId", "mlflow_serviceId",
        "mlflow_variables", "backup_job_serviceId", "backup_job_variables")
        .containsEntry("backup_job_serviceId", "svc-b");
  }

  @Test
  void aFieldThatUsesNeitherProjectNorEnvironmentDeclaresNeither() {
    var document = StackDocuments.delete().deleteService("proxy", "svc-p");

    assertThat(document.variables()).containsOnlyKeys("proxy_serviceId");
    assertThat(document.document()).startsWith("mutation DeleteStack($proxy_serviceId: String!) {");
  }

  @Test
  void twoComponentKeysThatWouldShareAnAliasAreRefused() {
    var document = StackDocuments.configure("p-1", "e-1").deploy("backup-job", "svc-1");

    assertThatThrownBy(() -> document.deploy("backup_job", "svc-2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("$backup_job_serviceId");
  }
}
