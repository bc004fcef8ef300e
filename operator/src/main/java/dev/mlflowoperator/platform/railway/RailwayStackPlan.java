package dev.mlflowoperator.platform.railway;

import java.util.List;
import java.util.Optional;

/** The ordered changes that bring a Railway stack in line with the spec; empty when nothing differs. */
public record RailwayStackPlan(List<RailwayChange> changes) {
  public RailwayStackPlan {
    changes = List.copyOf(changes);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** Every reason of every change, in apply order. */
  public List<String> reasons() {
    return changes.stream().flatMap(c -> c.reasons().stream()).toList();
  }

  <T extends RailwayChange> Optional<T> find(Class<T> type) {
    return changes.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  <T extends RailwayChange> List<T> all(Class<T> type) {
    return changes.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
