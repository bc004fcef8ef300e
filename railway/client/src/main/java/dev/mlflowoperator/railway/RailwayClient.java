package dev.mlflowoperator.railway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.spi.Scheduler;
import dev.mlflowoperator.railway.RailwayException.Kind;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Sends one GraphQL operation per call to Railway's public API, within the token's budget, with retries. */
public final class RailwayClient implements GraphqlExecutor {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final RailwayEndpoint endpoint;
  /** Takes the token out of Railway's texts, in case a server or proxy echoes it into an error. */
  private final Redactor redactor;
  private final OkHttpClient http;
  private final RequestBudget budget;
  private final RequestStats stats;
  private final FailsafeExecutor<JsonNode> failsafe;

  private RailwayClient(Builder builder) {
    this.endpoint = builder.endpoint;
    this.redactor = Redactor.of(List.of(token(builder.endpoint)));
    // A redirect would carry the token to wherever it points: none is followed, whoever built the client.
    this.http = (builder.http != null ? builder.http.newBuilder() : http(builder.options.timeout()))
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
    this.budget = builder.budget != null ? builder.budget
        : RequestBudget.forTier(builder.options.tier(), builder.retry.longestRetryAfter(), builder.pace);
    this.stats = builder.stats;
    this.failsafe = Failsafe.with(RetryPolicies.forRailway(builder.retry, builder.pace)).with(builder.scheduler);
  }

  public static Builder builder(RailwayEndpoint endpoint) {
    return new Builder(endpoint);
  }

  /**
   * Runs {@code op} with {@code variables} and returns its {@code data}. Retryable failures are
   * retried with backoff; what is left is thrown as a {@link RailwayException}.
   */
  @Override
  public JsonNode execute(GraphqlOperation op, Map<String, Object> variables) {
    return send(op, variables, false);
  }

  /**
   * As {@link #execute}, but the errors of single top-level fields (each with a path) come back with the data,
   * each classified on its own, instead of being thrown; a query only.
   */
  @Override
  public GraphqlAnswer query(GraphqlOperation op, Map<String, Object> variables) {
    if (op.isMutation()) {
      throw new IllegalArgumentException(op.name() + " is a mutation: its errors are never partial");
    }
    JsonNode answer = send(op, variables, true);
    JsonNode errors = answer.path("errors");
    List<GraphqlAnswer.FieldError> fieldErrors = errors.isArray() && !errors.isEmpty()
        ? ErrorClassifier.fieldErrors(op, errors, redactor).orElseThrow() : List.of();
    return new GraphqlAnswer(answer.path("data").isObject() ? answer.get("data") : null, fieldErrors);
  }

  /** Sends with retries; returns the data, or with {@code partial} the whole answer when its errors are all fields'. */
  private JsonNode send(GraphqlOperation op, Map<String, Object> variables, boolean partial) {
    CompletableFuture<JsonNode> result = failsafe.getAsync(() -> attempt(op, variables, partial));
    try {
      return result.get();
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw new RailwayException(op.isMutation() ? Kind.OUTCOME_UNKNOWN : Kind.UNAVAILABLE, op.name(),
          op.name() + " was interrupted before Railway answered", null, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RailwayException railway) {
        throw railway;
      }
      throw new IllegalStateException("Unexpected failure in " + op.name(), e.getCause());
    }
  }

  /** Requests sent so far, per operation. */
  public RequestStats stats() {
    return stats;
  }

  /** The API and token this client sends to. */
  public RailwayEndpoint endpoint() {
    return endpoint;
  }

  /** The token's request budget this client sends within. */
  public RequestBudget budget() {
    return budget;
  }

  private JsonNode attempt(GraphqlOperation op, Map<String, Object> variables, boolean partial) throws IOException {
    try {
      budget.acquire(op.name());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RailwayException(Kind.UNAVAILABLE, op.name(),
          op.name() + " was interrupted while waiting for the request budget; nothing was sent", null, e);
    }
    stats.record(op.name());
    Request request = new Request.Builder()
        .url(endpoint.url())
        .header(endpoint.authHeaderName(), endpoint.authHeaderValue())
        .header("User-Agent", RailwayEndpoint.SOURCE)
        .post(RequestBody.create(body(op, variables), JSON))
        .build();
    boolean closesAfterAnswer = false;
    try (Response response = http.newCall(request).execute()) {
      closesAfterAnswer = closesAfterAnswer(response);
      budget.observe(response.headers());
      ResponseBody responseBody = response.body();
      String text = responseBody == null ? "" : responseBody.string();
      if (response.isRedirect()) {
        throw ErrorClassifier.redirected(op, response.code(), response.header("Location"));
      }
      if (response.code() != 200) {
        RailwayException error = ErrorClassifier.fromHttp(
            op, response.code(), response.header("Retry-After"), redactor.apply(text));
        error.retryAfter().ifPresent(budget::pauseFor);
        throw error;
      }
      return data(op, text, partial);
    } catch (IOException e) {
      throw ErrorClassifier.fromIOException(op, e);
    } finally {
      if (closesAfterAnswer) {
        // OkHttp pools the connection anyway; the next request, a mutation perhaps, would be sent on a dead one.
        http.connectionPool().evictAll();
      }
    }
  }

