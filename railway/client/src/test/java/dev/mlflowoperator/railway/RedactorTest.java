package dev.mlflowoperator.railway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {
  @Test
  void everySecretIsMaskedWhereverItOccursAndTheRestIsKept() {
    var redactor = Redactor.of(List.of("pw-3f9a", "tok-71c2"));

    assertThat(redactor.apply("password pw-3f9a rejected for tok-71c2; pw-3f9a again"))
        .isEqualTo("password *** rejected for ***; *** again");
  }

  @Test
  void aLongerSecretContainingAShorterOneLeavesNoPartBehind() {
    var redactor = Redactor.of(List.of("abc1", "xxabc1yy"));

    assertThat(redactor.apply("[xxabc1yy]")).isEqualTo("[***]");
  }

  @Test
  void aSecretEscapedInsideJsonIsMaskedToo() {
    var redactor = Redactor.of(List.of("p\"w\\1x"));

    assertThat(redactor.apply("echo: {\"password\":\"p\\\"w\\\\1x\"}")).isEqualTo("echo: {\"password\":\"***\"}");
  }

  @Test
  void nullAndBlankSecretsAreIgnored() {
    var redactor = Redactor.of(Arrays.asList(null, "", "  "));

    assertThat(redactor.apply("a b  c")).isEqualTo("a b  c");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "s3.endpoint: https://user:pw@host/x | s3.endpoint: https://***@host/x",
    "postgresql://mlflow:p@ss@db:5432/mlflow fails | postgresql://***@db:5432/mlflow fails",
    "git https://tok@github.com/a.git and https://github.com/b | git https://***@github.com/a.git and https://github.com/b",
    "mail me@example.com at https://example.com/x | mail me@example.com at https://example.com/x"
  })
  void theUserAndPasswordOfEveryUrlAreMasked(String text, String shown) {
    assertThat(Redactor.none().apply(text)).isEqualTo(shown);
  }

  @Test
  void aLongTextIsCutWithAMarkerSayingHowMuchWasCut() {
    String text = "x".repeat(10_000);

    String shown = Redactor.none().apply(text);

    assertThat(shown).hasSize(Redactor.MAX_LENGTH + "… (9000 more characters cut)".length())
        .endsWith("… (9000 more characters cut)");
  }

  @Test
  void aSecretIsMaskedBeforeTheTextIsCutSoNoPrefixOfItRemains() {
    String secret = "s".repeat(40);
    String text = "y".repeat(Redactor.MAX_LENGTH - 10) + secret;

    assertThat(Redactor.of(List.of(secret)).apply(text)).endsWith("***").doesNotContain("ssss");
  }
}
