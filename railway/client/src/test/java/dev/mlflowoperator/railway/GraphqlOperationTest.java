package dev.mlflowoperator.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Operation documents load by name, once, and know whether they change anything. */
class GraphqlOperationTest {
  @Test
  void queriesAndMutationsAreToldApart() {
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

  @Test
  void aBuiltDocumentIsNamedAndKindedByItsHeader() {
    var op = GraphqlOperation.of("mutation ConfigureStack($id: String!) {\n  a_deploy: serviceInstanceDeployV2(serviceId: $id)\n}");

    assertThat(op.name()).isEqualTo("ConfigureStack");
    assertThat(op.isMutation()).isTrue();
    assertThat(op.document()).contains("a_deploy: serviceInstanceDeployV2");
    assertThat(GraphqlOperation.of("# a comment\nquery ObserveStack { me { id } }").isMutation()).isFalse();
  }

  @Test
  void aBuiltDocumentWithoutANamedOperationIsRefused() {
    assertThatThrownBy(() -> GraphqlOperation.of("{ me { id } }"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("named query or mutation");
  }
}
