package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.railway.sandbox.SandboxStore;
import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.HomeRailway;
import dev.mlflowoperator.state.StateException;
import dev.mlflowoperator.state.StateLock;
import dev.mlflowoperator.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** mlflowctl sandbox reset: forgets everything the local Railway sandbox holds, after asking. */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description = {
      "Delete the local Railway sandbox's state and the records of the deployments applied to it.",
      "Asks first on a terminal; without one, --yes is required. Railway itself is never touched."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:reset, or nothing to reset", "1:not confirmed, or the state is in use", "2:wrong usage"})
final class SandboxResetCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand SandboxCommand sandbox;

  @Option(names = {"-y", "--yes"}, description = "Do not ask; needed when there is no terminal.")
  boolean yes;

  @Override
  public Integer call() {
    MlflowCtl root = sandbox.root;
    MlflowctlHome home = root.home();
    PrintWriter out = spec.commandLine().getOut();
    var store = new StateStore(home);
    try (StateLock storeLock = StateLock.ofStore(home); StateLock sandboxLock = StateLock.ofSandbox(home)) {
      Path state = home.resolve(HomeRailway.SANDBOX_STATE);
      List<MlflowDeployment> onSandbox = store.list().stream().filter(StateStore::isOnSandbox).toList();
      if (!Files.exists(state) && onSandbox.isEmpty()) {
        out.println("The Railway sandbox in " + home + " is already empty; nothing to reset.");
        return 0;
      }
      String what = describe(home, onSandbox);
      if (!yes && !confirmed(root.terminal(), what)) {
        out.println("Nothing was deleted.");
        return 1;
      }
      delete(state, home);
      onSandbox.forEach(d -> store.delete(StateStore.namespaceOf(d), d.getMetadata().getName()));
      store.retained().stream().filter(StateStore::isOnSandbox)
          .forEach(d -> store.forgetRetained(StateStore.namespaceOf(d), d.getMetadata().getName()));
      out.println("Deleted " + what + ".");
      return 0;
    }
  }

  private static boolean confirmed(Terminal terminal, String what) {
    return terminal.confirms("Delete " + what + "?", "sandbox reset would delete " + what);
  }

  private static String describe(MlflowctlHome home, List<MlflowDeployment> onSandbox) {
    String sandboxState = "the Railway sandbox state in " + home;
    if (onSandbox.isEmpty()) {
      return sandboxState;
    }
    List<String> names = onSandbox.stream().map(d -> d.getMetadata().getName()).toList();
    return sandboxState + " and the record" + (names.size() == 1 ? "" : "s") + " of " + String.join(", ", names);
  }

  private static void delete(Path state, MlflowctlHome home) {
    try {
      new SandboxStore(state).delete();
    } catch (IOException e) {
      throw new StateException("cannot delete " + home + "/" + HomeRailway.SANDBOX_STATE + ": " + e.getMessage()
          + "; check the permissions of " + home, e);
    }
  }
}
