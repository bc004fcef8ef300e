package dev.mlflowoperator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and ordering of release numbers. */
class ReleaseVersionTest {
  @Test
  void parsesMajorMinorPatch() {
    assertThat(ReleaseVersion.parse("3.14.0")).isEqualTo(new ReleaseVersion(3, 14, 0));
  }

  @Test
  void missingPatchIsZero() {
    assertThat(ReleaseVersion.parse("2.11")).isEqualTo(new ReleaseVersion(2, 11, 0));
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertThat(ReleaseVersion.parse(" 2.8.4\n")).isEqualTo(new ReleaseVersion(2, 8, 4));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"v2.8", "2", "2.8.1.1", "latest", "2.x", "2.8-beta", "2.11 }"})
  void rejectsAnythingElse(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ReleaseVersion.parse(text))
        .withMessageContaining("not a release number");
  }

  @Test
  void atLeastIsInclusiveAndIgnoresPatch() {
    assertThat(ReleaseVersion.parse("3.5.0").atLeast(3, 5)).isTrue();
    assertThat(ReleaseVersion.parse("3.5.7").atLeast(3, 5)).isTrue();
    assertThat(ReleaseVersion.parse("3.4.99").atLeast(3, 5)).isFalse();
    assertThat(ReleaseVersion.parse("4.0.0").atLeast(3, 5)).isTrue();
    assertThat(ReleaseVersion.parse("2.99.0").atLeast(3, 5)).isFalse();
  }

  @Test
  void comparesNumericallyNotAsText() {
    assertThat(ReleaseVersion.parse("2.10")).isGreaterThan(ReleaseVersion.parse("2.9"));
    assertThat(ReleaseVersion.parse("2.8.10")).isGreaterThan(ReleaseVersion.parse("2.8.9"));
  }

  @Test
  void sortsByMajorThenMinorThenPatch() {
    var versions = new ArrayList<>(List.of(
        ReleaseVersion.parse("3.0.0"),
        ReleaseVersion.parse("2.11.1"),
        ReleaseVersion.parse("2.11.0"),
        ReleaseVersion.parse("2.8.4")));
    versions.sort(null);
    assertThat(versions).extracting(ReleaseVersion::toString)
        .containsExactly("2.8.4", "2.11.0", "2.11.1", "3.0.0");
  }

  @Test
  void printsAllThreeParts() {
    assertThat(ReleaseVersion.parse("2.11")).hasToString("2.11.0");
  }
}
