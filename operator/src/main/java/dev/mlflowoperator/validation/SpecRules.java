package dev.mlflowoperator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlflowoperator.api.v1alpha1.AuthSpec;
import dev.mlflowoperator.api.v1alpha1.Patterns;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The cross-field rules of a spec that a schema cannot express; wrongly typed fields are left to the schema. */
final class SpecRules {
  private static final String DNS_SUBDOMAIN = "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final String SECRET_KEY = "[-._a-zA-Z0-9]{1,253}";
  private static final String ENV_NAME = "[A-Za-z_][A-Za-z0-9_]*";
  private static final String S3_BUCKET = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";
  private static final String IP_ADDRESS = "[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+";
  private static final String SUBDOMAIN_WORDS = "lowercase letters, digits, '-' or '.', starting and ending with a letter or digit";
  private static final Set<String> SYSTEM_DIRECTORIES =
      Set.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/run", "/sbin", "/sys", "/usr", "/var");
  private static final BigDecimal ONE_MEBIBYTE = BigDecimal.valueOf(1024 * 1024);
  /** Railway's API counts a volume's size in whole MB (10^6 bytes) as a GraphQL Int. */
  private static final BigDecimal RAILWAY_MAX_VOLUME_BYTES =
      BigDecimal.valueOf(Integer.MAX_VALUE).multiply(BigDecimal.valueOf(1_000_000L));

  private final List<Violation> out = new ArrayList<>();

  private SpecRules() {}

  /** Problems of {@code spec}; empty when every rule holds. */
  static List<Violation> check(JsonNode spec) {
    var rules = new SpecRules();
    rules.target(spec);
    rules.backendStore(spec.path("mlflow").path("backendStore"));
    rules.artifacts(spec.path("mlflow").path("artifacts"));
    rules.mountPath(spec.path("storage").path("mountPath"));
    rules.railwayVolumeSize(spec);
    rules.resources(spec.path("mlflow").path("resources"));
    rules.images(spec);
    rules.env(spec.path("mlflow").path("env"));
    rules.kubernetes(spec.path("kubernetes"), spec.path("target").asText("").equals("kubernetes"));
    rules.backup(spec);
    rules.secretRef(spec.path("railway").path("tokenSecretRef"), "spec.railway.tokenSecretRef", "key");
    rules.users(spec.path("proxy").path("auth"));
    rules.secretRef(spec.path("proxy").path("auth").path("passwordSecretRef"), "spec.proxy.auth.passwordSecretRef", "key");
    rules.secretRef(spec.path("mlflow").path("backendStore").path("uriSecretRef"), "spec.mlflow.backendStore.uriSecretRef", "key");
    rules.secretRef(spec.path("mlflow").path("artifacts").path("credentialsSecretRef"),
        "spec.mlflow.artifacts.credentialsSecretRef", "accessKeyIdKey", "secretAccessKeyKey");
    return rules.out;
  }

  private void target(JsonNode spec) {
    String target = spec.path("target").asText("");
    boolean railway = present(spec.path("railway"));
    boolean kubernetes = present(spec.path("kubernetes"));
    if (target.equals("railway") && !railway) {
      add("spec.railway", "missing; target railway needs a railway block with at least project, "
          + "for example railway: {project: ml-platform}");
    }
    if (target.equals("railway") && kubernetes) {
      add("spec.kubernetes", "only used with target kubernetes; remove it or set target: kubernetes");
    }
    if (target.equals("kubernetes") && railway) {
      add("spec.railway", "only used with target railway; remove it or set target: railway");
    }
  }

  private void backendStore(JsonNode store) {
    boolean postgres = store.path("type").asText("").equals("postgres");
    boolean uri = present(store.path("uriSecretRef"));
    if (postgres && !uri) {
      add("spec.mlflow.backendStore.uriSecretRef", "missing; backendStore type postgres needs the Secret "
          + "key holding the postgresql:// URI, for example uriSecretRef: {name: mlflow-db, key: uri}");
    }
    if (!postgres && uri && store.path("type").asText("sqlite").equals("sqlite")) {
      add("spec.mlflow.backendStore.uriSecretRef", "only used with backendStore type postgres; "
          + "remove it or set type: postgres");
    }
  }

  private void artifacts(JsonNode artifacts) {
    String type = artifacts.path("type").asText("volume");
    JsonNode bucket = artifacts.path("bucket");
    if (type.equals("s3") && !present(bucket)) {
      add("spec.mlflow.artifacts.bucket", "missing; artifacts type s3 needs a bucket name");
    }
    if (type.equals("s3") && bucket.isTextual() && !validBucket(bucket.asText())) {
      add("spec.mlflow.artifacts.bucket", "found " + Found.describe(bucket, false) + "; expected an S3 bucket name of 3 to 63 "
          + SUBDOMAIN_WORDS + ", not an IP address, such as mlflow-artifacts");
    }
    JsonNode endpoint = artifacts.path("endpoint");
    if (endpoint.isTextual() && !httpUrl(endpoint.asText())) {
      add("spec.mlflow.artifacts.endpoint", "found " + Found.describe(endpoint, false)
          + "; expected an http:// or https:// URL such as https://s3.eu-central-1.amazonaws.com");
    }
    if (type.equals("volume")) {
      for (String s3Only : List.of("bucket", "prefix", "endpoint", "region", "credentialsSecretRef")) {
        if (present(artifacts.path(s3Only))) {
          add("spec.mlflow.artifacts." + s3Only, "only used with artifacts type s3; remove it or set type: s3");
        }
      }
    }
  }

