package dev.openpush.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PrimingTest {

  @Test
  void aFailingStepIsRecordedInStepOrderAndTheOtherStepsStillRun() {
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    Priming priming =
        Priming.of("test")
            .step("first", () -> ran.add("first"))
            .step(
                "unreachable table",
                () -> {
                  throw new IllegalStateException("connection refused");
                })
            .step(
                "checked",
                () -> {
                  throw new IOException("no such resource");
                })
            .step("last", () -> ran.add("last"));

    assertThatCode(priming::run).doesNotThrowAnyException();

    assertThat(ran).containsExactlyInAnyOrder("first", "last");
    assertThat(priming.failed()).containsExactly("unreachable table", "checked");
  }

  @Test
  void beforeACheckpointOnlyTheFailedStepsRunAgainAndThoseThatNowPassAreDone() {
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean reachable = new AtomicBoolean(false);
    Priming priming =
        Priming.of("test")
            .step("client", () -> ran.add("client"))
            .step(
                "read",
                () -> {
                  ran.add("read");
                  if (!reachable.get()) {
                    throw new IllegalStateException("not yet");
                  }
                });
    priming.run();
    assertThat(priming.failed()).containsExactly("read");

    reachable.set(true);
    priming.beforeCheckpoint(null);

    assertThat(ran).containsExactlyInAnyOrder("client", "read", "read");
    assertThat(priming.failed()).isEmpty();
    assertThatCode(() -> priming.afterRestore(null)).doesNotThrowAnyException();
  }

  @Test
  void anInvocationWhoseEventIsNotOnTheClassPathFailsItsStepNotTheInit() {
    RequestHandler<String, String> echo = (String event, Context context) -> event;
    Priming priming = Priming.of("test").invoke(echo, String.class, "priming/none-such.json");

    assertThatCode(priming::run).doesNotThrowAnyException();
    assertThat(priming.failed()).containsExactly("invoke priming/none-such.json");
  }
}
