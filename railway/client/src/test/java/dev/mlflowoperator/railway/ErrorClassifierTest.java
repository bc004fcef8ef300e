package dev.mlflowoperator.railway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.railway.RailwayException.Kind;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Railway's error wordings and HTTP answers map to the right kinds. */
class ErrorClassifierTest {
  private static final GraphqlOperation QUERY = GraphqlOperation.named("FindProjects");
  private static final GraphqlOperation MUTATION = GraphqlOperation.named("ServiceCreate");

  private static JsonNode errors(String... messages) {
    var array = new ObjectMapper().createArrayNode();
    for (String message : messages) {
      array.addObject().put("message", message);
    }
    return array;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "Not Authorized | UNAUTHORIZED",
      "not authorized | UNAUTHORIZED",
      "Project token not found | UNAUTHORIZED",
      "Two Factor Authentication Required | UNAUTHORIZED",
      "Project not found | NOT_FOUND",
      "Service not found | NOT_FOUND",
      "Volume name already exists | NAME_COLLISION",
      "Service name must be unique | NAME_COLLISION",
      "Invalid mount path | INVALID_INPUT",
      "Something odd happened | REJECTED",
  })
  void graphqlMessagesMapToKinds(String message, Kind kind) {
    assertThat(ErrorClassifier.fromGraphqlErrors(MUTATION, errors(message)).kind()).isEqualTo(kind);
  }

  @Test
  void railwaysUnexplainedFailureIsAnUnknownOutcomeForAMutationAndRetryableForAQuery() {
    assertThat(ErrorClassifier.fromGraphqlErrors(MUTATION, errors("Problem processing request")).kind())
        .isEqualTo(Kind.OUTCOME_UNKNOWN);
    assertThat(ErrorClassifier.fromGraphqlErrors(QUERY, errors("Problem processing request")).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void ofSeveralErrorsTheCredentialProblemWinsAndAllMessagesAreKept() {
    RailwayException e =
        ErrorClassifier.fromGraphqlErrors(QUERY, errors("Service not found", "Not Authorized"));

    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(e.getMessage()).contains("Service not found; Not Authorized");
  }

  @Test
  void retryAfterIsReadAsSeconds() {
    RailwayException e = ErrorClassifier.fromHttp(QUERY, 429, "12", "");

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
    assertThat(e.getMessage()).contains("wait 12 s");
  }

  @Test
  void http401And403AreUnauthorizedAndOther4xxAreTerminal() {
    assertThat(ErrorClassifier.fromHttp(QUERY, 401, null, "").kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(ErrorClassifier.fromHttp(QUERY, 403, null, "").kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(ErrorClassifier.fromHttp(QUERY, 400, null, "{\"errors\":[]}").kind())
        .isEqualTo(Kind.INVALID_INPUT);
    assertThat(ErrorClassifier.fromHttp(QUERY, 404, null, "Not Found").isRetryable()).isFalse();
  }

  @Test
  void aServerErrorIsUnavailableForAQueryButOutcomeUnknownForAMutation() {
    assertThat(ErrorClassifier.fromHttp(QUERY, 502, null, "").kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(ErrorClassifier.fromHttp(MUTATION, 502, null, "").kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
  }

  @Test
  void aMutationThatNeverLeftIsUnavailableButOneThatTimedOutIsOutcomeUnknown() {
    assertThat(ErrorClassifier.fromIOException(MUTATION, new ConnectException("Connection refused")).kind())
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(ErrorClassifier.fromIOException(MUTATION, new SocketTimeoutException("timeout")).kind())
        .isEqualTo(Kind.OUTCOME_UNKNOWN);
    assertThat(ErrorClassifier.fromIOException(QUERY, new SocketTimeoutException("timeout")).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void aLongBodyIsShortenedInTheMessage() {
    RailwayException e = ErrorClassifier.fromHttp(QUERY, 418, null, "x".repeat(5_000));

    assertThat(e.getMessage()).hasSizeLessThan(400).endsWith("…");
  }
}
