package dev.mlflowoperator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes an object from a watch smaller in place, changing nothing that equals, serialisation or a reconcile sees but
 * managedFields: those are dropped (what a real API server adds to every object, often most of its size; no
 * reconcile reads them, and an update whose body has none leaves them as they are); every string is interned, so the
 * labels, images, probes and keys all stacks have in common are kept once; an empty map of unknown fields (one in every
 * model object) becomes the shared empty map. Only Fabric8's model objects and the lists and maps in them are visited.
 */
final class CompactObjects {
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model.";
  private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
    @Override
    protected List<Field> computeValue(Class<?> type) {
      var fields = new ArrayList<Field>();
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isFinal(field.getModifiers())
              && trySetAccessible(field)) {
            fields.add(field);
          }
        }
      }
      return List.copyOf(fields);
    }
  };

  private CompactObjects() {}

  static <R extends HasMetadata> R compact(R object) {
    if (object.getMetadata() != null) {
      object.getMetadata().setManagedFields(null);
    }
    visit(object);
    return object;
  }

  private static void visit(Object node) {
    if (node instanceof List<?> list) {
      visitList(list);
    } else if (node instanceof Map<?, ?> map) {
      visitMap(map);
    } else if (node != null && node.getClass().getName().startsWith(MODEL_PACKAGE)) {
      visitModel(node);
    }
  }

  @SuppressWarnings("unchecked")
  private static void visitList(List<?> list) {
    boolean replaceable = list instanceof ArrayList;
    for (int i = 0; i < list.size(); i++) {
      Object value = list.get(i);
      Object compacted = compacted(value);
      if (replaceable && compacted != value) {
        ((List<Object>) list).set(i, compacted);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void visitMap(Map<?, ?> map) {
    boolean replaceable = map instanceof HashMap;
    for (var entry : ((Map<Object, Object>) map).entrySet()) {
      Object value = entry.getValue();
      Object compacted = compacted(value);
      if (replaceable && compacted != value) {
        entry.setValue(compacted);
      }
    }
  }

  private static void visitModel(Object model) {
    for (Field field : FIELDS.get(model.getClass())) {
      try {
        Object value = field.get(model);
        boolean noUnknownFields = value instanceof Map<?, ?> map && map.isEmpty()
            && "additionalProperties".equals(field.getName());
        Object compacted = noUnknownFields ? Collections.emptyMap() : compacted(value);
        if (compacted != value) {
          field.set(model, compacted);
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot compact " + field, e);
      }
    }
  }

  private static Object compacted(Object value) {
    if (value instanceof String text) {
      return text.intern();
    }
    visit(value);
    return value;
  }

  private static boolean trySetAccessible(Field field) {
    try {
      return field.trySetAccessible();
    } catch (InaccessibleObjectException | SecurityException e) {
      return false;
    }
  }
}
