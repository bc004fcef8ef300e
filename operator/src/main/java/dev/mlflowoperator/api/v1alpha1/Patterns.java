package dev.mlflowoperator.api.v1alpha1;

/** The regular expressions the API enforces, shared by the CRD schema and the validator. */
public final class Patterns {
  /** A DNS-1035 label short enough that every generated name stays a valid label. */
  public static final String RESOURCE_NAME = "^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$";

  public static final int RESOURCE_NAME_MAX = 40;

  /** A Kubernetes namespace name: a DNS-1123 label. */
  public static final String NAMESPACE = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

  public static final String RAILWAY_NAME = "^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$";
  public static final String RAILWAY_REGION = "^[a-z0-9-]{2,40}$";
  public static final String PINNED_VERSION = "^[0-9]+\\.[0-9]+\\.[0-9]+$";
  public static final String CADDY_VERSION = "^2\\.[0-9]+(\\.[0-9]+)?$";
  /** Usernames reach Caddy as an environment placeholder; this charset can never change the config. */
  public static final String USERNAME = "^[A-Za-z0-9._-]{1,64}$";
  /** A positive Kubernetes quantity with a binary or decimal suffix. */
  /** mlflow gc's --older-than: days, hours, minutes, seconds, in that order, at least one, e.g. 30d or 1d12h. */
  public static final String GC_AGE =
      "^([0-9]+d([0-9]+h)?([0-9]+m)?([0-9]+s)?|[0-9]+h([0-9]+m)?([0-9]+s)?|[0-9]+m([0-9]+s)?|[0-9]+s)$";
  public static final String SIZE = "^[1-9][0-9]*(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$";
  public static final String QUANTITY = "^([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$";
  public static final String MOUNT_PATH = "^/[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$";

  private Patterns() {}
}
