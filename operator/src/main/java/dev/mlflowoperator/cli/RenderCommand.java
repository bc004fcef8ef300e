package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.spec.SpecFiles;
import dev.mlflowoperator.spec.SpecSet;
import dev.mlflowoperator.platform.kubernetes.KubernetesAddresses;
import dev.mlflowoperator.platform.kubernetes.KubernetesOptions;
import dev.mlflowoperator.platform.kubernetes.KubernetesStack;
import dev.mlflowoperator.platform.kubernetes.KubernetesStackRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the Kubernetes objects for each spec as multi-document YAML, as helm template does. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Print the Kubernetes objects of each spec as multi-document YAML.",
      "For each target: kubernetes spec in FILE, in apply order, so they can be applied without the operator (kubectl apply -f -).",
      "With --show-secrets, a password is generated for the render and printed in the Secret with its bcrypt hash; without it, neither is computed (nor printed). With proxy.auth.passwordSecretRef, the password is the referenced Secret's and is never printed."
    })
final class RenderCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "YAML file with one or more MlflowDeployment documents.")
  Path file;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", converter = DnsLabelConverter.Namespace.class,
      description = "Namespace of the objects; default: the document's, else default.")
  String namespace;

  @Option(names = "--show-secrets", description = "Include the generated password and its bcrypt hash in the Secret (not with a passwordSecretRef).")
  boolean showSecrets;

  /**
   * What stands for the password and its hash when render prints neither: only the proxy's config hash reads them,
   * so that annotation is the same on every render instead of changing with a random salt.
   */
  private static final String PASSWORD_NOT_SHOWN = "<generated password: shown with --show-secrets>";
  private static final String HASH_NOT_COMPUTED = "<bcrypt hash: computed with --show-secrets>";

  private final CredentialsGenerator generator = new CredentialsGenerator();
  /** Hashes a generated password with bcrypt (~0.1 s); a test counts its calls. */
  UnaryOperator<String> bcrypt = generator::hash;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SpecSet specs = SpecFiles.load(List.of(file));
    if (!specs.isValid()) {
      specs.problems().forEach(err::println);
      return 1;
    }
    var rendered = new StringBuilder();
    for (MlflowDeployment resource : specs.resources()) {
      if (resource.getSpec().target != Target.KUBERNETES) {
        err.println(resource.getMetadata().getName() + ": skipped, render prints Kubernetes objects for target: kubernetes only");
        continue;
      }
      render(resource, rendered);
    }
    out.print(rendered);
    out.flush();
    return 0;
  }

  private void render(MlflowDeployment resource, StringBuilder out) {
    String name = resource.getMetadata().getName();
    String ns = namespace != null ? namespace
        : resource.getMetadata().getNamespace() != null ? resource.getMetadata().getNamespace() : "default";
    var names = new StackNames(name);
    var options = KubernetesOptions.of(ns, resource.getSpec().kubernetes);
    var auth = resource.getSpec().proxy.auth;
    var users = auth.userList();
    boolean referenced = users.stream().anyMatch(user -> user.passwordSecretRef != null);
    // The hash is printed only in a Secret with its values: without one, bcrypt's time would be spent for nothing.
    boolean printsHashes = showSecrets && !referenced;
    List<Credentials> credentials = users.stream().map(user -> printsHashes ? generated(user.username)
        : new Credentials(user.username, PASSWORD_NOT_SHOWN, HASH_NOT_COMPUTED)).toList();
    var stack = DesiredStackFactory.build(name, resource.getSpec(), credentials, KubernetesAddresses.of(names, options));
    KubernetesStack objects = KubernetesStackRenderer.render(stack, options);
    for (HasMetadata object : objects.inApplyOrder()) {
      if (object instanceof Secret secret && (referenced || !showSecrets)) {
        var note = new StringBuilder();
        for (int i = 0; i < users.size(); i++) {
          SecretKeyRef passwordRef = users.get(i).passwordSecretRef;
          if (passwordRef != null) {
            note.append("# The password ").append(auth.users != null ? "of " + users.get(i).username + " " : "")
                .append("comes from key ")
                .append(passwordRef.key).append(" of the Secret ").append(passwordRef.name).append(" (")
                .append(auth.pathOf(i)).append(".passwordSecretRef), which render does not read; the operator"
                    + " copies it here with its bcrypt hash (keys ").append(Credentials.key(Credentials.PASSWORD_KEY, i))
                .append(" and ").append(Credentials.key(Credentials.PASSWORD_HASH_KEY, i)).append(").\n");
          }
        }
        if (!showSecrets && users.stream().anyMatch(user -> user.passwordSecretRef == null)) {
          note.append("# The generated password and its hash are left out; rerun with --show-secrets to include"
              + " them (the hash is computed only then).\n");
        }
        out.append("---\n").append(note)
            .append(asDocument(withoutSecretValues(secret, credentials)).substring("---\n".length()));
      } else {
        out.append(asDocument(object));
      }
    }
  }

  /** A generated password and its bcrypt hash. */
  private Credentials generated(String username) {
    String password = generator.generatePassword();
    return new Credentials(username, password, bcrypt.apply(password));
  }

  /** The Secret with the usernames only, as stringData. */
  private static Secret withoutSecretValues(Secret secret, List<Credentials> users) {
    var usernames = new LinkedHashMap<String, String>();
    for (int i = 0; i < users.size(); i++) {
      usernames.put(Credentials.key(Credentials.USERNAME_KEY, i), users.get(i).username());
    }
    return new SecretBuilder(secret)
        .withData(null)
        .withStringData(usernames)
        .build();
  }

  private static String asDocument(HasMetadata object) {
    String yaml = Serialization.asYaml(object);
    return yaml.startsWith("---") ? yaml : "---\n" + yaml;
  }
}
