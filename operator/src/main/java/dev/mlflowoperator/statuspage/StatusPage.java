package dev.mlflowoperator.statuspage;

import com.sun.net.httpserver.HttpExchange;
import dev.mlflowoperator.api.v1alpha1.BackupStatus;
import dev.mlflowoperator.api.v1alpha1.DriftStatus;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.railway.Redactor;
import dev.mlflowoperator.state.StateStore;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The status page of {@code mlflowctl run} and of the operator: each deployment's Ready and Synced (status, reason,
 * message), URL, last drift repair and last backup, and the problems of the last pass, as one HTML document that
 * needs nothing else (its one style block allowed by hash, no script, image or font), reloads itself and stacks its
 * rows on a narrow screen. Every value is HTML-escaped and has URL credentials taken out.
 */
public final class StatusPage {
  /** How often the page reloads itself. */
  public static final Duration REFRESH = Duration.ofSeconds(10);
  private static final int MESSAGE_LENGTH = 600;
  private static final String STYLE = ":root{color-scheme:light dark;font-family:system-ui,-apple-system,'Segoe UI',"
      + "Roboto,sans-serif}body{margin:0 auto;max-width:1200px;padding:1rem;line-height:1.4}"
      + "h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}"
      + ".summary,.m,th{color:#6e7781}.m{font-size:.85rem;overflow-wrap:anywhere}"
      + "table{border-collapse:collapse;width:100%}"
      + "th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid #d0d7de}th{font-size:.85rem}"
      + "tr.row-ok{--state:#1a7f37}tr.row-bad{--state:#cf222e}tr.row-wait{--state:#bf8700}"
      + "td:first-child{border-left:4px solid var(--state)}"
      + ".st{display:inline-block;padding:0 .45rem;border-radius:.6rem;color:#fff;background:#6e7781;font-weight:600;"
      + "font-size:.85rem}.ok .st{background:#1a7f37}.bad .st{background:#cf222e}.r{font-weight:600}"
      + "a,li{overflow-wrap:anywhere}"
      + "@media (max-width:700px){thead{display:none}table,tbody,tr,td{display:block}"
      + "tr{border:1px solid #d0d7de;border-left:6px solid var(--state);border-radius:.5rem;margin:0 0 1rem}"
      + "td,td:first-child{border:0;padding:.3rem .6rem}"
      + "td::before{content:attr(data-label);display:block;font-size:.75rem;color:#6e7781;text-transform:uppercase}}";

  /**
   * The headers of every answer with the page: a Content-Security-Policy that allows the one style block by its hash
   * and nothing else (no script, image, font, form, frame or framing), no MIME sniffing, no referrer, no caching.
   */
  public static final Map<String, String> HEADERS = Map.of(
      "Content-Type", "text/html; charset=utf-8",
      "Content-Security-Policy", "default-src 'none'; style-src 'sha256-" + sha256(STYLE) + "'; base-uri 'none';"
          + " form-action 'none'; frame-ancestors 'none'",
      "X-Content-Type-Options", "nosniff",
      "Referrer-Policy", "no-referrer",
      "Cache-Control", "no-store",
      "X-Frame-Options", "DENY");

  private final String title;
  private final Clock clock;

  /** What the page shows: the deployments as the status API reads them, and the problems of the last pass. */
  public record Snapshot(List<MlflowDeployment> deployments, List<String> problems) {
    public Snapshot {
      deployments = List.copyOf(deployments);
      problems = List.copyOf(problems);
    }
  }

  /**
   * A page headed {@code title} (who serves it, e.g. "mlflowctl run").
   *
   * @param clock the time the page says it was made at, and the ages of drift repairs and backups
   */
  public StatusPage(String title, Clock clock) {
    this.title = title;
    this.clock = clock;
  }

