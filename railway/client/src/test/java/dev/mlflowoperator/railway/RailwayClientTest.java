package dev.mlflowoperator.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.railway.RailwayException.Kind;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client against a scripted Railway: headers, error kinds, retries, rate limits, no token leaks. */
class RailwayClientTest {
  private static final String FAKE_TOKEN = "rw-fake-token-7f3a9c";
  private static final GraphqlOperation FIND_PROJECTS = GraphqlOperation.named("FindProjects");
  private static final GraphqlOperation SERVICE_CREATE = GraphqlOperation.named("ServiceCreate");
  private static final GraphqlOperation VOLUME_CREATE = GraphqlOperation.named("VolumeCreate");
  private static final Map<String, Object> NO_VARIABLES = Map.of();
  private static final int MAX_RETRIES = 3;

  private final MockWebServer server = new MockWebServer();
  private final FakeTime time = new FakeTime();
  private final InstantScheduler scheduler = new InstantScheduler();
  private RailwayClient client;

  @BeforeEach
  void start() throws IOException {
    server.start();
    client = clientFor(server.url("/graphql/v2").toString());
  }

  @AfterEach
  void stop() throws IOException {
    scheduler.close();
    server.shutdown();
  }

  private RailwayClient clientFor(String url) {
    RailwayEndpoint endpoint = RailwayEndpoint.fromEnvironment(
        Map.of("RAILWAY_TOKEN", FAKE_TOKEN, "RAILWAY_API_URL", url)).orElseThrow();
    return RailwayClient.builder(endpoint)
        .http(new OkHttpClient.Builder()
            .readTimeout(Duration.ofMillis(300))
            .retryOnConnectionFailure(false)
            .build())
        .retry(new RetryPolicies.Settings(
            MAX_RETRIES, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(60)))
        .budget(new RequestBudget(RailwayTier.HOBBY, time, time, Duration.ofSeconds(60)))
        .scheduler(scheduler)
        .build();
  }

  private static MockResponse data(String json) {
    return new MockResponse().setHeader("Content-Type", "application/json")
        .setBody("{\"data\":" + json + "}");
  }

