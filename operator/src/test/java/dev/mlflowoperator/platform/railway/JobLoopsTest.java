package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.model.EnvVar;
import dev.mlflowoperator.model.Resources;
import dev.mlflowoperator.model.ScheduledJobComponent;
import dev.mlflowoperator.model.ServiceComponent;
import dev.mlflowoperator.model.ServiceComponent.Access;
import dev.mlflowoperator.model.ServiceComponent.ConfigFile;
import dev.mlflowoperator.model.ServiceComponent.Health;
import dev.mlflowoperator.model.ServiceComponent.Liveness;
import dev.mlflowoperator.model.ServiceComponent.Rollout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A job inside a service's start command, checked by a real shell: the start command splits into
 * {@code /bin/sh -c SCRIPT} whatever quotes the words hold, and the script is valid sh.
 */
class JobLoopsTest {
  @Test
  void aStartCommandWithFilesAndAJobWhoseWordsHoldQuotesIsOneValidShellScript() throws Exception {
    var service = new ServiceComponent("web", "t-web", "img", null, List.of("serve", "--greeting", "it's $HOME"),
        List.of(EnvVar.fromSecret("DB", "db", "uri")), 80, new Health("/", Liveness.PORT_OPEN),
        new Resources(null, null, null, null), List.of(), List.of(new ConfigFile("/etc/web", "Webfile", "x")),
        List.of(), Rollout.OVERLAP, Access.fromAnyone(), List.of(), null);
    var job = new ScheduledJobComponent("clean", "t-clean", "img", List.of("clean", "--note", "don't \"panic\""),
        List.of(EnvVar.literal("WHERE", "it's here"), EnvVar.fromSecret("DB", "db", "uri")), BackupKind.WEEKLY,
        null, List.of(), List.of(), "web");

    String start = RailwayDesired.startCommand(service, List.of(job));
    var words = shellWords(start);

    assertThat(words).hasSize(3).startsWith("/bin/sh", "-c");
    assertThat(words.get(2)).isEqualTo("printf \"%s\" \"$WEBFILE\" > /etc/web/Webfile"
        + " && while sleep 604800; do WHERE='it'\"'\"'s here' clean --note 'don'\"'\"'t \"panic\"'; done &"
        + " exec serve --greeting 'it'\"'\"'s $HOME'");
    assertThat(run("/bin/sh", "-n", "-c", words.get(2)).exitValue()).as("sh -n accepts the script").isZero();
  }

  @Test
  void withoutJobsTheStartCommandIsUnchanged() {
    var service = new ServiceComponent("web", "t-web", "img", null, List.of("serve", "--port", "80"), List.of(), 80,
        new Health("/", Liveness.PORT_OPEN), new Resources(null, null, null, null), List.of(), List.of(), List.of(),
        Rollout.OVERLAP, Access.fromAnyone(), List.of(), null);

    assertThat(RailwayDesired.startCommand(service, List.of())).isEqualTo("serve --port 80");
  }

  /** The words a shell makes of a command line, as Railway splits a start command. */
  private static List<String> shellWords(String line) throws IOException, InterruptedException {
    var process = run("/bin/sh", "-c", "eval \"set -- $0\"; printf '%s\\0' \"$@\"", line);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return Arrays.asList(out.substring(0, out.length() - 1).split("\0", -1));
  }

  private static Process run(String... argv) throws IOException, InterruptedException {
    var process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the shell answered").isTrue();
    return process;
  }
}
