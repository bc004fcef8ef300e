package dev.mlflowoperator.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.railway.RailwayEndpoint;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  /** Annotation on a stored deployment: the Railway API URL it was applied to (not set for the sandbox). */
  public static final String ENDPOINT_ANNOTATION = "mlflowctl.mlflow-operator.dev/railway-endpoint";
  static final String DEFAULT_NAMESPACE = "default";
  private static final String SUFFIX = ".json";
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  private final MlflowctlHome home;
  private final Path root;
  private final Path retainedRoot;

  public StateStore(MlflowctlHome home) {
    this.home = home;
    this.root = home.resolve("deployments");
    this.retainedRoot = home.resolve("retained");
  }

  public MlflowctlHome home() {
    return home;
  }

  /** Records {@code deployment} (spec and status), replacing what was recorded under its namespace and name. */
  public void save(MlflowDeployment deployment) {
    write(fileOf(namespaceOf(deployment), deployment.getMetadata().getName()), deployment);
  }

  /**
   * Keeps {@code ids} (the ID of its volume) of a deployment deleted under Retain, with where it was applied, under
   * {@code retained/<namespace>/<name>.json}: applying the same deployment again re-attaches that volume and no other.
   */
  public void retain(MlflowDeployment deleted, Map<String, String> ids) {
    var kept = Serialization.clone(deleted);
    var status = new MlflowDeploymentStatus();
    status.ids = new LinkedHashMap<>(ids);
    kept.setStatus(status);
    write(fileOf(retainedRoot, namespaceOf(deleted), deleted.getMetadata().getName()), kept);
  }

  /** The volume kept by {@link #retain} for {@code namespace} (null: default) and {@code name}, with where it was applied. */
  public Optional<MlflowDeployment> retained(String namespace, String name) {
    Path file = fileOf(retainedRoot, namespace == null ? DEFAULT_NAMESPACE : namespace, name);
    return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
  }

  /** Forgets the volume kept for {@code namespace} (null: default) and {@code name}, once a record holds it again. */
  public void forgetRetained(String namespace, String name) {
    Path file = fileOf(retainedRoot, namespace == null ? DEFAULT_NAMESPACE : namespace, name);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StateException("cannot delete " + shown(file) + ": " + reason(e)
          + "; check the permissions of " + home, e);
    }
  }

  private void write(Path file, MlflowDeployment deployment) {
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
    return list(root);
  }

  /** Every volume kept by {@link #retain}, as deployments by namespace, then name. */
  public List<MlflowDeployment> retained() {
    return list(retainedRoot);
  }

  private List<MlflowDeployment> list(Path root) {
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
    recordEndpoint(deployment, HomeRailway.SANDBOX_ENDPOINT);
  }

  /**
   * Where the deployment was applied: {@link HomeRailway#SANDBOX_ENDPOINT} or a Railway API URL. A record
   * written before mlflowctl recorded the URL counts as applied to Railway's own API, as {@code delete} took it.
   */
  public static String endpointOf(MlflowDeployment deployment) {
    var annotations = deployment.getMetadata().getAnnotations();
    if (isOnSandbox(deployment)) {
      return HomeRailway.SANDBOX_ENDPOINT;
    }
    String url = annotations == null ? null : annotations.get(ENDPOINT_ANNOTATION);
    return url == null ? RailwayEndpoint.DEFAULT_URL : url;
  }

  /** Records where the deployment is applied (as {@link HomeRailway#endpoint()} names it); a later apply calls it before save. */
  public static void recordEndpoint(MlflowDeployment deployment, String endpoint) {
    if (deployment.getMetadata().getAnnotations() == null) {
      deployment.getMetadata().setAnnotations(new HashMap<>());
    }
    var annotations = deployment.getMetadata().getAnnotations();
    if (HomeRailway.SANDBOX_ENDPOINT.equals(endpoint)) {
      annotations.remove(ENDPOINT_ANNOTATION);
      annotations.put(SANDBOX_ANNOTATION, "true");
    } else {
      annotations.remove(SANDBOX_ANNOTATION);
      annotations.put(ENDPOINT_ANNOTATION, endpoint);
    }
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
    return fileOf(root, namespace, name);
  }

  /** The file of {@code namespace}/{@code name} under {@code dir}, for names that are DNS labels only. */
  private static Path fileOf(Path dir, String namespace, String name) {
    if (namespace == null || !namespace.matches(Patterns.NAMESPACE)) {
      throw new StateException("\"" + namespace + "\" is not a valid namespace; expected "
          + Expectations.forPattern(Patterns.NAMESPACE));
    }
    if (name == null || !name.matches(Patterns.RESOURCE_NAME)) {
      throw new StateException("\"" + name + "\" is not a valid deployment name; expected "
          + Expectations.forPattern(Patterns.RESOURCE_NAME));
    }
    return dir.resolve(namespace).resolve(name + SUFFIX);
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
