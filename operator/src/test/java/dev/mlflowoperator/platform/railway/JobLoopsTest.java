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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    String start = RailwayDesired.startCommand(service, List.of(job), LocalTime.of(4, 30));
    var words = shellWords(start);

    assertThat(words).hasSize(3).startsWith("/bin/sh", "-c");
    assertThat(words.get(2)).isEqualTo("printf \"%s\" \"$WEBFILE\" > /etc/web/Webfile"
        + " && while sleep " + JobLoops.untilNextRun(LocalTime.of(4, 30)) + "; do if [ \"$(date -u +%w)\" = 0 ]; then"
        + " WHERE='it'\"'\"'s here' clean --note 'don'\"'\"'t \"panic\"'; fi; done &"
        + " exec serve --greeting 'it'\"'\"'s $HOME'");
    assertThat(run("/bin/sh", "-n", "-c", words.get(2)).exitValue()).as("sh -n accepts the script").isZero();
  }

  @Test
  void withoutJobsTheStartCommandIsUnchanged() {
    var service = new ServiceComponent("web", "t-web", "img", null, List.of("serve", "--port", "80"), List.of(), 80,
        new Health("/", Liveness.PORT_OPEN), new Resources(null, null, null, null), List.of(), List.of(), List.of(),
        Rollout.OVERLAP, Access.fromAnyone(), List.of(), null);

    assertThat(RailwayDesired.startCommand(service, List.of(), LocalTime.of(4, 30))).isEqualTo("serve --port 80");
  }

  @ParameterizedTest(name = "{0} at {1} UTC")
  @CsvSource({
      "03:00, 1764385140, 61",     // 2025-11-29 02:59:00: a minute and a second to go
      "03:00, 1764385200, 1",      // 03:00:00 sharp: one second
      "03:00, 1764385201, 86400",  // 03:00:01, just after a run: a whole day
      "03:00, 1764417600, 54001",  // 12:00:00: fifteen hours
      "02:09, 1764385140, 83401",  // 02:59:00, 50 minutes after a 02:09 run: 23 h 10 min and a second
      "05:51, 1764385140, 10321",  // 02:59:00: 2 h 52 min and a second
      "05:51, 1764395460, 1",      // 05:51:00 sharp: one second
  })
  void theLoopSleepsUntilJustAfterItsTimeOfDayUtc(LocalTime at, long now, long seconds, @TempDir Path bin)
      throws Exception {
    Path date = bin.resolve("date");
    Files.writeString(date, "#!/bin/sh\necho " + now + "\n");
    date.toFile().setExecutable(true);

    var process = run("/bin/sh", "-c", "PATH=\"$0:$PATH\"; echo " + JobLoops.untilNextRun(at), bin.toString());

    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
        .isEqualTo(Long.toString(seconds));
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
