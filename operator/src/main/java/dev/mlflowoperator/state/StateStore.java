package dev.mlflowoperator.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Patterns;
import dev.mlflowoperator.validation.Expectations;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The deployments mlflowctl applied, with the IDs the target assigned and the last status:
 * {@code deployments/<namespace>/<name>.json} under the home, each written atomically and readable by the owner only.
 * Callers that write hold the {@link StateLock} of the home.
 */
public final class StateStore {
  /** Annotation on a stored deployment that was applied to the local Railway sandbox rather than to Railway. */
  public static final String SANDBOX_ANNOTATION = "mlflowctl.mlflow-operator.dev/railway-sandbox";
  static final String DEFAULT_NAMESPACE = "default";
  private static final String SUFFIX = ".json";
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  private final MlflowctlHome home;
  private final Path root;

  public StateStore(MlflowctlHome home) {
    this.home = home;
    this.root = home.resolve("deployments");
  }

  public MlflowctlHome home() {
    return home;
  }

  /** Records {@code deployment} (spec and status), replacing what was recorded under its namespace and name. */
  public void save(MlflowDeployment deployment) {
    Path file = fileOf(namespaceOf(deployment), deployment.getMetadata().getName());
    try {
      PrivateFiles.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(deployment));
    } catch (IOException e) {
      throw new StateException("cannot write " + shown(file) + ": " + reason(e)
          + "; check that " + home + " is a writable directory", e);
    }
  }

  /**
   * The deployment recorded under {@code name} in any namespace; empty when there is none.
   *
   * @throws StateException when deployments in several namespaces have that name
   */
  public Optional<MlflowDeployment> load(String name) {
    List<MlflowDeployment> named = list().stream().filter(d -> d.getMetadata().getName().equals(name)).toList();
    if (named.size() > 1) {
      throw new StateException("deployments named \"" + name + "\" are recorded in namespaces "
          + String.join(", ", named.stream().map(StateStore::namespaceOf).toList()) + " of " + home
          + "; pick one with -n NAMESPACE");
    }
    return named.stream().findFirst();
  }

  /**
   * The deployment recorded under {@code name}, in {@code namespace} when given (else in any).
   *
   * @throws StateException saying how to list the recorded ones when there is none
   */
  public MlflowDeployment require(String namespace, String name) {
    return (namespace == null ? load(name) : load(namespace, name)).orElseThrow(() -> new StateException(
        "no deployment named \"" + name + "\" is recorded in " + home + (namespace == null ? "" : " (namespace "
            + namespace + ")") + "; run mlflowctl status to list the recorded ones, or add --cluster for one in a"
            + " cluster"));
  }

  /** The deployment recorded under {@code namespace} (null: default) and {@code name}; empty when there is none. */
  public Optional<MlflowDeployment> load(String namespace, String name) {
    Path file = fileOf(namespace == null ? DEFAULT_NAMESPACE : namespace, name);
    return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
  }

  /** Every recorded deployment, by namespace, then name. */
  public List<MlflowDeployment> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    var files = new ArrayList<Path>();
    try (Stream<Path> namespaces = Files.list(root)) {
      for (Path ns : namespaces.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> entries = Files.list(ns)) {
          entries.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().forEach(files::add);
        }
      }
    } catch (IOException e) {
      throw new StateException("cannot list " + shown(root) + ": " + reason(e)
          + "; check the permissions of " + home, e);
    }
    return files.stream().map(this::read).sorted(Comparator.comparing(StateStore::namespaceOf)
        .thenComparing(d -> d.getMetadata().getName())).toList();
  }

  /** Forgets the deployment recorded under {@code namespace} (null: default) and {@code name}; false when there was none. */
  public boolean delete(String namespace, String name) {
    Path file = fileOf(namespace == null ? DEFAULT_NAMESPACE : namespace, name);
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StateException("cannot delete " + shown(file) + ": " + reason(e)
          + "; check the permissions of " + home, e);
    }
  }

  /** The namespace a deployment is recorded under: its own, else {@code default}. */
  public static String namespaceOf(MlflowDeployment deployment) {
    String ns = deployment.getMetadata().getNamespace();
    return ns == null || ns.isBlank() ? DEFAULT_NAMESPACE : ns;
  }

  /** Whether the deployment was applied to the local Railway sandbox. */
  public static boolean isOnSandbox(MlflowDeployment deployment) {
    var annotations = deployment.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(SANDBOX_ANNOTATION));
  }

  /** Marks the deployment as applied to the local Railway sandbox; a later apply calls it before save. */
  public static void markOnSandbox(MlflowDeployment deployment) {
    if (deployment.getMetadata().getAnnotations() == null) {
      deployment.getMetadata().setAnnotations(new HashMap<>());
    }
    deployment.getMetadata().getAnnotations().put(SANDBOX_ANNOTATION, "true");
  }

  private MlflowDeployment read(Path file) {
    try {
      return JSON.readValue(file.toFile(), MlflowDeployment.class);
    } catch (NoSuchFileException e) {
      throw new StateException(shown(file) + " was removed while it was read; run the command again", e);
    } catch (IOException e) {
      throw new StateException("cannot read " + shown(file) + ": " + reason(e)
          + "; delete that file and apply the spec again", e);
    }
  }

  /** The record's file; a namespace or name that is not a DNS label (such as {@code ../x}) never becomes a path. */
  private Path fileOf(String namespace, String name) {
    if (namespace == null || !namespace.matches(Patterns.NAMESPACE)) {
      throw new StateException("\"" + namespace + "\" is not a valid namespace; expected "
          + Expectations.forPattern(Patterns.NAMESPACE));
    }
    if (name == null || !name.matches(Patterns.RESOURCE_NAME)) {
      throw new StateException("\"" + name + "\" is not a valid deployment name; expected "
          + Expectations.forPattern(Patterns.RESOURCE_NAME));
    }
    return root.resolve(namespace).resolve(name + SUFFIX);
  }

  /** A path inside the home as the user knows it, e.g. {@code ~/.mlflowctl/deployments/default/x.json}. */
  private String shown(Path file) {
    return home.display() + "/" + home.dir().relativize(file).toString().replace('\\', '/');
  }

  private static String reason(IOException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