  /** The whole HTML document for {@code snapshot}, deployments by namespace and name. */
  public String render(Snapshot snapshot) {
    List<MlflowDeployment> deployments = snapshot.deployments().stream()
        .sorted(Comparator.comparing(StateStore::namespaceOf).thenComparing(d -> d.getMetadata().getName())).toList();
    long ready = deployments.stream().filter(d -> rowState(d).equals("ok")).count();
    long failing = deployments.stream().filter(d -> rowState(d).equals("bad")).count();
    var html = new StringBuilder(4096 + 1024 * deployments.size());
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH.toSeconds()).append("\">")
        .append("<title>").append(text(title + ": " + ready + "/" + deployments.size() + " ready")).append("</title>")
        .append("<style>").append(STYLE).append("</style></head>\n<body>")
        .append("<h1>").append(text(title)).append("</h1>")
        .append("<p class=\"summary\">").append(count(deployments.size(), "deployment")).append(": ")
        .append(ready).append(" ready, ").append(failing).append(" failing, ")
        .append(deployments.size() - ready - failing).append(" waiting");
    if (!snapshot.problems().isEmpty()) {
      html.append("; ").append(count(snapshot.problems().size(), "problem"));
    }
    html.append(" · as of ").append(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS))
        .append(" · reloads every ").append(REFRESH.toSeconds()).append(" s</p>\n");
    if (deployments.isEmpty()) {
      html.append("<p>No deployments yet.</p>\n");
    } else {
      html.append("<table><thead><tr><th>Deployment</th><th>Ready</th><th>Synced</th><th>URL</th>")
          .append("<th>Last drift repair</th><th>Last backup</th></tr></thead><tbody>\n");
      deployments.forEach(d -> row(html, d));
      html.append("</tbody></table>\n");
    }
    if (!snapshot.problems().isEmpty()) {
      html.append("<section class=\"problems\"><h2>Problems of the last pass</h2><ul>");
      snapshot.problems().forEach(p -> html.append("<li>").append(text(p)).append("</li>"));
      html.append("</ul></section>\n");
    }
    return html.append("</body></html>\n").toString();
  }

  /** Answers {@code exchange} with {@code html} and {@link #HEADERS}. */
  public static void send(HttpExchange exchange, String html) throws IOException {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    HEADERS.forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void row(StringBuilder html, MlflowDeployment d) {
    MlflowDeploymentStatus status = d.getStatus() == null ? new MlflowDeploymentStatus() : d.getStatus();
    String key = StateStore.namespaceOf(d) + "/" + d.getMetadata().getName();
    html.append("<tr class=\"row-").append(rowState(d)).append("\" data-deployment=\"").append(text(key)).append("\">")
        .append("<td data-label=\"Deployment\"><b>").append(text(d.getMetadata().getName())).append("</b>")
        .append("<div class=\"m\">").append(text(StateStore.namespaceOf(d))).append(" · ").append(text(target(d)))
        .append(status.mlflowVersion == null ? "" : " · MLflow " + text(status.mlflowVersion)).append("</div></td>");
    condition(html, "Ready", find(status, "Ready"));
    condition(html, "Synced", find(status, "Synced"));
    html.append("<td data-label=\"URL\">").append(link(status.url)).append("</td>")
        .append("<td data-label=\"Last drift repair\">").append(drift(status.drift)).append("</td>")
        .append("<td data-label=\"Last backup\">").append(backup(status.backup)).append("</td></tr>\n");
  }

  private static void condition(StringBuilder html, String type, Optional<Condition> condition) {
    String state = condition.map(c -> switch (String.valueOf(c.getStatus())) {
      case "True" -> "ok";
      case "False" -> "bad";
      default -> "unknown";
    }).orElse("unknown");
    html.append("<td data-label=\"").append(type).append("\" class=\"").append(state).append("\"><span class=\"st\">")
        .append(text(condition.map(Condition::getStatus).orElse("-"))).append("</span> ");
    if (condition.isEmpty()) {
      html.append("<span class=\"m\">not reported yet</span></td>");
      return;
    }
    html.append("<span class=\"r\">").append(text(condition.get().getReason())).append("</span>");
    String message = condition.get().getMessage();
    if (message != null && !message.isBlank()) {
      html.append("<div class=\"m\">").append(text(Redactor.cut(message, MESSAGE_LENGTH))).append("</div>");
    }
    html.append("</td>");
  }

  /** ok (Ready and not failing), bad (Synced=False: the user must act) or wait (on its way). */
  private static String rowState(MlflowDeployment d) {
    MlflowDeploymentStatus status = d.getStatus() == null ? new MlflowDeploymentStatus() : d.getStatus();
    if (find(status, "Synced").filter(c -> "False".equals(c.getStatus())).isPresent()) {
      return "bad";
    }
    return find(status, "Ready").filter(c -> "True".equals(c.getStatus())).isPresent() ? "ok" : "wait";
  }

  /** The URL as a link when it is a plain http(s) URL; as text otherwise (never a link to another scheme). */
  private static String link(String url) {
    if (url == null || url.isBlank()) {
      return "-";
    }
    String shown = Redactor.withoutUserinfo(url);
    String scheme = shown.toLowerCase(Locale.ROOT);
    if (!shown.equals(url) || !(scheme.startsWith("https://") || scheme.startsWith("http://"))) {
      return text(shown);
    }
    return "<a href=\"" + text(url) + "\" rel=\"noopener noreferrer\">" + text(url) + "</a>";
  }

  private String drift(DriftStatus drift) {
    if (drift == null || drift.count == 0) {
      return "never";
    }
    String what = drift.fields == null || drift.fields.isEmpty() ? ""
        : "<div class=\"m\">" + text(String.join(", ", drift.fields)) + "</div>";
    return when(drift.lastTime) + " <span class=\"m\">(" + count(drift.count, "repair") + ")</span>" + what;
  }

  private String backup(BackupStatus backup) {
    if (backup == null) {
      return "none recorded";
    }
    String last = backup.lastTime == null ? "no backup yet"
        : when(backup.lastTime) + (backup.lastKind == null ? "" : " <span class=\"m\">(" + text(backup.lastKind)
            + ")</span>");
    return backup.nextScheduled == null ? last
        : last + "<div class=\"m\">next " + text(backup.nextScheduled) + "</div>";
  }

  /** An RFC 3339 time and how long ago it was; the text alone when it is not one. */
  private String when(String time) {
    if (time == null) {
      return "-";
    }
    try {
      Duration ago = Duration.between(Instant.parse(time), Instant.now(clock));
      return "<time datetime=\"" + text(time) + "\">" + text(time) + "</time> <span class=\"m\">" + ago(ago)
          + " ago</span>";
    } catch (DateTimeParseException e) {
      return text(time);
    }
  }

  private static String ago(Duration ago) {
    long seconds = Math.max(0, ago.toSeconds());
    if (seconds < 120) {
      return seconds + "s";
    } else if (seconds < 2 * 3600) {
      return seconds / 60 + "m";
    } else if (seconds < 2 * 86400) {
      return seconds / 3600 + "h";
    }
    return seconds / 86400 + "d";
  }

  private static Optional<Condition> find(MlflowDeploymentStatus status, String type) {
    return status.conditions == null ? Optional.empty()
        : status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static String target(MlflowDeployment d) {
    String target = d.getSpec() == null || d.getSpec().target == null ? "-"
        : d.getSpec().target.name().toLowerCase(Locale.ROOT);
    return StateStore.isOnSandbox(d) ? target + " (sandbox)" : target;
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Escaped, without URL credentials. */
  private static String text(String value) {
    return Html.escape(value == null ? "-" : Redactor.withoutUserinfo(value));
  }

  private static String sha256(String text) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
