package dev.mlflowoperator.railway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Where the Railway GraphQL API is and which header proves who is calling; never shows the token.
 */
public final class RailwayEndpoint {
  public static final String DEFAULT_URL = "https://backboard.railway.com/graphql/v2";
  /** Requests without a query string meet Railway's much lower edge rate limit. */
  public static final String SOURCE = "mlflow-operator";

  public static final String ENV_API_URL = "RAILWAY_API_URL";
  public static final String ENV_TOKEN = "RAILWAY_TOKEN";
  public static final String ENV_PROJECT_TOKEN = "RAILWAY_PROJECT_TOKEN";

  private static final String VALID_URLS =
      "use https://, or http:// only to this machine (localhost, 127.x.x.x or [::1])";
  private static final Pattern LOOPBACK_V4 =
      Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

  private final HttpUrl url;
  private final String headerName;
  private final String headerValue;
  private final String tokenKind;

  private RailwayEndpoint(HttpUrl url, String headerName, String headerValue, String tokenKind) {
    this.url = url;
    this.headerName = headerName;
    this.headerValue = headerValue;
    this.tokenKind = tokenKind;
  }

  /**
   * Reads RAILWAY_API_URL, RAILWAY_TOKEN (account or workspace, sent as a bearer token) and
   * RAILWAY_PROJECT_TOKEN (sent as Project-Access-Token); empty when neither token is set.
   *
   * @throws IllegalArgumentException when the URL is not valid, or a token has a character no HTTP header may carry
   */
  public static Optional<RailwayEndpoint> fromEnvironment(Map<String, String> env) {
    HttpUrl url = apiUrl(env);
    var token = nonBlank(env.get(ENV_TOKEN)).map(t -> sendable(ENV_TOKEN, t));
    if (token.isPresent()) {
      return Optional.of(new RailwayEndpoint(url, "Authorization", "Bearer " + token.get(), "account"));
    }
    return nonBlank(env.get(ENV_PROJECT_TOKEN)).map(t -> sendable(ENV_PROJECT_TOKEN, t))
        .map(t -> new RailwayEndpoint(url, "Project-Access-Token", t, "project"));
  }

  /**
   * The first character of {@code token} that no HTTP header may carry, as {@code U+FEFF at position 1}; empty
   * when there is none. OkHttp would refuse such a header with the token in its message.
   */
  public static Optional<String> unsendable(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        return Optional.of(String.format("U+%04X at position %d", (int) c, i + 1));
      }
    }
    return Optional.empty();
  }

  /** @throws IllegalArgumentException naming the variable and the character, never the token */
  private static String sendable(String variable, String token) {
    unsendable(token).ifPresent(where -> {
      throw new IllegalArgumentException(variable + " has a character that cannot be sent in an HTTP header ("
          + where + "); set it to the token alone");
    });
    return token;
  }

  /**
   * RAILWAY_API_URL (Railway's own URL when unset) with the {@code source} query Railway asks for. Only https is
   * accepted, or http to this machine (the exact name localhost, 127.x.x.x or [::1]; no other name, as a name
   * resolving to loopback today may not tomorrow), so the token never crosses a network unencrypted.
   *
   * @throws IllegalArgumentException naming the variable and what would be valid, never showing URL credentials
   */
  public static HttpUrl apiUrl(Map<String, String> env) {
    String base = nonBlank(env.get(ENV_API_URL)).orElse(DEFAULT_URL);
    String shown = Redactor.cut(Redactor.withoutUserinfo(base), 200);
    HttpUrl parsed = HttpUrl.parse(base);
    if (parsed == null) {
      throw new IllegalArgumentException(ENV_API_URL + " is " + shown + ", not an http(s) URL; " + VALID_URLS);
    }
    if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
      throw new IllegalArgumentException(ENV_API_URL + " is " + shown + ", with a user and password; remove them:"
          + " the token goes in " + ENV_TOKEN + " or " + ENV_PROJECT_TOKEN);
    }
    if (!parsed.isHttps() && !isLoopback(parsed.host())) {
      throw new IllegalArgumentException(ENV_API_URL + " is " + shown + ": plain http to another machine would send"
          + " the Railway token unencrypted; " + VALID_URLS);
    }
    return parsed.queryParameter("source") != null
        ? parsed
        : parsed.newBuilder().addQueryParameter("source", SOURCE).build();
  }

  /**
   * Names the token without revealing it, for metrics: the first 12 hex digits of the SHA-256 of the URL and the
   * authorization header, the same for every client of that token.
   */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((url + "\n" + headerValue).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /** Whether the API is on this machine, as a Railway sandbox is. */
  public boolean isLoopback() {
    return isLoopback(url.host());
  }

  /**
   * The exact name localhost, a literal 127.x.x.x (dotted quad) or ::1 (with or without brackets, any case): the
   * names that always mean this machine, the one rule for where plain http may carry a credential.
   */
  public static boolean isLoopback(String host) {
    String name = host == null ? "" : host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
    return name.equals("localhost") || name.equals("::1") || LOOPBACK_V4.matcher(name).matches();
  }

  public HttpUrl url() {
    return url;
  }

  public String authHeaderName() {
    return headerName;
  }

  public String authHeaderValue() {
    return headerValue;
  }

  @Override
  public String toString() {
    return url + " (" + tokenKind + " token)";
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
