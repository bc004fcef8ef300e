package dev.mlflowoperator.railway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mlflowoperator.railway.RailwayException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/** Maps Railway's HTTP answers, GraphQL error wordings and transport failures to error kinds. */
final class ErrorClassifier {
  /** Cloudflare's body when the edge rate limit (requests without a query string) trips. */
  static final String EDGE_LIMIT_BODY = "error code: 1015";
  private static final Set<String> INVALID_INPUT_CODES =
      Set.of("GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_USER_INPUT");
  private static final int MAX_BODY_IN_MESSAGE = 200;
  /** How much of Railway's own error texts a message quotes. */
  private static final int MAX_ERRORS_IN_MESSAGE = 300;
  /**
   * Railway's wording when a resolver failed for a reason it does not explain. Its outcome is
   * unknown: Railway has been seen to apply a change and still answer with it (NOTES.md §8).
   */
  static final String PROBLEM_PROCESSING_REQUEST = "problem processing request";

  private ErrorClassifier() {}

  /** A non-200 HTTP answer; {@code retryAfter} is the Retry-After header, or null. */
  static RailwayException fromHttp(GraphqlOperation op, int status, String retryAfter, String body) {
    String name = op.name();
    if (status == 429) {
      Duration wait = parseRetryAfter(retryAfter);
      if (body != null && body.contains(EDGE_LIMIT_BODY)) {
        return new RailwayException(Kind.RATE_LIMITED, name,
            "Railway's edge rate limit blocked " + name + " (HTTP 429, " + EDGE_LIMIT_BODY
                + "): requests came too fast or without ?source= in the URL; backing off",
            wait, null);
      }
      return new RailwayException(Kind.RATE_LIMITED, name,
          "Railway's API rate limit was reached during " + name + " (HTTP 429)"
              + (wait == null ? "" : "; Railway asks to wait " + wait.toSeconds() + " s"),
          wait, null);
    }
    if (status == 401 || status == 403) {
      return unauthorized(name, "HTTP " + status);
    }
    if (status >= 500) {
      return op.isMutation()
          ? outcomeUnknown(name, "HTTP " + status, null)
          : new RailwayException(Kind.UNAVAILABLE, name,
              "Railway answered " + name + " with HTTP " + status + "; will retry");
    }
    Kind kind = status == 400 ? Kind.INVALID_INPUT : Kind.REJECTED;
    return new RailwayException(kind, name,
        "Railway rejected " + name + " with HTTP " + status + ": " + abbreviate(body));
  }

  /** A redirect, not followed: it would take the token to {@code location} (the Location header, or null). */
  static RailwayException redirected(GraphqlOperation op, int status, String location) {
    HttpUrl target = location == null ? null : HttpUrl.parse(location);
    return new RailwayException(Kind.REDIRECTED, op.name(),
        "Railway answered " + op.name() + " with a redirect (HTTP " + status
            + (target == null ? "" : " to " + target.host()) + "), which is not followed so that the token goes"
            + " nowhere else; set " + RailwayEndpoint.ENV_API_URL + " to the API's final address");
  }

  /** As {@link #fromGraphqlErrors(GraphqlOperation, JsonNode, Redactor)}, for answers that carry no secret. */
  static RailwayException fromGraphqlErrors(GraphqlOperation op, JsonNode errors) {
    return fromGraphqlErrors(op, errors, Redactor.none());
  }

