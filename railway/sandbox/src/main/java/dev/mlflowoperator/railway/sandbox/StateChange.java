package dev.mlflowoperator.railway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One change of a {@link SandboxState} as JSON, for the journal {@link SandboxStore} appends: the top-level values
 * that changed ({@code set}) and, for each list that changed, the one run of elements replaced ({@code splice}: at,
 * how many removed, the elements put there), so that applying it to the state before gives the state after, order
 * included.
 */
final class StateChange {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StateChange() {}

  /** The change from {@code before} to {@code after} (both a state as JSON); empty when they are equal. */
  static ObjectNode between(ObjectNode before, ObjectNode after) {
    ObjectNode set = NODES.objectNode();
    ArrayNode splices = NODES.arrayNode();
    for (Map.Entry<String, JsonNode> field : after.properties()) {
      JsonNode old = before.get(field.getKey());
      JsonNode now = field.getValue();
      if (now.equals(old)) {
        continue;
      }
      if (now.isArray() && old != null && old.isArray()) {
        splices.add(splice(field.getKey(), (ArrayNode) old, (ArrayNode) now));
      } else {
        set.set(field.getKey(), now);
      }
    }
    ObjectNode change = NODES.objectNode();
    if (!set.isEmpty()) {
      change.set("set", set);
    }
    if (!splices.isEmpty()) {
      change.set("splice", splices);
    }
    return change;
  }

  /** Applies {@code change} to {@code state} in place; refuses one that does not fit it. */
  static void apply(ObjectNode change, ObjectNode state) {
    change.path("set").properties().forEach(field -> state.set(field.getKey(), field.getValue()));
    for (JsonNode splice : change.path("splice")) {
      String list = splice.path("list").asText();
      ArrayNode elements = state.has(list) && state.get(list).isArray() ? (ArrayNode) state.get(list)
          : state.putArray(list);
      int at = splice.path("at").asInt(-1);
      int remove = splice.path("remove").asInt(-1);
      if (at < 0 || remove < 0 || at + remove > elements.size()) {
        throw new IllegalArgumentException("a change of " + list + " at " + at + " removing " + remove
            + " does not fit its " + elements.size() + " elements");
      }
      for (int i = 0; i < remove; i++) {
        elements.remove(at);
      }
      int index = at;
      for (JsonNode added : splice.path("add")) {
        elements.insert(index++, added);
      }
    }
  }

  /** The shortest run that differs between {@code before} and {@code after}, after their common start and end. */
  private static ObjectNode splice(String list, ArrayNode before, ArrayNode after) {
    int start = 0;
    int shorter = Math.min(before.size(), after.size());
    while (start < shorter && before.get(start).equals(after.get(start))) {
      start++;
    }
    int end = 0;
    while (end < shorter - start
        && before.get(before.size() - 1 - end).equals(after.get(after.size() - 1 - end))) {
      end++;
    }
    ObjectNode splice = NODES.objectNode().put("list", list).put("at", start).put("remove", before.size() - start - end);
    ArrayNode added = splice.putArray("add");
    for (int i = start; i < after.size() - end; i++) {
      added.add(after.get(i));
    }
    return splice;
  }
}
