package dev.mlflowoperator.standalone;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may use mlflowctl run's HTTP API (and the operator's status page, without a token): only requests whose Host
 * names this server (loopback, the listen address or an IP address: a page whose DNS name was rebound to this machine
 * is refused), and, when a token is set, only requests that carry it as a bearer token, or as the password of HTTP
 * basic authentication (any user name: what a browser sends for the status page after asking its user, as for
 * Prometheus's basic_auth_users; the token is never put in a URL, a cookie or a page). {@code /healthz} and
 * {@code /readyz} need no token: probes tell nothing but whether the process runs.
 */
public final class ApiAccess {
  private static final Set<String> PROBES = Set.of("/healthz", "/readyz");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*(%[0-9a-z._-]+)?");

  private final Set<String> names;
  private final Optional<byte[]> token;

  /** What a request is refused with: its status code and message, and whether to ask for the token. */
  public record Refusal(int code, String message, boolean askToken) {}

  /** Serves {@code listen}'s host name (and loopback and IP addresses); with a token, only requests carrying it. */
  public ApiAccess(InetSocketAddress listen, Optional<String> token) {
    this.names = Set.of("localhost", listen.getHostString().toLowerCase(Locale.ROOT));
    this.token = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Why a request may not be served, if it may not.
   *
   * @param host its Host header, null when it sent none (no browser does that)
   * @param authorization its Authorization header, or null
   */
  public Optional<Refusal> check(String host, String authorization, String path) {
    if (host != null && !isServed(host)) {
      return Optional.of(new Refusal(421, "Host " + host + " is not served here; reach it by 127.0.0.1,"
          + " localhost, an IP address or the host name it listens on", false));
    }
    if (token.isPresent() && !PROBES.contains(path) && !carriesToken(authorization)) {
      if (path.equals(ControllerHttpServer.PAGE)) {
        return Optional.of(new Refusal(401, "this page needs the token of " + ControllerHttpServer.TOKEN_ENV
            + ": give it as the password when the browser asks (any user name)", true));
      }
      return Optional.of(new Refusal(401, "this API needs the token of " + ControllerHttpServer.TOKEN_ENV
          + ", sent as \"Authorization: Bearer TOKEN\" (mlflowctl status --server reads it from "
          + ControllerHttpServer.TOKEN_ENV + ")", true));
    }
    return Optional.empty();
  }

  private boolean isServed(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      int end = name.indexOf(']');
      return end > 0 && IPV6.matcher(name.substring(1, end)).matches();
    }
    int colon = name.lastIndexOf(':');
    if (colon >= 0 && name.indexOf(':') == colon) {
      name = name.substring(0, colon);
    }
    return names.contains(name) || IPV4.matcher(name).matches() || IPV6.matcher(name).matches();
  }

  private boolean carriesToken(String authorization) {
    if (authorization == null) {
      return false;
    }
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return MessageDigest.isEqual(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8),
          token.orElseThrow());
    }
    if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return basicPassword(authorization.substring(6).strip())
          .filter(password -> MessageDigest.isEqual(password, token.orElseThrow())).isPresent();
    }
    return false;
  }

  /** The password of {@code user:password} in Base64, if it is that. */
  private static Optional<byte[]> basicPassword(String credentials) {
    try {
      String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty()
          : Optional.of(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }
}
