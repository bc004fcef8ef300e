package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.platform.StackPlan;
import java.util.List;
import java.util.Optional;

/** The ordered changes that bring a Railway stack in line with {@code desired}; empty when nothing differs. */
public record RailwayStackPlan(List<RailwayChange> changes, RailwayDesired desired) implements StackPlan {
  public RailwayStackPlan {
    changes = List.copyOf(changes);
  }

  @Override
  public boolean createsDataVolume() {
    return find(RailwayChange.CreateVolume.class).isPresent();
  }

  <T extends RailwayChange> Optional<T> find(Class<T> type) {
    return changes.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  <T extends RailwayChange> List<T> all(Class<T> type) {
    return changes.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
