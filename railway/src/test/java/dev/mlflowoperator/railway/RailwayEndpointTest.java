package dev.mlflowoperator.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RailwayEndpointTest {
  @Test
  void defaultEndpointCarriesTheSourceQueryThatAvoidsTheEdgeRateLimit() {
    var endpoint = RailwayEndpoint.fromEnvironment(Map.of("RAILWAY_TOKEN", "t0k")).orElseThrow();
    assertThat(endpoint.url().toString())
        .isEqualTo("https://backboard.railway.com/graphql/v2?source=mlflow-operator");
  }

  @Test
  void accountTokenIsSentAsBearerAndProjectTokenAsProjectAccessToken() {
    var account = RailwayEndpoint.fromEnvironment(Map.of("RAILWAY_TOKEN", "acc")).orElseThrow();
    assertThat(account.authHeaderName()).isEqualTo("Authorization");
    assertThat(account.authHeaderValue()).isEqualTo("Bearer acc");

    var project = RailwayEndpoint.fromEnvironment(Map.of("RAILWAY_PROJECT_TOKEN", "prj")).orElseThrow();
    assertThat(project.authHeaderName()).isEqualTo("Project-Access-Token");
    assertThat(project.authHeaderValue()).isEqualTo("prj");
  }

  @Test
  void apiUrlOverrideKeepsAnExistingSourceAndAddsOneOtherwise() {
    var withQuery = RailwayEndpoint.fromEnvironment(
        Map.of("RAILWAY_TOKEN", "t", "RAILWAY_API_URL", "http://127.0.0.1:4000/graphql?source=tests")).orElseThrow();
    assertThat(withQuery.url().toString()).isEqualTo("http://127.0.0.1:4000/graphql?source=tests");

    var without = RailwayEndpoint.fromEnvironment(
        Map.of("RAILWAY_TOKEN", "t", "RAILWAY_API_URL", "http://127.0.0.1:4000/graphql")).orElseThrow();
    assertThat(without.url().queryParameter("source")).isEqualTo("mlflow-operator");
  }

  @Test
  void noTokenMeansNoEndpoint() {
    assertThat(RailwayEndpoint.fromEnvironment(Map.of("RAILWAY_TOKEN", "  "))).isEmpty();
  }

  @Test
  void descriptionNeverShowsTheToken() {
    var endpoint = RailwayEndpoint.fromEnvironment(Map.of("RAILWAY_TOKEN", "very-secret-token")).orElseThrow();
    assertThat(endpoint.toString()).doesNotContain("very-secret-token").contains("account token");
  }

  @Test
  void malformedApiUrlIsRejectedNamingTheVariable() {
    assertThatThrownBy(() -> RailwayEndpoint.fromEnvironment(Map.of("RAILWAY_API_URL", "not a url")))
        .hasMessageContaining("RAILWAY_API_URL");
  }
}
