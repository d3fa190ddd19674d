package dev.openpush.domain.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"u-42", "jane@example.com", "a+b", "a b", "a/b", "a%zz", "名前", "😀"})
  void userIdsMayBeAnyPrintableText(String id) {
    assertThat(Ids.userIdProblem(id)).isNull();
  }

  @Test
  void userIdsHaveALengthLimit() {
    assertThat(Ids.userIdProblem("x".repeat(256))).isNull();
    assertThat(Ids.userIdProblem("x".repeat(257))).contains("256");
    assertThat(Ids.userIdProblem("")).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"vip", "vip+gold", "a.b", "seg-1_x:y@z", "a.."})
  void nameIdsAcceptTheDocumentedAlphabet(String id) {
    assertThat(Ids.nameIdProblem(id)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {".", "..", ".hidden", "a b", "a/b", "a#b", ""})
  void nameIdsRefuseDotsFirstAndOtherCharacters(String id) {
    assertThat(Ids.nameIdProblem(id)).isNotNull();
  }

  @Test
  void nameIdsHaveALengthLimit() {
    assertThat(Ids.nameIdProblem("x".repeat(128))).isNull();
    assertThat(Ids.nameIdProblem("x".repeat(129))).isNotNull();
  }
}
