package dev.mlflowoperator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeSecretsTest {
  @TempDir Path dir;

  @Test
  void aKeyIsTheFileSecretsNameKeyWithoutItsTrailingNewline() throws Exception {
    Files.createDirectories(dir.resolve("secrets/pg"));
    Files.writeString(dir.resolve("secrets/pg/uri"), "postgresql://u:p@db/mlflow\n");
    var secrets = new HomeSecrets(new MlflowctlHome(dir, "~/.mlflowctl"));

    assertThat(secrets.value("pg", "uri")).contains("postgresql://u:p@db/mlflow");
    assertThat(secrets.value("pg", "other")).isEmpty();
    assertThat(secrets.value("..", "secrets")).as("never outside secrets/").isEmpty();
  }

  @Test
  void aMissingReferencedSecretNamesTheFieldAndTheFile() {
    var spec = new MlflowDeploymentSpec();
    spec.mlflow.backendStore.type = BackendStoreSpec.Type.POSTGRES;
    spec.mlflow.backendStore.uriSecretRef = new SecretKeyRef();
    spec.mlflow.backendStore.uriSecretRef.name = "pg";
    spec.mlflow.backendStore.uriSecretRef.key = "uri";

    assertThatThrownBy(() -> new HomeSecrets(new MlflowctlHome(dir, "~/.mlflowctl")).requireReferenced(spec))
        .isInstanceOf(StateException.class)
        .hasMessage("spec.mlflow.backendStore.uriSecretRef names secret \"pg\" key \"uri\", but"
            + " ~/.mlflowctl/secrets/pg/uri does not exist; put the value in that file (readable by you only),"
            + " or remove the reference");
  }
}
