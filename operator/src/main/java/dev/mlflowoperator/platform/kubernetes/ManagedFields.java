package dev.mlflowoperator.platform.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares only what the operator sets: every field of the desired object must be present and
 * equal in the observed one, so defaults the API server adds never count as drift. Quantities
 * compare by amount; ConfigMap and Secret data compare exactly (an added key is drift too).
 */
final class ManagedFields {
  private static final Set<String> SKIPPED_TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "status");
  private static final Set<String> EXACT_TOP_LEVEL = Set.of("data", "binaryData");

  private ManagedFields() {}

  /** The paths (for example spec.template.spec.containers[0].image) where observed differs from desired. */
  static List<String> differences(HasMetadata desired, HasMetadata observed) {
    var diffs = new ArrayList<String>();
    compareMetadata(desired, observed, diffs);
    if (desired instanceof PersistentVolumeClaim d && observed instanceof PersistentVolumeClaim o) {
      // Everything else in a PVC spec is immutable once bound; only the size is ours to change.
      if (!sameQuantity(storageOf(d), storageOf(o))) {
        diffs.add("spec.resources.requests.storage");
      }
      return diffs;
    }
    JsonNode d = Serialization.jsonMapper().valueToTree(desired);
    JsonNode o = Serialization.jsonMapper().valueToTree(observed);
    for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!SKIPPED_TOP_LEVEL.contains(field)) {
        compare(field, d.get(field), o.get(field), EXACT_TOP_LEVEL.contains(field), diffs);
      }
    }
    return diffs;
  }

  static Quantity storageOf(PersistentVolumeClaim pvc) {
    if (pvc.getSpec() == null || pvc.getSpec().getResources() == null) {
      return null;
    }
    Map<String, Quantity> requests = pvc.getSpec().getResources().getRequests();
    return requests == null ? null : requests.get("storage");
  }

  static BigDecimal amount(Quantity quantity) {
    return quantity == null ? null : Quantity.getAmountInBytes(quantity);
  }

  private static void compareMetadata(HasMetadata desired, HasMetadata observed, List<String> diffs) {
    var d = desired.getMetadata();
    var o = observed.getMetadata();
    if (!containsAll(o.getLabels(), d.getLabels())) {
      diffs.add("metadata.labels");
    }
    if (!containsAll(o.getAnnotations(), d.getAnnotations())) {
      diffs.add("metadata.annotations");
    }
    if (!ourOwners(o.getOwnerReferences()).equals(ourOwners(d.getOwnerReferences()))) {
      diffs.add("metadata.ownerReferences");
    }
  }

  /** The UIDs of MlflowDeployment owners: other owners are not ours to manage. */
  static List<String> ourOwners(List<OwnerReference> refs) {
    return refs == null
        ? List.of()
        : refs.stream().filter(OwnerReferences::isOurs).map(OwnerReference::getUid).sorted().toList();
  }

  private static boolean containsAll(Map<String, String> observed, Map<String, String> desired) {
    if (desired == null || desired.isEmpty()) {
      return true;
    }
    return observed != null && observed.entrySet().containsAll(desired.entrySet());
  }

  private static void compare(String path, JsonNode d, JsonNode o, boolean exact, List<String> diffs) {
    if (isUnset(d)) {
      if (exact && !isUnset(o)) {
        diffs.add(path);
      }
      return;
    }
    if (o == null || o.isNull() || d.getNodeType() != o.getNodeType()) {
      diffs.add(path);
    } else if (d.isObject()) {
      for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        compare(path + "." + field, d.get(field), o.get(field), false, diffs);
      }
      if (exact) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
          String field = it.next();
          if (!d.has(field)) {
            diffs.add(path + "." + field);
          }
        }
      }
    } else if (d.isArray()) {
      if (d.size() != o.size()) {
        diffs.add(path);
        return;
      }
      for (int i = 0; i < d.size(); i++) {
        compare(path + "[" + i + "]", d.get(i), o.get(i), false, diffs);
      }
    } else if (!sameValue(path, d, o)) {
      diffs.add(path);
    }
  }

  private static boolean isUnset(JsonNode node) {
    return node == null || node.isNull() || (node.isContainerNode() && node.isEmpty());
  }

  private static boolean sameValue(String path, JsonNode d, JsonNode o) {
    if (d.isNumber() && o.isNumber()) {
      return d.decimalValue().compareTo(o.decimalValue()) == 0;
    }
    if (path.contains(".resources.") && d.isTextual() && o.isTextual()) {
      return sameQuantity(new Quantity(d.asText()), new Quantity(o.asText()));
    }
    return d.equals(o);
  }

  private static boolean sameQuantity(Quantity a, Quantity b) {
    try {
      return a == null || b == null ? Objects.equals(a, b) : amount(a).compareTo(amount(b)) == 0;
    } catch (ArithmeticException | IllegalArgumentException e) {
      return Objects.equals(a, b);
    }
  }
}
