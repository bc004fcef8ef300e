package dev.mlflowoperator.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.URIish;

/** Keeps the specs directory a checkout of one branch of a Git repository: clones it once, then fetches and resets. */
public final class GitSpecs {
  private final String url;
  private final String branch;
  private final Path dir;

  public GitSpecs(String url, String branch, Path dir) {
    this.url = url;
    this.branch = branch;
    this.dir = dir;
  }

  /**
   * Brings the directory to the branch's latest commit, dropping local edits; returns that commit's short ID.
   *
   * @throws IllegalStateException with a one-line reason when the repository cannot be read
   */
  public String pull() {
    try {
      if (!Files.isDirectory(dir.resolve(".git"))) {
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
          throw new IllegalStateException(dir + " has files but is no Git checkout; give --specs an empty or new"
              + " directory for --git");
        }
        try (Git git = Git.cloneRepository().setURI(url).setBranch(branch).setDirectory(dir.toFile()).call()) {
          return head(git);
        }
      }
      try (Git git = Git.open(dir.toFile())) {
        git.fetch().setRemote("origin").call();
        git.reset().setMode(ResetType.HARD).setRef("refs/remotes/origin/" + branch).call();
        return head(git);
      }
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException("cannot pull branch " + branch + " of " + shown() + ": "
          + ControllerLog.reason(e), e);
    }
  }

  /** The repository URL without any user name or password in it, for messages. */
  public String shown() {
    try {
      return new URIish(url).setUser(null).setPass(null).toString();
    } catch (java.net.URISyntaxException e) {
      return "the repository given with --git";
    }
  }

  private String head(Git git) throws IOException {
    var id = git.getRepository().resolve("HEAD");
    if (id == null) {
      throw new IllegalStateException("branch " + branch + " of " + shown() + " has no commits");
    }
    return id.abbreviate(7).name();
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
