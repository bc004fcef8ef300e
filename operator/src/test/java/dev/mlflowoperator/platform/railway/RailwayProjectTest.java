package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RailwayProjectTest {
  private final RailwayProject ml = RailwayProject.of("shared-proj", "production", "default", "ml");

  @Test
  void theDescriptionTheOperatorWritesMarksTheProject() {
    assertThat(ml.marks("managed by mlflow-operator: default/ml")).isTrue();
  }

  @Test
  void aLineOfTheDescriptionEqualToTheMarkerMarksTheProject() {
    assertThat(ml.marks("Our ML projects.\n  managed by mlflow-operator: default/ml  \nmanaged by mlflow-operator: "
        + "default/ml-staging")).isTrue();
  }

  @Test
  void aMarkerThatOnlyContainsOursIsAnotherDeploymentsAndNoDescriptionIsNoMarker() {
    assertThat(ml.marks("managed by mlflow-operator: default/ml-staging")).isFalse();
    assertThat(ml.marks("see managed by mlflow-operator: default/ml")).isFalse();
    assertThat(ml.marks("")).isFalse();
    assertThat(ml.marks(null)).isFalse();
  }
}
