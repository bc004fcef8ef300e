package dev.mlflowoperator.standalone;

import dev.mlflowoperator.railway.RailwayEndpoint;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Keeps the specs directory a checkout of one branch of a Git repository: clones it once, then fetches and resets.
 * Credentials, from the URL's userinfo or from {@code MLFLOWCTL_GIT_TOKEN} (and {@code MLFLOWCTL_GIT_USERNAME}),
 * reach JGit only through its credentials provider: the URL JGit sees, stores in {@code .git/config} and puts in
 * its messages has no userinfo, and the directory is its owner's only. They go only to the URL's scheme, host and
 * port, never to another host a redirect points to.
 */
public final class GitSpecs {
  /** The token (or password) for the repository, when the URL carries none. */
  public static final String TOKEN_ENV = "MLFLOWCTL_GIT_TOKEN";
  /** The user name sent with {@link #TOKEN_ENV}; default {@value #DEFAULT_USERNAME}. */
  public static final String USERNAME_ENV = "MLFLOWCTL_GIT_USERNAME";
  static final String DEFAULT_USERNAME = "git";
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

  private final String url;
  private final boolean urlHasCredentials;
  private final Optional<CredentialsProvider> credentials;
  private final String branch;
  private final Path dir;

  /**
   * A checkout of {@code branch} of {@code url} in {@code dir}.
   *
   * @param env where {@link #TOKEN_ENV} and {@link #USERNAME_ENV} are read when the URL carries no password
   */
  public GitSpecs(String url, String branch, Path dir, Map<String, String> env) {
    URIish uri = parse(url);
    boolean http = uri != null && uri.getScheme() != null && uri.getScheme().toLowerCase().startsWith("http");
    this.urlHasCredentials = uri != null && (uri.getPass() != null || http && uri.getUser() != null);
    if (uri == null || !urlHasCredentials) {
      this.url = url;
    } else {
      // Over HTTP the whole userinfo is a credential (https://TOKEN@host works too); an SSH user name is not.
      this.url = http ? uri.setUser(null).setPass(null).toString() : uri.setPass(null).toString();
    }
    this.credentials = credentials(uri, http, env).map(c -> new OriginCredentials(uri, c));
    this.branch = branch;
    this.dir = dir;
  }

  /** Whether the URL itself carries a password, which every user of the machine can read on the command line. */
  public boolean urlHasCredentials() {
    return urlHasCredentials;
  }

  /** Whether credentials would go over plain http to another machine, readable by anyone on the way. */
  public boolean sendsCredentialsInClearText() {
    URIish uri = parse(url);
    return credentials.isPresent() && uri != null && "http".equalsIgnoreCase(uri.getScheme())
        && !RailwayEndpoint.isLoopback(uri.getHost());
  }

  /**
   * Brings the directory to the branch's latest commit, dropping local edits; returns that commit's short ID.
   *
   * @throws IllegalStateException with a one-line reason, without any URL's userinfo, when the repository cannot be
   *     read
   */
  public String pull() {
    try {
      if (!Files.isDirectory(dir.resolve(".git"))) {
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
          throw new IllegalStateException(dir + " has files but is no Git checkout; give --specs an empty or new"
              + " directory for --git");
        }
        ownerOnly(dir);
        var clone = Git.cloneRepository().setURI(url).setBranch(branch).setDirectory(dir.toFile());
        credentials.ifPresent(clone::setCredentialsProvider);
        try (Git git = clone.call()) {
          ownerOnly(dir);
          return head(git);
        }
      }
      ownerOnly(dir);
      try (Git git = Git.open(dir.toFile())) {
        forgetStoredCredentials(git);
        var fetch = git.fetch().setRemote("origin");
        credentials.ifPresent(fetch::setCredentialsProvider);
        fetch.call();
        git.reset().setMode(ResetType.HARD).setRef("refs/remotes/origin/" + branch).call();
        return head(git);
      }
    } catch (GitAPIException | IOException | JGitInternalException e) {
      throw new IllegalStateException(UrlUserinfo.scrub("cannot pull branch " + branch + " of " + shown() + ": "
          + ControllerLog.reason(e)), e);
    }
  }

  /** The repository URL without any user name or password in it, for messages. */
  public String shown() {
    return UrlUserinfo.scrub(url);
  }

  /** Writes the URL without userinfo over what a clone by an earlier version may have stored in .git/config. */
  private void forgetStoredCredentials(Git git) throws IOException {
    StoredConfig config = git.getRepository().getConfig();
    String stored = config.getString("remote", "origin", "url");
    if (stored != null && !stored.equals(UrlUserinfo.scrub(stored))) {
      config.setString("remote", "origin", "url", UrlUserinfo.scrub(stored));
      config.save();
    }
  }

  private String head(Git git) throws IOException {
    var id = git.getRepository().resolve("HEAD");
    if (id == null) {
      throw new IllegalStateException("branch " + branch + " of " + shown() + " has no commits");
    }
    return id.abbreviate(7).name();
  }

  /** The directory (created if need be) and its .git/config readable and writable by the owner only. */
  private void ownerOnly(Path directory) throws IOException {
    if (!Files.getFileStore(Files.createDirectories(directory)).supportsFileAttributeView("posix")) {
      return;
    }
    Files.setPosixFilePermissions(directory, OWNER_ONLY_DIR);
    Path config = directory.resolve(".git").resolve("config");
    if (Files.isRegularFile(config)) {
      Files.setPosixFilePermissions(config, OWNER_ONLY_FILE);
    }
  }

  /**
   * The URL's user and password (over HTTP, a user alone: a token as user name); else the environment's token, with
   * its user name, the URL's or "git".
   */
  private static Optional<CredentialsProvider> credentials(URIish uri, boolean http, Map<String, String> env) {
    String urlUser = uri == null ? null : uri.getUser();
    if (uri != null && uri.getPass() != null) {
      return Optional.of(new UsernamePasswordCredentialsProvider(urlUser == null ? DEFAULT_USERNAME : urlUser,
          uri.getPass()));
    }
    String token = env.get(TOKEN_ENV);
    if (token == null || token.isBlank()) {
      return Optional.ofNullable(http ? urlUser : null).map(user -> new UsernamePasswordCredentialsProvider(user, ""));
    }
    String user = Stream.of(env.get(USERNAME_ENV), urlUser).filter(u -> u != null && !u.isBlank()).findFirst()
        .orElse(DEFAULT_USERNAME);
    return Optional.of(new UsernamePasswordCredentialsProvider(user, token.strip()));
  }

  private static URIish parse(String url) {
    try {
      return new URIish(url);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