  private static MockResponse graphqlError(String message) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(
        "{\"errors\":[{\"message\":\"" + message + "\",\"locations\":[{\"line\":2,\"column\":3}],"
            + "\"path\":[\"x\"]}],\"data\":null}");
  }

  private RailwayException failure(GraphqlOperation op) {
    return catchThrowableOfType(RailwayException.class, () -> client.execute(op, NO_VARIABLES));
  }

  @Test
  void sendsTheTokenAsBearerTheSourceQueryAndTheNamedOperation() throws Exception {
    server.enqueue(data("{\"variables\":{\"A\":\"1\"}}"));

    JsonNode data = client.execute(FIND_PROJECTS, Map.of("projectId", "p1"));

    assertThat(data.path("variables").path("A").asText()).isEqualTo("1");
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/graphql/v2?source=mlflow-operator");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + FAKE_TOKEN);
    assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    JsonNode body = new ObjectMapper().readTree(request.getBody().readUtf8());
    assertThat(body.path("operationName").asText()).isEqualTo("FindProjects");
    assertThat(body.path("query").asText()).isEqualTo(FIND_PROJECTS.document());
    assertThat(body.path("variables").path("projectId").asText()).isEqualTo("p1");
    assertThat(client.stats().count("FindProjects")).isEqualTo(1);
  }

  @Test
  void theTokenIsNeverInAnExceptionMessageOrToString() {
    server.enqueue(graphqlError("Not Authorized"));
    server.enqueue(new MockResponse().setResponseCode(401).setBody("bad token " + FAKE_TOKEN));
    server.enqueue(new MockResponse().setResponseCode(418).setBody("echo: Bearer " + FAKE_TOKEN));
    server.enqueue(new MockResponse().setResponseCode(500));
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));

    for (GraphqlOperation op : List.of(FIND_PROJECTS, FIND_PROJECTS, FIND_PROJECTS, SERVICE_CREATE, SERVICE_CREATE)) {
      RailwayException e = failure(op);
      assertThat(e.getMessage()).doesNotContain(FAKE_TOKEN);
      assertThat(e.toString()).doesNotContain(FAKE_TOKEN);
    }
    assertThat(client.toString()).doesNotContain(FAKE_TOKEN).contains("account token");
  }

  @Test
  void aGraphqlErrorOnHttp200EchoingTheTokenIsShownWithoutItAndCut() {
    String echo = "invalid input: Authorization: Bearer " + FAKE_TOKEN + " " + "x".repeat(10_000);
    server.enqueue(graphqlError(echo));

    RailwayException e = failure(SERVICE_CREATE);

    assertThat(e.getMessage()).doesNotContain(FAKE_TOKEN).contains("Bearer ***")
        .contains("more characters cut)").hasSizeLessThan(600);
  }

  @Test
  void notAuthorizedOnHttp200IsATerminalUnauthorizedErrorThatNamesTheVariable() {
    server.enqueue(graphqlError("Not Authorized"));

    RailwayException e = failure(FIND_PROJECTS);

    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).startsWith("Railway refused the token for FindProjects (Not Authorized)")
        .contains("RAILWAY_TOKEN");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void aRedirectIsNotFollowedSoTheTokenNeverReachesAnotherHost(int status) throws IOException {
    try (var elsewhere = new MockWebServer()) {
      elsewhere.start();
      server.enqueue(new MockResponse().setResponseCode(status)
          .setHeader("Location", elsewhere.url("/graphql/v2?steal=1").toString()));

      RailwayException e = failure(SERVICE_CREATE);

      assertThat(elsewhere.getRequestCount()).as("requests that reached the redirect's target").isZero();
      assertThat(server.getRequestCount()).isEqualTo(1);
      assertThat(e.kind()).isEqualTo(Kind.REDIRECTED);
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage()).isEqualTo("Railway answered ServiceCreate with a redirect (HTTP " + status + " to "
          + elsewhere.getHostName() + "), which is not followed so that the token goes nowhere else; set RAILWAY_API_URL"
          + " to the API's final address");
    }
  }

  @Test
  void theDefaultHttpClientFollowsNoRedirectEither() throws IOException {
    try (var elsewhere = new MockWebServer()) {
      elsewhere.start();
      server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", elsewhere.url("/").toString()));
      RailwayEndpoint endpoint = RailwayEndpoint.fromEnvironment(
          Map.of("RAILWAY_PROJECT_TOKEN", FAKE_TOKEN, "RAILWAY_API_URL", server.url("/graphql/v2").toString()))
          .orElseThrow();
      var defaultHttp = RailwayClient.builder(endpoint).scheduler(scheduler)
          .budget(new RequestBudget(RailwayTier.HOBBY, time, time, Duration.ofSeconds(60))).build();

      var e = catchThrowableOfType(RailwayException.class, () -> defaultHttp.execute(FIND_PROJECTS, NO_VARIABLES));

      assertThat(e.kind()).isEqualTo(Kind.REDIRECTED);
      assertThat(elsewhere.getRequestCount()).isZero();
    }
  }

  @Test
  void projectNotFoundIsATerminalNotFoundError() {
    server.enqueue(graphqlError("Project not found"));

    RailwayException e = failure(FIND_PROJECTS);

    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("Project not found");
  }

  @Test
  void volumeNameAlreadyExistsIsANameCollision() {
    server.enqueue(graphqlError("Volume name already exists"));

    RailwayException e = failure(VOLUME_CREATE);

    assertThat(e.kind()).isEqualTo(Kind.NAME_COLLISION);
    assertThat(e.getMessage()).contains("look the existing object up by name");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aVariableOfTheWrongTypeIsInvalidInput() {
    server.enqueue(new MockResponse().setBody("{\"errors\":[{\"message\":"
        + "\"Variable \\\"$targetPort\\\" got invalid value \\\"http\\\"; Int cannot represent non-integer value\","
        + "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}"));

    RailwayException e = failure(GraphqlOperation.named("ServiceDomainCreate"));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void http429WithRetryAfterHoldsTheRetryBackThatLongThenSucceeds() {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "7"));
    server.enqueue(data("{\"project\":{\"id\":\"p1\"}}"));

    JsonNode data = client.execute(FIND_PROJECTS, NO_VARIABLES);

    assertThat(data.path("project").path("id").asText()).isEqualTo("p1");
    assertThat(server.getRequestCount()).isEqualTo(2);
    // Failsafe waits about Retry-After (with jitter); the token's budget holds the rest back.
    assertThat(scheduler.delays()).singleElement()
        .satisfies(delay -> assertThat(delay).isBetween(Duration.ofMillis(5250), Duration.ofMillis(8750)));
    assertThat(time.parked()).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void theEdgeLimitsError1015IsRateLimitedAndRetriedWithBackoff() {
    server.enqueue(new MockResponse().setResponseCode(429).setBody("error code: 1015"));
    server.enqueue(data("{\"project\":{\"id\":\"p1\"}}"));

    client.execute(FIND_PROJECTS, NO_VARIABLES);

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(scheduler.delays()).hasSize(1);
  }

  @Test
  void theEdgeLimitsErrorSaysWhatHappenedWhenRetriesRunOut() {
    for (int i = 0; i <= MAX_RETRIES; i++) {
      server.enqueue(new MockResponse().setResponseCode(429).setBody("error code: 1015"));
    }

    RailwayException e = failure(FIND_PROJECTS);

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.getMessage()).contains("edge rate limit").contains("error code: 1015");
    assertThat(server.getRequestCount()).isEqualTo(MAX_RETRIES + 1);
  }

  @Test
  void aRetryAfterLongerThanTheLongestWaitGoesBackToTheCallerAtOnce() {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3600"));

    RailwayException e = failure(FIND_PROJECTS);

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofHours(1));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void http503OnAQueryIsRetriedWithGrowingDelaysUntilItSucceeds() {
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(data("{\"project\":{\"id\":\"p1\"}}"));

    client.execute(FIND_PROJECTS, NO_VARIABLES);

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(client.stats().snapshot()).containsExactly(Map.entry("FindProjects", 3L));
    assertThat(client.stats().total()).isEqualTo(3);
    assertThat(scheduler.delays()).hasSize(2);
    assertThat(scheduler.delays().get(1)).isGreaterThan(scheduler.delays().get(0));
  }

  @Test
  void retryableErrorsStopAfterTheConfiguredRetries() {
    for (int i = 0; i <= MAX_RETRIES + 1; i++) {
      server.enqueue(new MockResponse().setResponseCode(502));
    }

    RailwayException e = failure(FIND_PROJECTS);

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.isRetryable()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(MAX_RETRIES + 1);
  }

  @Test
  void aTimeoutAfterSendingAMutationIsOutcomeUnknownAndNotRepeated() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(data("{\"serviceCreate\":{\"id\":\"s2\",\"name\":\"mlflow\"}}"));

    RailwayException e = failure(SERVICE_CREATE);

    assertThat(e.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("ServiceCreate was sent").contains("observe again");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aServerErrorOnAMutationIsOutcomeUnknownAndNotRepeated() {
    server.enqueue(new MockResponse().setResponseCode(500));

    RailwayException e = failure(VOLUME_CREATE);

    assertThat(e.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aTimeoutOnAQueryIsRetried() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(data("{\"project\":{\"id\":\"p1\"}}"));

    client.execute(FIND_PROJECTS, NO_VARIABLES);

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRefusedConnectionIsUnavailableEvenForAMutationBecauseNothingWasSent() throws IOException {
    String url = server.url("/graphql/v2").toString();
    server.shutdown();
    RailwayClient offline = clientFor(url);

    RailwayException e =
        catchThrowableOfType(RailwayException.class, () -> offline.execute(SERVICE_CREATE, NO_VARIABLES));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(offline.stats().count("ServiceCreate")).isEqualTo(MAX_RETRIES + 1);
  }

  @Test
  void remainingZeroFromRailwayDelaysTheNextRequestUntilReset() {
    server.enqueue(data("{\"project\":{\"id\":\"p1\"}}").setHeader("X-RateLimit-Remaining", "0")
        .setHeader("X-RateLimit-Reset", String.valueOf(FakeTime.START_EPOCH_SECONDS + 40)));
    server.enqueue(data("{\"project\":{\"id\":\"p1\"}}"));

    client.execute(FIND_PROJECTS, NO_VARIABLES);
    assertThat(time.parked()).isZero();
    client.execute(FIND_PROJECTS, NO_VARIABLES);

    assertThat(time.parked()).isGreaterThanOrEqualTo(Duration.ofSeconds(40));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aBatchedQueryReturnsEachFieldsErrorByItsAliasWithTheDataInsteadOfThrowing() {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(
        "{\"errors\":[{\"message\":\"Project not found\",\"path\":[\"d1_project\"]},"
            + "{\"message\":\"Not Authorized\",\"path\":[\"d2_backups\"]}],\"data\":null}"));
    GraphqlAnswer answer = client.query(GraphqlOperation.of("query ObserveStacks { d0_me: me { id } }"), NO_VARIABLES);

    assertThat(answer.data()).isNull();
    assertThat(answer.errors()).extracting(GraphqlAnswer.FieldError::field).containsExactly("d1_project", "d2_backups");
    assertThat(answer.errors()).extracting(e -> e.error().kind()).containsExactly(Kind.NOT_FOUND, Kind.UNAUTHORIZED);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aBatchedQueryWithoutErrorsReturnsItsData() {
    server.enqueue(data("{\"d0_me\":{\"id\":\"u1\"}}"));
    GraphqlAnswer answer = client.query(GraphqlOperation.of("query ObserveStacks { d0_me: me { id } }"), NO_VARIABLES);

    assertThat(answer.data().path("d0_me").path("id").asText()).isEqualTo("u1");
    assertThat(answer.errors()).isEmpty();
  }

  @Test
  void aBatchedQueryStillThrowsAnErrorOfTheWholeRequest() {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
        .setBody("{\"errors\":[{\"message\":\"Not Authorized\"}],\"data\":null}"));
    RailwayException e = catchThrowableOfType(RailwayException.class,
        () -> client.query(GraphqlOperation.of("query ObserveStacks { d0_me: me { id } }"), NO_VARIABLES));

    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
  }
}
