package dev.mlflowoperator.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @ParameterizedTest
  @ValueSource(strings = {
    "https://backboard.railway.com/graphql/v2",
    "https://railway.internal.example:8443/graphql",
    "http://localhost:4000/graphql/v2",
    "http://127.0.0.1:4000/graphql/v2",
    "http://127.42.0.9/graphql/v2",
    "http://[::1]:4000/graphql/v2"
  })
  void httpsAnywhereAndHttpOnlyToALoopbackAddressAreAccepted(String url) {
    var endpoint = RailwayEndpoint.fromEnvironment(Map.of("RAILWAY_TOKEN", "t", "RAILWAY_API_URL", url));

    assertThat(endpoint).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "http://backboard.railway.com/graphql/v2",
    "http://10.0.0.5:4000/graphql",
    "http://0.0.0.0:4000/graphql",
    "http://localhost.evil.example/graphql",
    "http://127.0.0.1.nip.io/graphql",
    "http://127.1/graphql",
    "http://2130706433/graphql",
    "http://[::ffff:10.0.0.1]/graphql",
    "http://vm:4000/graphql"
  })
  void plainHttpToAnyOtherHostIsRefusedNamingTheVariableAndWhatIsValid(String url) {
    assertThatThrownBy(() -> RailwayEndpoint.fromEnvironment(Map.of("RAILWAY_TOKEN", "t", "RAILWAY_API_URL", url)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RAILWAY_API_URL is " + url + ": ")
        .hasMessageContaining("would send the Railway token unencrypted")
        .hasMessageEndingWith("; use https://, or http:// only to this machine (localhost, 127.x.x.x or [::1])");
  }

  @Test
  void anInsecureUrlIsRefusedEvenWithoutAToken() {
    assertThatThrownBy(() -> RailwayEndpoint.fromEnvironment(Map.of("RAILWAY_API_URL", "http://example.com/graphql")))
        .hasMessageStartingWith("RAILWAY_API_URL is http://example.com");
  }

  @Test
  void aUrlWithCredentialsIsRefusedWithoutShowingThem() {
    assertThatThrownBy(() -> RailwayEndpoint.fromEnvironment(Map.of("RAILWAY_TOKEN", "t",
        "RAILWAY_API_URL", "https://me:url-secret-83@backboard.railway.com/graphql/v2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RAILWAY_API_URL is https://***@backboard.railway.com/graphql/v2, with a user and password;"
            + " remove them: the token goes in RAILWAY_TOKEN or RAILWAY_PROJECT_TOKEN")
        .hasMessageNotContaining("url-secret-83");
  }

  @Test
  void aMalformedUrlIsNotEchoedWithItsCredentials() {
    assertThatThrownBy(() -> RailwayEndpoint.fromEnvironment(Map.of("RAILWAY_API_URL", "ftp://me:url-secret-83@x y")))
        .hasMessageContaining("RAILWAY_API_URL")
        .hasMessageNotContaining("url-secret-83");
  }
}
