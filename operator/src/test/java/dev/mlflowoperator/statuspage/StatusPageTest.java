package dev.mlflowoperator.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.BackupStatus;
import dev.mlflowoperator.api.v1alpha1.DriftStatus;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.Target;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The status page shows each deployment's state, escapes every value, and holds no credential or outside resource. */
class StatusPageTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
  private final StatusPage page = new StatusPage("mlflowctl run", CLOCK);

  @Test
  void eachDeploymentShowsReadyAndSyncedWithReasonsTheUrlTheLastDriftRepairAndTheLastBackup() {
    var ready = deployment("tracking", "True", "Available", "True", "ReconcileSuccess", "MLflow is up");
    ready.getStatus().url = "https://tracking-proxy.up.railway.app";
    ready.getStatus().mlflowVersion = "3.14.0";
    ready.getStatus().drift = new DriftStatus();
    ready.getStatus().drift.count = 3;
    ready.getStatus().drift.lastTime = "2026-11-29T11:55:00Z";
    ready.getStatus().drift.fields = List.of("service/tracking-mlflow: startCommand");
    ready.getStatus().backup = new BackupStatus();
    ready.getStatus().backup.lastTime = "2026-11-28T03:17:00Z";
    ready.getStatus().backup.lastKind = "daily";
    var broken = deployment("broken", "False", "ComponentsNotReady", "False", "PasswordSecretNotFound",
        "spec.proxy.auth.passwordSecretRef names secret missing-auth, key password, which does not exist");

    String html = page.render(new StatusPage.Snapshot(List.of(ready, broken), List.of()));

    assertThat(html).contains("<title>mlflowctl run: 1/2 ready</title>")
        .contains("2 deployments: 1 ready, 1 failing, 0 waiting").doesNotContain("Problems of the last pass");
    assertThat(row(html, "default/tracking")).startsWith("<tr class=\"row-ok\"")
        .contains("<td data-label=\"Ready\" class=\"ok\"><span class=\"st\">True</span> <span class=\"r\">Available")
        .contains("<td data-label=\"Synced\" class=\"ok\"><span class=\"st\">True</span> <span class=\"r\">"
            + "ReconcileSuccess")
        .contains("<a href=\"https://tracking-proxy.up.railway.app\" rel=\"noopener noreferrer\">")
        .contains("2026-11-29T11:55:00Z</time> <span class=\"m\">5m ago</span> <span class=\"m\">(3 repairs)")
        .contains("service/tracking-mlflow: startCommand")
        .contains("2026-11-28T03:17:00Z</time> <span class=\"m\">32h ago</span> <span class=\"m\">(daily)")
        .contains("default · railway · MLflow 3.14.0");
    assertThat(row(html, "default/broken")).startsWith("<tr class=\"row-bad\"")
        .contains("<td data-label=\"Synced\" class=\"bad\"><span class=\"st\">False</span> <span class=\"r\">"
            + "PasswordSecretNotFound</span><div class=\"m\">spec.proxy.auth.passwordSecretRef names secret")
        .contains("<td data-label=\"URL\">-</td>").contains("<td data-label=\"Last drift repair\">never</td>")
        .contains("<td data-label=\"Last backup\">none recorded</td>");
  }

  @Test
  void aDeploymentWithoutStatusYetIsWaitingWithItsConditionsNotReportedYet() {
    var fresh = deployment("fresh");

    String html = page.render(new StatusPage.Snapshot(List.of(fresh), List.of()));

    assertThat(html).contains("1 deployment: 0 ready, 0 failing, 1 waiting");
    assertThat(row(html, "default/fresh")).startsWith("<tr class=\"row-wait\"")
        .contains("<td data-label=\"Ready\" class=\"unknown\"><span class=\"st\">-</span> <span class=\"m\">"
            + "not reported yet</span>");
  }

  @Test
  void noDeploymentsSaysSoAndTheProblemsOfTheLastPassAreListed() {
    String html = page.render(new StatusPage.Snapshot(List.of(), List.of(
        "specs/tracking.yaml#1: metadata.name: \"Tracking\" is not a DNS label",
        "default/old: its spec is gone from specs; left running (run with --prune to delete it)")));

    assertThat(html).contains("0 deployments: 0 ready, 0 failing, 0 waiting; 2 problems")
        .contains("<p>No deployments yet.</p>").doesNotContain("<table")
        .contains("<h2>Problems of the last pass</h2><ul><li>specs/tracking.yaml#1: metadata.name: &quot;Tracking"
            + "&quot; is not a DNS label</li><li>default/old: its spec is gone");
  }

  @Test
  void everyValueIsEscapedAndOnlyAnHttpUrlBecomesALink() {
    var hostile = deployment("evil", "False", "<b>Bold</b>", "False", "\"><img src=x onerror=alert(1)>",
        "<script>alert('railway')</script> & more");
    hostile.getMetadata().setNamespace("ns\"><i>");
    hostile.getStatus().url = "javascript:alert(1)";
    hostile.getStatus().backup = new BackupStatus();
    hostile.getStatus().backup.lastTime = "<not a time>";
    hostile.getStatus().backup.lastKind = "</td><script>";

    String html = page.render(new StatusPage.Snapshot(List.of(hostile), List.of("<iframe src=//evil>")));

    assertThat(html).doesNotContain("<script", "<img", "<iframe", "<b>Bold", "<i>", "href=\"javascript")
        .contains("&lt;script&gt;alert(&#39;railway&#39;)&lt;/script&gt; &amp; more")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;").contains("&lt;b&gt;Bold&lt;/b&gt;")
        .contains("data-deployment=\"ns&quot;&gt;&lt;i&gt;/evil\"")
        .contains("<td data-label=\"URL\">javascript:alert(1)</td>")
        .contains("&lt;not a time&gt; <span class=\"m\">(&lt;/td&gt;&lt;script&gt;)")
        .contains("<li>&lt;iframe src=//evil&gt;</li>");
  }

  @Test
  void urlCredentialsAreNeverShownNorLinked() {
    var leaky = deployment("leaky", "False", "ComponentsNotReady", "False", "RailwayError",
        "Railway said: cannot connect to postgresql://mlflow:pg-pass-93ad41@db.internal:5432/mlflow");
    leaky.getStatus().url = "https://admin:proxy-pass-5e0c2b71@tracking.up.railway.app";

    String html = page.render(new StatusPage.Snapshot(List.of(leaky),
        List.of("pull failed: https://deploy:ghp_token0123456789@git.example.com/specs.git")));

    assertThat(html).doesNotContain("pg-pass-93ad41", "proxy-pass-5e0c2b71", "ghp_token0123456789", "<a ")
        .contains("postgresql://***@db.internal:5432/mlflow")
        .contains("<td data-label=\"URL\">https://***@tracking.up.railway.app</td>")
        .contains("https://***@git.example.com/specs.git");
  }

  @Test
  void thePageNeedsNothingButItselfAndItsPolicyAllowsExactlyItsStyleBlock() throws Exception {
    String html = page.render(new StatusPage.Snapshot(List.of(deployment("tracking")), List.of()));

    assertThat(html).doesNotContain("<script", "<link", "src=", "@import", "url(", "<form")
        .contains("<meta http-equiv=\"refresh\" content=\"10\">")
        .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .contains("@media (max-width:700px)");
    var style = Pattern.compile("<style>(.*)</style>", Pattern.DOTALL).matcher(html);
    assertThat(style.find()).as("one style block").isTrue();
    String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(style.group(1).getBytes(StandardCharsets.UTF_8)));
    assertThat(StatusPage.HEADERS).containsEntry("Content-Security-Policy", "default-src 'none'; style-src 'sha256-"
            + hash + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        .containsEntry("X-Content-Type-Options", "nosniff").containsEntry("Referrer-Policy", "no-referrer")
        .containsEntry("Cache-Control", "no-store").containsEntry("Content-Type", "text/html; charset=utf-8");
  }

  /** The table row of one deployment, from its opening tag to its end. */
  static String row(String html, String key) {
    int at = html.indexOf("data-deployment=\"" + key + "\"");
    assertThat(at).as("the row of %s in%n%s", key, html).isPositive();
    int start = html.lastIndexOf("<tr ", at);
    return html.substring(start, html.indexOf("</tr>", at) + 5);
  }

  private static MlflowDeployment deployment(String name) {
    var d = new MlflowDeployment();
    d.setMetadata(new ObjectMetaBuilder().withName(name).build());
    d.setSpec(new MlflowDeploymentSpec());
    d.getSpec().target = Target.RAILWAY;
    return d;
  }

  private static MlflowDeployment deployment(String name, String ready, String readyReason, String synced,
      String syncedReason, String syncedMessage) {
    var d = deployment(name);
    d.setStatus(new MlflowDeploymentStatus());
    d.getStatus().conditions.add(new ConditionBuilder().withType("Ready").withStatus(ready).withReason(readyReason)
        .withMessage("").build());
    d.getStatus().conditions.add(new ConditionBuilder().withType("Synced").withStatus(synced)
        .withReason(syncedReason).withMessage(syncedMessage).build());
    return d;
  }
}
