package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.model.Sha256;
import java.util.Locale;
import java.util.Optional;

/** The Railway project and environment of one stack, and the marker in the description that proves the project is ours. */
public record RailwayProject(String name, String environment, String description) {
  static final String MARKER_PREFIX = "managed by mlflow-operator: ";

  /** The project named in the spec, marked as managed for {@code <namespace>/<name>} (just the name without a namespace). */
  public static RailwayProject of(String project, String environment, String namespace, String name) {
    return new RailwayProject(project, environment, MARKER_PREFIX + (namespace == null ? "" : namespace + "/") + name);
  }

  /**
   * The name that marks a volume as this deployment's, since Railway keeps no owner on a detached volume:
   * {@code <name>-data-<8 hex of sha256("<namespace>/<name>")>-<first 8 of the volume's ID>}, the deployment as
   * the project marker names it. Only {@code [a-z0-9-]}, different for the same name in another namespace. The
   * volume's own part keeps names unique in the project (Railway's rule), also while a deleted volume of ours keeps
   * its name until Railway removes it.
   */
  String volumeName(String volumeId) {
    String deployment = description.substring(MARKER_PREFIX.length());
    String own = volumeId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return nameOf(deployment) + "-data-" + Sha256.hex(deployment, 4) + "-"
        + own.substring(0, Math.min(8, own.length()));
  }

  /**
   * True when one line of the description is exactly our marker (surrounding blanks aside): the description the
   * operator gives a project it creates, or a line a user added to share a project. A marker that merely contains
   * ours ({@code .../ml-staging} for {@code .../ml}) is another deployment's.
   */
  boolean marks(String otherDescription) {
    return otherDescription != null && otherDescription.lines().map(String::strip).anyMatch(description::equals);
  }

  /**
   * Another deployment of our name (in another namespace) that the description also marks, as {@code <namespace>/<name>}:
   * its services and volume would have our names, so each would take the other's over and delete it with itself.
   */
  Optional<String> sameNamedOther(String otherDescription) {
    if (otherDescription == null) {
      return Optional.empty();
    }
    return otherDescription.lines().map(String::strip)
        .filter(line -> line.startsWith(MARKER_PREFIX) && !line.equals(description))
        .map(line -> line.substring(MARKER_PREFIX.length()).strip())
        .filter(other -> nameOf(other).equals(nameOf(description.substring(MARKER_PREFIX.length()))))
        .findFirst();
  }

  private static String nameOf(String deployment) {
    return deployment.substring(deployment.lastIndexOf('/') + 1);
  }
}
