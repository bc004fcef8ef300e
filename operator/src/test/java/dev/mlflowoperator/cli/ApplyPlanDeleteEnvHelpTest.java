package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help, exit codes and wrong usage of apply, plan, delete and env. */
class ApplyPlanDeleteEnvHelpTest {
  @TempDir Path home;

  @Test
  void eachCommandHasHelpWithItsExitCodes() {
    for (String command : new String[] {"apply", "plan", "delete", "env"}) {
      var cli = new CliRun(home);
      assertThat(cli.run(command, "--help")).as(command).isZero();
      assertThat(cli.out()).as(command).startsWith("Usage: mlflowctl " + command).contains("Exit codes:");
    }
    var apply = new CliRun(home);
    apply.run("apply", "--help");
    assertThat(apply.out()).contains("3   timed out waiting for Ready");
    var root = new CliRun(home);
    root.run("--help");
    assertThat(root.out()).contains("apply", "plan", "delete", "env", "3   timed out waiting (apply --wait, delete --wait)");
  }

  @Test
  void aTimeoutThatIsNotADurationIsWrongUsage() {
    var cli = new CliRun(home);
    assertThat(cli.run("apply", "-f", "x.yaml", "--timeout", "ten")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Invalid value for option '--timeout': 'ten' is not a duration;"
        + " write it like 90s, 10m or 1h\n");
  }

  @Test
  void aNameOrNamespaceThatIsNotADnsLabelIsWrongUsageNamingTheArgumentAndTouchesNoPath() throws Exception {
    Files.createDirectories(home.resolve("deployments/default"));
    Files.writeString(home.resolve("x.json"), "{}");
    for (String command : new String[] {"status", "env", "delete"}) {
      for (String name : new String[] {"../x", "a/b", "Ml"}) {
        var cli = new CliRun(home);
        assertThat(cli.run(command, name, "-n", "default")).as(command + " " + name)
            .isEqualTo(2);
        assertThat(cli.err().lines().findFirst().orElseThrow()).as(command + " " + name).isEqualTo(
            "Invalid value for positional parameter at index 0 (NAME): '" + name + "' is not a deployment name;"
                + " expected a name of 1 to 40 lowercase letters, digits or '-', starting with a letter and ending"
                + " with a letter or digit, such as tracking");
      }
      for (String namespace : new String[] {"..", "a/b", "Ml"}) {
        var cli = new CliRun(home);
        assertThat(cli.run(command, "x", "-n", namespace)).as(command + " -n " + namespace).isEqualTo(2);
        assertThat(cli.err().lines().findFirst().orElseThrow()).as(command + " -n " + namespace).isEqualTo(
            "Invalid value for option '--namespace': '" + namespace + "' is not a namespace; expected a namespace name"
                + " of at most 63 lowercase letters, digits or '-'");
      }
    }
    var render = new CliRun(home);
    assertThat(render.run("render", "-f", "x.yaml", "-n", "../x")).isEqualTo(2);
    assertThat(render.err()).startsWith("Invalid value for option '--namespace': '../x' is not a namespace;");
    assertThat(home.resolve("x.json")).hasContent("{}");
  }

  @Test
  void applyWithoutAFileIsWrongUsage() {
    var cli = new CliRun(home);
    assertThat(cli.run("apply")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Missing required option: '--filename=FILE|DIR'");
  }

  @Test
  void aSandboxDeployTimeThatIsNotANumberIsNamed() {
    var cli = new CliRun(home);
    cli.env.put("MLFLOWCTL_SANDBOX_DEPLOY_SECONDS", "soon");
    assertThat(cli.run("plan", "-f", SandboxDeployments.EXAMPLE)).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("error: MLFLOWCTL_SANDBOX_DEPLOY_SECONDS is \"soon\", not a number of seconds;"
        + " set it to 0 or more, or unset it for 20\n");
  }
}
