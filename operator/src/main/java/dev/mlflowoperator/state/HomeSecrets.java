package dev.mlflowoperator.state;

import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.secrets.SecretResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Secrets outside a cluster: the file {@code secrets/<name>/<key>} under the home holds key {@code key} of secret
 * {@code name}, the layout of a mounted Kubernetes Secret; one trailing newline is dropped.
 */
public final class HomeSecrets implements SecretResolver {
  static final String DIR = "secrets";

  private final MlflowctlHome home;

  public HomeSecrets(MlflowctlHome home) {
    this.home = home;
  }

  @Override
  public Optional<String> value(String secretName, String key) {
    return fileOf(secretName, key).filter(Files::isRegularFile).map(this::read);
  }

  /**
   * Checks that every secret the spec references has its file.
   *
   * @throws StateException naming the first missing reference's field and the file to create
   */
  public void requireReferenced(MlflowDeploymentSpec spec) {
    for (Reference ref : references(spec)) {
      if (value(ref.name(), ref.key()).isEmpty()) {
        throw new StateException(ref.field() + " names secret \"" + ref.name() + "\" key \"" + ref.key()
            + "\", but " + shown(ref.name(), ref.key()) + " does not exist; put the value in that file"
            + " (readable by you only), or remove the reference");
      }
    }
  }

  /** One secret a spec field refers to. */
  private record Reference(String field, String name, String key) {}

  private static List<Reference> references(MlflowDeploymentSpec spec) {
    var refs = new ArrayList<Reference>();
    var users = spec.proxy.auth.userList();
    for (int i = 0; i < users.size(); i++) {
      var auth = users.get(i).passwordSecretRef;
      if (auth != null) {
        refs.add(new Reference(spec.proxy.auth.pathOf(i) + ".passwordSecretRef", auth.name, auth.key));
      }
    }
    var uri = spec.mlflow.backendStore.uriSecretRef;
    if (uri != null) {
      refs.add(new Reference("spec.mlflow.backendStore.uriSecretRef", uri.name, uri.key));
    }
    var s3 = spec.mlflow.artifacts.credentialsSecretRef;
    if (s3 != null) {
      refs.add(new Reference("spec.mlflow.artifacts.credentialsSecretRef", s3.name, s3.accessKeyIdKey));
      refs.add(new Reference("spec.mlflow.artifacts.credentialsSecretRef", s3.name, s3.secretAccessKeyKey));
    }
    return refs;
  }

  /** The file of a key; empty when name or key would lead outside the secrets directory. */
  private Optional<Path> fileOf(String name, String key) {
    Path dir = home.resolve(DIR).toAbsolutePath().normalize();
    Path file = dir.resolve(name).resolve(key).normalize();
    return file.getParent() != null && dir.equals(file.getParent().getParent()) ? Optional.of(file) : Optional.empty();
  }

  private String read(Path file) {
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8);
      return value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
          : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    } catch (IOException e) {
      throw new StateException("cannot read " + home + "/" + home.dir().relativize(file) + ": " + e.getMessage()
          + "; make it readable by you", e);
    }
  }

  private String shown(String name, String key) {
    return home + "/" + DIR + "/" + name + "/" + key;
  }
}