  /**
   * True for an HTTP/1.0 answer that does not ask to keep the connection (a plain proxy's): HTTP/1.0 closes it after
   * the answer. (OkHttp itself drops a connection whose answer says {@code Connection: close}.)
   */
  private static boolean closesAfterAnswer(Response response) {
    return response.protocol() == Protocol.HTTP_1_0 && !"keep-alive".equalsIgnoreCase(response.header("Connection"));
  }

  private static String token(RailwayEndpoint endpoint) {
    String header = endpoint.authHeaderValue();
    return header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : header;
  }

  private static byte[] body(GraphqlOperation op, Map<String, Object> variables) throws IOException {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("query", op.document());
    body.put("operationName", op.name());
    body.set("variables", MAPPER.valueToTree(variables));
    return MAPPER.writeValueAsBytes(body);
  }

  private JsonNode data(GraphqlOperation op, String text, boolean partial) {
    JsonNode answer;
    try {
      answer = MAPPER.readTree(text);
    } catch (IOException e) {
      throw new RailwayException(op.isMutation() ? Kind.OUTCOME_UNKNOWN : Kind.UNAVAILABLE, op.name(),
          "Railway's answer to " + op.name() + " is not JSON", null, e);
    }
    JsonNode errors = answer.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      boolean ofFields = ErrorClassifier.fieldErrors(op, errors, redactor).isPresent();
      if (!partial || !ofFields || !answer.has("data")) {
        throw ErrorClassifier.fromGraphqlErrors(op, errors, redactor);
      }
      return answer;
    }
    JsonNode data = answer.path("data");
    if (!data.isObject()) {
      throw new RailwayException(Kind.REJECTED, op.name(),
          "Railway's answer to " + op.name() + " has neither data nor errors");
    }
    return partial ? answer : data;
  }

  @Override
  public String toString() {
    return "RailwayClient[" + endpoint + "]";
  }

  /** OkHttp waiting {@code timeout} for an answer to start and twice that for all of it. */
  private static OkHttpClient.Builder http(Duration timeout) {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(timeout)
        .callTimeout(timeout.multipliedBy(2))
        // Failsafe alone decides what is repeated; OkHttp must not resend a mutation on its own.
        .retryOnConnectionFailure(false);
  }

  /** Settings of a {@link RailwayClient}; defaults suit the operator against Railway's Hobby tier. */
  public static final class Builder {
    private final RailwayEndpoint endpoint;
    private OkHttpClient http;
    private RailwayOptions options = RailwayOptions.defaults();
    private Pace pace = Pace.REAL;
    private RetryPolicies.Settings retry = RetryPolicies.Settings.defaults();
    private RequestBudget budget;
    private RequestStats stats = new RequestStats();
    private Scheduler scheduler = Scheduler.DEFAULT;

    private Builder(RailwayEndpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** The request timeout, and the tier of the budget unless {@link #budget} gives one. */
    public Builder options(RailwayOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** How fast retry delays (and the default budget's hour) pass; real time unless a test says otherwise. */
    public Builder pace(Pace pace) {
      this.pace = Objects.requireNonNull(pace, "pace");
      return this;
    }

    /**
     * The HTTP client, instead of one with the options' timeout; keep {@code retryOnConnectionFailure(false)}.
     * Redirects are switched off in it whatever it says.
     */
    public Builder http(OkHttpClient http) {
      this.http = http;
      return this;
    }

    public Builder retry(RetryPolicies.Settings retry) {
      this.retry = retry;
      return this;
    }

    /** The token's budget; clients that share a token must share it. Default: one of its own for the options' tier. */
    public Builder budget(RequestBudget budget) {
      this.budget = budget;
      return this;
    }

    public Builder stats(RequestStats stats) {
      this.stats = stats;
      return this;
    }

    /** Where attempts and retry delays run (Failsafe's default pool unless a test needs control). */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    public RailwayClient build() {
      return new RailwayClient(this);
    }
  }
}
