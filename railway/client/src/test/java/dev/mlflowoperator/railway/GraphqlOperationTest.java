package dev.mlflowoperator.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Operation documents load by name, once, and know whether they change anything. */
class GraphqlOperationTest {
  @Test
  void queriesAndMutationsAreToldApart() {
    assertThat(GraphqlOperation.named("ObserveStack").isMutation()).isFalse();
    assertThat(GraphqlOperation.named("FindProjects").isMutation()).isFalse();
    assertThat(GraphqlOperation.named("ProjectCreate").isMutation()).isTrue();
    assertThat(GraphqlOperation.named("VolumeDelete").isMutation()).isTrue();
  }

  @Test
  void aDocumentIsReadOnceAndShared() {
    assertThat(GraphqlOperation.named("ServiceCreate")).isSameAs(GraphqlOperation.named("ServiceCreate"));
    assertThat(GraphqlOperation.named("ServiceCreate").document()).contains("serviceCreate(");
  }

  @Test
  void anUnknownOperationNamesTheResourceItLookedFor() {
    assertThatThrownBy(() -> GraphqlOperation.named("NoSuchThing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operations/NoSuchThing.graphql");
  }
}
