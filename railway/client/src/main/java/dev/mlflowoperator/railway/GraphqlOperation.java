package dev.mlflowoperator.railway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One GraphQL document: a fixed one, loaded once from {@code operations/<Name>.graphql} on the classpath, or one a
 * caller built ({@link #of}), such as a batch with a field per component.
 */
public final class GraphqlOperation {
  static final String RESOURCE_DIR = "/dev/mlflowoperator/railway/operations/";
  private static final Pattern HEADER = Pattern.compile("^\\s*(query|mutation)\\s+(\\w+)");
  private static final Pattern COMMENT = Pattern.compile("(?m)^\\s*#.*$");
  private static final Map<String, GraphqlOperation> CACHE = new ConcurrentHashMap<>();

  private final String name;
  private final String document;
  private final boolean mutation;

  private GraphqlOperation(String name, String document, boolean mutation) {
    this.name = name;
    this.document = document;
    this.mutation = mutation;
  }

  /** The operation in {@code operations/<name>.graphql}; its operation must carry the same name. */
  public static GraphqlOperation named(String name) {
    return CACHE.computeIfAbsent(name, GraphqlOperation::load);
  }

  /** A document the caller built; its query or mutation must have a name, which names it in stats and errors. */
  public static GraphqlOperation of(String document) {
    Matcher header = HEADER.matcher(COMMENT.matcher(document).replaceAll(""));
    if (!header.find()) {
      throw new IllegalArgumentException("A GraphQL document must start with a named query or mutation");
    }
    return new GraphqlOperation(header.group(2), document, header.group(1).equals("mutation"));
  }

  private static GraphqlOperation load(String name) {
    String resource = RESOURCE_DIR + name + ".graphql";
    String text;
    try (InputStream in = GraphqlOperation.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No GraphQL operation " + name + " (looked for " + resource + ")");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
    Matcher header = HEADER.matcher(COMMENT.matcher(text).replaceAll(""));
    if (!header.find() || !header.group(2).equals(name)) {
      throw new IllegalStateException(resource + " must hold one query or mutation named " + name);
    }
    return new GraphqlOperation(name, text, header.group(1).equals("mutation"));
  }

  public String name() {
    return name;
  }

  public String document() {
    return document;
  }

  /** True for mutations: they change Railway and are never repeated blindly. */
  public boolean isMutation() {
    return mutation;
  }

  @Override
  public String toString() {
    return (mutation ? "mutation " : "query ") + name;
  }
}
