package dev.mlflowoperator.standalone;

import java.util.Locale;
import java.util.Objects;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Git credentials given only to the scheme, host and port of the repository URL they were given for: a redirect to
 * another host, or from https down to http, gets none (as Git and curl do), so the token cannot be led elsewhere.
 */
final class OriginCredentials extends CredentialsProvider {
  private final URIish origin;
  private final CredentialsProvider credentials;

  OriginCredentials(URIish origin, CredentialsProvider credentials) {
    this.origin = origin;
    this.credentials = credentials;
  }

  @Override
  public boolean isInteractive() {
    return false;
  }

  @Override
  public boolean supports(CredentialItem... items) {
    return credentials.supports(items);
  }

  @Override
  public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
    return sameOrigin(uri) && credentials.get(uri, items);
  }

  private boolean sameOrigin(URIish uri) {
    return uri != null && origin != null && scheme(uri).equals(scheme(origin))
        && lower(uri.getHost()).equals(lower(origin.getHost())) && port(uri) == port(origin);
  }

  private static String scheme(URIish uri) {
    return lower(uri.getScheme());
  }

  private static int port(URIish uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return switch (scheme(uri)) {
      case "https" -> 443;
      case "http" -> 80;
      case "ssh" -> 22;
      default -> -1;
    };
  }

  private static String lower(String text) {
    return Objects.toString(text, "").toLowerCase(Locale.ROOT);
  }
}
