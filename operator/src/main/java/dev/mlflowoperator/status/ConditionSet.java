package dev.mlflowoperator.status;

import dev.mlflowoperator.railway.Redactor;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds conditions the Kubernetes way: fixed types, CamelCase reasons, the generation they
 * describe, and a lastTransitionTime that is kept while status and reason stay the same. Messages are cut and
 * show no URL credentials, whatever text they quote.
 */
public final class ConditionSet {
  private final List<Condition> previous;
  private final long generation;
  private final Clock clock;
  private final List<Condition> conditions = new ArrayList<>();

  public ConditionSet(List<Condition> previous, long generation, Clock clock) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation;
    this.clock = clock;
  }

  public ConditionSet set(String type, boolean status, String reason, String message) {
    return set(type, status ? "True" : "False", reason, message);
  }

  /** A condition whose status is "True", "False" or "Unknown". */
  public ConditionSet set(String type, String value, String reason, String message) {
    String since = previous.stream()
        .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()) && reason.equals(c.getReason()))
        .map(Condition::getLastTransitionTime)
        .findFirst()
        .orElseGet(() -> clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    conditions.add(new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(Redactor.none().apply(message))
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build());
    return this;
  }

  public List<Condition> toList() {
    return List.copyOf(conditions);
  }
}