  /**
   * The {@code errors} array of a GraphQL answer; of the kinds found, the first in {@link Kind} wins. The messages
   * are quoted through {@code redactor} and cut, as Railway may repeat anything it was sent.
   */
  static RailwayException fromGraphqlErrors(GraphqlOperation op, JsonNode errors, Redactor redactor) {
    List<String> messages = new ArrayList<>();
    Kind kind = Kind.REJECTED;
    boolean allUnexplained = true;
    for (JsonNode error : errors) {
      String message = error.path("message").asText("");
      messages.add(message);
      allUnexplained &= message.trim().toLowerCase(Locale.ROOT).equals(PROBLEM_PROCESSING_REQUEST);
      Kind found = kindOf(message, error.path("extensions").path("code").asText(""));
      if (found.ordinal() < kind.ordinal()) {
        kind = found;
      }
    }
    String all = redactor.apply(String.join("; ", messages), MAX_ERRORS_IN_MESSAGE);
    String name = op.name();
    if (allUnexplained) {
      return op.isMutation()
          ? outcomeUnknown(name, all, null)
          : new RailwayException(Kind.UNAVAILABLE, name,
              "Railway failed to answer " + name + " (" + all + "); will retry");
    }
    String text = switch (kind) {
      case UNAUTHORIZED -> unauthorizedText(name, all);
      case NOT_FOUND -> "Railway could not find what " + name + " refers to (" + all
          + "); it may have been deleted outside the operator";
      case NAME_COLLISION -> name + " failed because the name is already taken (" + all
          + "); look the existing object up by name instead of creating another";
      case INVALID_INPUT -> "Railway rejected the input of " + name + " (" + all + ")";
      default -> "Railway refused " + name + " (" + all + ")";
    };
    return new RailwayException(kind, name, text);
  }

  /**
   * The errors of single top-level fields, each classified on its own, when every error has a path; empty when one
   * has none (an error of the whole request).
   */
  static Optional<List<GraphqlAnswer.FieldError>> fieldErrors(GraphqlOperation op, JsonNode errors,
      Redactor redactor) {
    List<GraphqlAnswer.FieldError> found = new ArrayList<>();
    for (JsonNode error : errors) {
      JsonNode path = error.path("path");
      if (!path.isArray() || path.isEmpty() || !path.get(0).isTextual()) {
        return Optional.empty();
      }
      var single = JsonNodeFactory.instance.arrayNode().add(error);
      found.add(new GraphqlAnswer.FieldError(path.get(0).asText(), fromGraphqlErrors(op, single, redactor)));
    }
    return Optional.of(found);
  }

  /** A transport failure: before sending it is Unavailable, after sending a mutation Outcome unknown. */
  static RailwayException fromIOException(GraphqlOperation op, IOException e) {
    String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    boolean neverSent = e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException;
    if (op.isMutation() && !neverSent) {
      return outcomeUnknown(op.name(), reason, e);
    }
    return new RailwayException(Kind.UNAVAILABLE, op.name(),
        "Could not reach Railway for " + op.name() + " (" + reason + "); will retry", null, e);
  }

  private static Kind kindOf(String message, String code) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("not authorized") || m.contains("project token not found")
        || m.contains("two factor authentication required")) {
      return Kind.UNAUTHORIZED;
    }
    if (m.contains("not found")) {
      return Kind.NOT_FOUND;
    }
    if (m.contains("already exists") || m.contains("unique")) {
      return Kind.NAME_COLLISION;
    }
    if (INVALID_INPUT_CODES.contains(code) || m.contains("invalid") || m.startsWith("variable \"$")
        || m.startsWith("cannot query field") || m.startsWith("unknown argument")) {
      return Kind.INVALID_INPUT;
    }
    return Kind.REJECTED;
  }

  private static RailwayException unauthorized(String name, String what) {
    return new RailwayException(Kind.UNAUTHORIZED, name, unauthorizedText(name, what));
  }

  private static String unauthorizedText(String name, String what) {
    return "Railway refused the token for " + name + " (" + what + "): check that "
        + RailwayEndpoint.ENV_TOKEN + " (or " + RailwayEndpoint.ENV_PROJECT_TOKEN
        + ") is valid and may access this project";
  }

  private static RailwayException outcomeUnknown(String name, String reason, Throwable cause) {
    return new RailwayException(Kind.OUTCOME_UNKNOWN, name,
        name + " was sent to Railway but no clear answer came back (" + reason
            + "); it may have taken effect: observe again before repeating it",
        null, cause);
  }

  /** Retry-After in seconds, as Railway sends it; null when absent or not a number. */
  private static Duration parseRetryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String abbreviate(String body) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    String flat = body.strip().replaceAll("\\s+", " ");
    return flat.length() <= MAX_BODY_IN_MESSAGE ? flat : flat.substring(0, MAX_BODY_IN_MESSAGE) + "…";
  }
}
