package dev.mlflowoperator.platform.railway;

/** The Railway project and environment of one stack, and the marker in the description that proves the project is ours. */
public record RailwayProject(String name, String environment, String description) {
  static final String MARKER_PREFIX = "managed by mlflow-operator: ";

  /** The project named in the spec, marked as managed for {@code <namespace>/<name>} (just the name without a namespace). */
  public static RailwayProject of(String project, String environment, String namespace, String name) {
    return new RailwayProject(project, environment, MARKER_PREFIX + (namespace == null ? "" : namespace + "/") + name);
  }

  /**
   * True when one line of the description is exactly our marker (surrounding blanks aside): the description the
   * operator gives a project it creates, or a line a user added to share a project. A marker that merely contains
   * ours ({@code .../ml-staging} for {@code .../ml}) is another deployment's.
   */
  boolean marks(String otherDescription) {
    return otherDescription != null && otherDescription.lines().map(String::strip).anyMatch(description::equals);
  }
}
