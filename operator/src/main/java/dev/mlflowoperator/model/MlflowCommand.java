package dev.mlflowoperator.model;

import dev.mlflowoperator.api.v1alpha1.ArtifactsSpec;
import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Builds the command line of the MLflow tracking server from the spec. */
final class MlflowCommand {
  /** MLflow reads the backend store URI from this variable, so a secret URI never shows in args. */
  static final String ENV_BACKEND_STORE_URI = "MLFLOW_BACKEND_STORE_URI";
  /**
   * MLflow's own {@code mlflow db upgrade} (a click command taking the URL as its argument), called inside Python
   * with the URL read from the environment: the URL never becomes an argument of any process, where /proc shows it.
   */
  static final String UPGRADE_FROM_ENVIRONMENT = "import os; from mlflow.db import upgrade; "
      + "upgrade.main(args=[os.environ[\"" + ENV_BACKEND_STORE_URI + "\"]], prog_name=\"mlflow db upgrade\")";

  /** Characters that sh reads literally: no expansion, no globbing, no word splitting. */
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private MlflowCommand() {}

  /**
   * The argv for the container: through sh, the backend store's schema migrations first, then the server. MLflow's
   * server refuses a database whose schema is older than its version ({@code _verify_schema} in
   * {@code mlflow/store/db/utils.py}: "Detected out-of-date database schema ... run mlflow db upgrade"), so a new
   * version must migrate it before it serves; a failed migration ends the container without starting the server.
   */
  static List<String> of(MlflowSpec spec, String mountPath, PlatformAddresses addresses, StackNames names) {
    var server = serverArgs(spec, mountPath, addresses, names);
    if (spec.backendStore.type == BackendStoreSpec.Type.POSTGRES) {
      // Every word after python3 is single-quoted: the shell expands no variable into any argv.
      return List.of("/bin/sh", "-c", "python3 -c " + shellQuote(UPGRADE_FROM_ENVIRONMENT) + " && exec "
          + server.stream().map(MlflowCommand::shellQuote).collect(Collectors.joining(" ")));
    }
    // A fresh volume has no database: the server creates it at the newest schema. Its URI holds no secret.
    return List.of("/bin/sh", "-c", "if [ -e " + shellWord(sqliteFile(mountPath)) + " ]; then "
        + shellWords(List.of("mlflow", "db", "upgrade", sqliteUri(mountPath))) + " || exit; fi; exec "
        + shellWords(server));
  }

  /** {@code mlflow server} with its flags, as the container finally runs it. */
  static List<String> serverArgs(MlflowSpec spec, String mountPath, PlatformAddresses addresses,
      StackNames names) {
    var args = new ArrayList<>(List.of("mlflow", "server", "--host", "::", "--port", "" + MlflowModel.PORT));
    if (spec.backendStore.type == BackendStoreSpec.Type.SQLITE) {
      args.addAll(List.of("--backend-store-uri", sqliteUri(mountPath)));
    }
    args.addAll(List.of("--artifacts-destination", artifactsDestination(spec.artifacts, mountPath)));
    args.add("--serve-artifacts");
    args.addAll(List.of("--workers", "" + spec.workers));
    // MLflow 3.5 added host validation: without the public hosts it answers 403 behind the proxy.
    if (ReleaseVersion.parse(spec.version).atLeast(3, 5)) {
      args.addAll(List.of("--allowed-hosts", allowedHosts(addresses, names)));
    }
    return args;
  }

  /** The SQLite database on the data volume mounted at {@code mountPath}. */
  static String sqliteUri(String mountPath) {
    return "sqlite:///" + sqliteFile(mountPath);
  }

  private static String sqliteFile(String mountPath) {
    return mountPath + "/mlflow.db";
  }

  static String artifactsDestination(ArtifactsSpec artifacts, String mountPath) {
    if (artifacts.type == ArtifactsSpec.Type.S3) {
      String prefix = artifacts.prefix == null ? "" : artifacts.prefix.replaceAll("^/+|/+$", "");
      return "s3://" + artifacts.bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
    return mountPath + "/artifacts";
  }

  /** Each host as-is and with any port, since MLflow compares the raw Host header. */
  static String allowedHosts(PlatformAddresses addresses, StackNames names) {
    var hosts = new LinkedHashSet<String>();
    hosts.addAll(addresses.publicHosts());
    hosts.add(addresses.privateHost(names.mlflow()));
    hosts.add("localhost");
    var withPorts = new ArrayList<String>();
    for (String host : hosts) {
      withPorts.add(host);
      withPorts.add(host + ":*");
    }
    return String.join(",", withPorts);
  }

  /** The words for sh, each as it is when sh reads it so (as a Railway start command shows), else single-quoted. */
  private static String shellWords(List<String> args) {
    return args.stream().map(MlflowCommand::shellWord).collect(Collectors.joining(" "));
  }

  private static String shellWord(String arg) {
    return PLAIN_WORD.matcher(arg).matches() ? arg : shellQuote(arg);
  }

  static String shellQuote(String arg) {
    return "'" + arg.replace("'", "'\"'\"'") + "'";
  }
}