  private static boolean validBucket(String name) {
    return name.matches(S3_BUCKET) && !name.contains("..") && !name.matches(IP_ADDRESS)
        && !name.startsWith("xn--") && !name.endsWith("-s3alias");
  }

  private static boolean httpUrl(String value) {
    try {
      URI uri = new URI(value);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private void mountPath(JsonNode mountPath) {
    String path = mountPath.asText("");
    if (!mountPath.isTextual() || !path.matches(Patterns.MOUNT_PATH)) {
      return;
    }
    if (("/" + path + "/").contains("/./") || ("/" + path + "/").contains("/../")) {
      add("spec.storage.mountPath", "found " + Found.describe(mountPath, false) + "; expected a path without . or .. segments, such as /mlflow");
    } else if (SYSTEM_DIRECTORIES.contains(path) || path.matches("/(proc|sys|dev)/.*")) {
      add("spec.storage.mountPath", "found " + Found.describe(mountPath, false) + "; expected a directory of its own such as /mlflow, "
          + "not a system directory of the container");
    }
  }

  private void railwayVolumeSize(JsonNode spec) {
    JsonNode size = spec.path("storage").path("size");
    if (spec.path("target").asText("").equals("railway") && size.isTextual() && size.asText().matches(Patterns.SIZE)
        && amount(size).compareTo(RAILWAY_MAX_VOLUME_BYTES) > 0) {
      add("spec.storage.size", "found " + Found.describe(size, false) + "; expected at most " + Integer.MAX_VALUE
          + " MB (about 2 PB), the largest volume size Railway's API can express");
    }
  }

  private void resources(JsonNode resources) {
    JsonNode cpu = resources.path("cpu");
    if (quantity(cpu) && amount(cpu).signum() <= 0) {
      add("spec.mlflow.resources.cpu", "found " + Found.describe(cpu, false) + "; expected a positive CPU quantity such as 1 or 500m");
    }
    JsonNode memory = resources.path("memory");
    if (quantity(memory) && amount(memory).compareTo(ONE_MEBIBYTE) < 0) {
      add("spec.mlflow.resources.memory", "found " + memory
          + "; expected at least 1Mi, such as 2Gi (a number without a unit means bytes)");
    }
  }

  private static boolean quantity(JsonNode value) {
    return value.isTextual() && value.asText().matches(Patterns.QUANTITY);
  }

  private static BigDecimal amount(JsonNode quantity) {
    return Quantity.getAmountInBytes(new Quantity(quantity.asText()));
  }

  private void images(JsonNode spec) {
    for (String component : List.of("mlflow", "proxy")) {
      JsonNode image = spec.path(component).path("image");
      if (image.isTextual() && !image.asText().matches("\\S+")) {
        add("spec." + component + ".image", "found " + Found.describe(image, false)
            + "; expected a container image reference without spaces, such as "
            + (component.equals("mlflow") ? "ghcr.io/mlflow/mlflow:v3.17.0" : "caddy:2.11"));
      }
    }
  }

  private void env(JsonNode env) {
    env.fieldNames().forEachRemaining(name -> {
      if (!name.matches(ENV_NAME)) {
        add("spec.mlflow.env", "found variable name " + Found.describe(TextNode.valueOf(name), false)
            + "; expected letters, digits or '_', not starting with a digit, such as MLFLOW_LOGGING_LEVEL");
      }
    });
  }

  private void kubernetes(JsonNode kubernetes, boolean used) {
    String serviceType = kubernetes.path("serviceType").asText("");
    if (used && Set.of("NodePort", "LoadBalancer").contains(serviceType)
        && !kubernetes.path("tlsTerminatedInFront").asBoolean(false)) {
      add("spec.kubernetes.serviceType", serviceType + " exposes the proxy over plain HTTP, which sends the basic-auth"
          + " password in clear text with every request; keep ClusterIP and expose it through an Ingress or gateway"
          + " that terminates TLS, or, when TLS already ends in front of this Service, say so with"
          + " spec.kubernetes.tlsTerminatedInFront: true");
    }
    JsonNode hosts = kubernetes.path("hosts");
    for (int i = 0; hosts.isArray() && i < hosts.size(); i++) {
      JsonNode host = hosts.get(i);
      if (host.isTextual() && !host.asText().matches(DNS_SUBDOMAIN)) {
        add("spec.kubernetes.hosts[" + i + "]", "found " + Found.describe(host, false)
            + "; expected a host name of " + SUBDOMAIN_WORDS + ", such as mlflow.example.com");
      }
    }
    JsonNode storageClass = kubernetes.path("storageClassName");
    if (storageClass.isTextual() && !storageClass.asText().matches(DNS_SUBDOMAIN)) {
      add("spec.kubernetes.storageClassName", "found " + Found.describe(storageClass, false)
          + "; expected a StorageClass name of " + SUBDOMAIN_WORDS);
    }
  }

  /** Each schedule kind once; on Kubernetes a schedule needs the VolumeSnapshotClass its snapshots are made with. */
  private void backup(JsonNode spec) {
    JsonNode schedule = spec.path("backup").path("schedule");
    var seen = new java.util.HashSet<String>();
    for (int i = 0; schedule.isArray() && i < schedule.size(); i++) {
      if (schedule.get(i).isTextual() && !seen.add(schedule.get(i).asText())) {
        add("spec.backup.schedule[" + i + "]", schedule.get(i).asText() + " is listed twice; list each of daily,"
            + " weekly and monthly at most once");
      }
    }
    JsonNode snapshotClass = spec.path("kubernetes").path("volumeSnapshotClassName");
    if (snapshotClass.isTextual() && !snapshotClass.asText().matches(DNS_SUBDOMAIN)) {
      add("spec.kubernetes.volumeSnapshotClassName", "found " + Found.describe(snapshotClass, false)
          + "; expected a VolumeSnapshotClass name of " + SUBDOMAIN_WORDS);
    }
    boolean scheduled = schedule.isArray() && !schedule.isEmpty();
    if (scheduled && spec.path("target").asText("").equals("kubernetes") && !snapshotClass.isTextual()) {
      add("spec.kubernetes.volumeSnapshotClassName", "missing; backups on Kubernetes are VolumeSnapshots of the data"
          + " volume, so name the VolumeSnapshotClass of its CSI driver (kubectl get volumesnapshotclass), or remove"
          + " spec.backup.schedule");
    }
  }

  /**
   * Either one user ({@code username}, {@code passwordSecretRef}) or a list of {@code users}: not empty, at most
   * {@link AuthSpec#MAX_USERS}, each username once (Caddy refuses an account listed twice); the usernames' characters
   * are the schema's pattern.
   */
  private void users(JsonNode auth) {
    JsonNode users = auth.path("users");
    if (!users.isArray()) {
      return;
    }
    if (present(auth.path("username"))) {
      add("spec.proxy.auth.username", "set together with spec.proxy.auth.users; keep one: for one user keep username"
          + " and remove users, for several move " + Found.describe(auth.path("username"), false)
          + " into users as - username: ... and remove username");
    }
    if (present(auth.path("passwordSecretRef"))) {
      add("spec.proxy.auth.passwordSecretRef", "only used with spec.proxy.auth.username; with users, set"
          + " passwordSecretRef on the user's entry in users and remove this one");
    }
    if (users.isEmpty()) {
      add("spec.proxy.auth.users", "empty; list at least one user, such as - username: mlflow, or remove users");
    } else if (users.size() > AuthSpec.MAX_USERS) {
      add("spec.proxy.auth.users", "found " + users.size() + " users; expected at most " + AuthSpec.MAX_USERS);
    }
    var seen = new java.util.HashMap<String, Integer>();
    for (int i = 0; i < users.size(); i++) {
      JsonNode username = users.get(i).path("username");
      String path = "spec.proxy.auth.users[" + i + "]";
      if (username.isTextual()) {
        Integer first = seen.putIfAbsent(username.asText(), i);
        if (first != null) {
          add(path + ".username", Found.describe(username, false) + " is already spec.proxy.auth.users[" + first
              + "].username; each username once");
        }
      }
      secretRef(users.get(i).path("passwordSecretRef"), path + ".passwordSecretRef", "key");
    }
  }

  /** Secret names and keys are checked without ever showing them. */
  private void secretRef(JsonNode ref, String path, String... keyFields) {
    JsonNode name = ref.path("name");
    if (name.isTextual() && !name.asText().matches(DNS_SUBDOMAIN)) {
      add(path + ".name", "found " + Found.describe(name, true) + "; expected a Secret name of " + SUBDOMAIN_WORDS);
    }
    for (String keyField : keyFields) {
      JsonNode key = ref.path(keyField);
      if (key.isTextual() && !key.asText().matches(SECRET_KEY)) {
        add(path + "." + keyField, "found " + Found.describe(key, true)
            + "; expected a key of the Secret: letters, digits, '-', '_' or '.'");
      }
    }
  }

  private static boolean present(JsonNode node) {
    return !node.isMissingNode() && !node.isNull();
  }

  private void add(String path, String message) {
    out.add(new Violation(path, message));
  }
}
