package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.railway.sandbox.FaultInjector;
import dev.mlflowoperator.railway.sandbox.FaultKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 50 reconciles over HTTP with a fifth of all requests failing, every fault kind included, while the stack drifts
 * now and then: no resource is ever duplicated, the volume is the one made at the start, and the stack converges.
 */
class RailwayFaultRunTest {
  static final double FAULT_RATE = 0.2;
  static final int LOOPS = 50;
  /** The sandbox holds a TIMEOUT answer twice as long, so the client gives up, as it would on Railway. */
  static final Duration CLIENT_TIMEOUT = Duration.ofMillis(500);

  @Test
  void faultsNeverDuplicateAResourceNorReplaceTheVolume() {
    try (var stack = RailwayStackHarness.overHttpImpatient(CLIENT_TIMEOUT)) {
      stack.converge();
      String volume = stack.id("volume");
      String password = RailwayTargetContract.variables(stack.sandbox.state(), stack.id("service/proxy"))
          .get(RailwayDesired.PASSWORD_VARIABLE);
      stack.secrets.put("tracking-credentials/password", password);
      var faults = FaultInjector.builder(20).retryAfter(Duration.ZERO).hold(CLIENT_TIMEOUT.multipliedBy(2));
      for (FaultKind kind : FaultKind.values()) {
        faults.fault(kind, FAULT_RATE / FaultKind.values().length);
      }
      stack.sandbox.faults(faults.build());
      List<Runnable> drifts = List.of(
          () -> stack.outOfBand("mutation($id: String!) { serviceDomainDelete(id: $id) }",
              Map.of("id", stack.sandbox.state().serviceDomains.get(0).id)),
          () -> stack.outOfBand("mutation($id: String!) { serviceDelete(id: $id) }",
              Map.of("id", serviceId(stack, "tracking-mlflow"))),
          () -> stack.outOfBand("mutation($id: String!) { serviceDelete(id: $id) }",
              Map.of("id", serviceId(stack, "tracking-proxy"))),
          () -> stack.outOfBand(RailwayTargetContract.UPDATE_SETTINGS, Map.of("s", serviceId(stack, "tracking-proxy"),
              "e", stack.id("environment"), "i", Map.of("startCommand", "caddy respond"))));

      int failed = 0;
      for (int loop = 0; loop < LOOPS; loop++) {
        if (loop % 3 == 0 && loop <= 40) {
          drifts.get(loop / 3 % drifts.size()).run();
        }
        failed += stack.reconcile().sync().synced() ? 0 : 1;
        stack.clock.advance(RailwayStackHarness.DEPLOY_TIME);
      }
      stack.sandbox.faults(FaultInjector.none());

      assertThat(failed).as("reconciles that met a fault they could not retry").isPositive();
      var state = stack.sandbox.state();
      RailwayTargetContract.assertOneOfEach(state);
      assertThat(state.volumes).singleElement().satisfies(v -> assertThat(v.id).isEqualTo(volume));
      assertThat(stack.plan().reasons()).as("converged").isEmpty();
      assertThat(stack.condition("Ready").getStatus()).isEqualTo("True");
      assertThat(RailwayTargetContract.variables(state, serviceId(stack, "tracking-proxy")))
          .containsEntry(RailwayDesired.PASSWORD_VARIABLE, password);
    }
  }

  private static String serviceId(RailwayStackHarness stack, String name) {
    return stack.sandbox.state().services.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow().id;
  }
}
