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

  @Test
  void theSharedObserveNamesEachDeploymentsFieldsAndVariablesUnderItsOwnPrefix() {
    var batch = StackDocuments.batch(java.util.List.of(
        StackDocuments.observe("p-1", "e-1", "d0_").readService("mlflow", "svc-1", true),
        StackDocuments.observe("p-2", "e-2", "d1_").readBackups("vi-2")));

    assertThat(batch.document()).startsWith("query ObserveStacks(")
        .contains("\n  d0_project: project(id: $d0_projectId)")
        .contains("\nd1_environment: environment(id: $d1_environmentId, projectId: $d1_projectId)")
        .contains("\n  d0_mlflow_variables: variables(projectId: $d0_projectId,")
        .contains("\n  d0_mlflow_limits: serviceInstanceLimits(")
        .contains("\n  d1_backups: volumeInstanceBackupList(volumeInstanceId: $d1_volumeInstanceId)");
    assertThat(batch.variables()).containsEntry("d0_projectId", "p-1").containsEntry("d1_projectId", "p-2")
        .containsEntry("d0_mlflow_serviceId", "svc-1").containsEntry("d1_volumeInstanceId", "vi-2");
  }

  @Test
  void theObserveOfOneDeploymentWithoutPrefixIsTodaysObserveStack() {
    assertThat(StackDocuments.observe("p", "e", "").document()).isEqualTo(StackDocuments.observe("p", "e").document())
        .contains("\n  project(id: $projectId) {");
  }
}
