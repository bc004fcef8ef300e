package dev.mlflowoperator.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** One typed change of a plan: create a missing object, or update one whose managed fields differ. */
public sealed interface Change {
  HasMetadata desired();

  /** What differs, each naming the object and the field, for example Deployment/x-proxy: spec.replicas. */
  List<String> reasons();

  /** The object is missing. */
  record Create(HasMetadata desired) implements Change {
    @Override
    public List<String> reasons() {
      return List.of(ObjectKeys.of(desired) + ": missing");
    }
  }

  /** The object exists; merged is the observed object carrying our fields, ready to PUT. */
  record Update(HasMetadata desired, HasMetadata merged, List<String> fields) implements Change {
    public Update {
      fields = List.copyOf(fields);
    }

    @Override
    public List<String> reasons() {
      return fields.stream().map(f -> ObjectKeys.of(desired) + ": " + f).toList();
    }
  }
}
