package dev.mlflowoperator.platform;

import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.model.Component;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.PlatformAddresses;
import dev.mlflowoperator.model.ScheduledJobComponent;
import dev.mlflowoperator.model.ServiceComponent;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.model.VolumeComponent;
import dev.mlflowoperator.railway.Redactor;
import dev.mlflowoperator.status.Reasons;
import dev.mlflowoperator.status.SyncResult;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A platform that keeps each component of a stack as one object in memory, used only by the tests: it renders any
 * component kind the same way (its fields, as a map), assigns IDs, counts requests and writes, and marks each object
 * with its owner. That it passes {@link PlatformContract} shows the contract is not shaped around one platform.
 */
final class InMemoryPlatform implements Platform<InMemoryPlatform.Observed, InMemoryPlatform.Plan> {
  static final String READY = "Ready";
  static final String PROGRESSING = "Progressing";

  /** One object: its ID, whose it is, the fields it holds and, for a service, whether its rollout finished. */
  record StoredObject(String id, String owner, Map<String, Object> fields, String state) {}

  /** The stack's objects found under its names, by ID key. */
  record Observed(Map<String, StoredObject> objects) {}

  /** Creates or updates one object from its component. */
  record Change(String idKey, Component desired, List<String> reasons, String line) implements PlannedChange {}

  /** The changes that bring the objects in line with {@code desired}. */
  record Plan(DesiredStack desired, List<Change> changes) implements StackPlan {
    @Override
    public boolean createsDataVolume() {
      return changes.stream().anyMatch(c -> c.desired() instanceof VolumeComponent && c.line().startsWith("+"));
    }
  }

  /** The objects, by kind ("service", "volume", ...) then by name. */
  final Map<String, Map<String, StoredObject>> objects = new LinkedHashMap<>();
  /** The backups of the data volume by ID: their state, and the MLflow version each was taken before. */
  final Map<String, BackupProgress> backups = new LinkedHashMap<>();
  final Map<String, String> backupTargets = new LinkedHashMap<>();
  /** The services whose rollouts never finish. */
  final Set<String> held = new HashSet<>();
  long requests;
  long writes;
  private boolean backupsFail;
  private int nextId;
  private int crashAfter;
  private int unclearAt;
  private boolean unclearLands;
  private int crashWrite;

  @Override
  public Observed observe(Stack stack) {
    requests++;
    var found = new LinkedHashMap<String, StoredObject>();
    var foreign = new ArrayList<String>();
    for (Component component : outline(stack).components()) {
      var object = kind(kindOf(component)).get(component.name());
      if (object != null && !object.owner().equals(owner(stack))) {
        foreign.add(objectName(component));
      } else if (object != null) {
        found.put(idKey(component), object);
      }
      stack.ids().put(idKey(component), found.containsKey(idKey(component)) ? object.id() : null);
    }
    if (!foreign.isEmpty()) {
      throw new TerminalException(Reasons.OBJECT_NOT_OWNED, String.join(", ", foreign) + " exists and is not "
          + owner(stack) + "'s; rename or remove it.");
    }
    return new Observed(found);
  }

  @Override
  public List<Credentials> storedCredentials(Stack stack, Observed observed) {
    return Optional.ofNullable(observed.objects().get("credentials/" + DesiredStackFactory.CREDENTIALS))
        .map(o -> ((List<?>) o.fields().get("users")).stream().map(Credentials.class::cast).toList())
        .orElse(List.of());
  }

  @Override
  public PlatformAddresses addresses(Stack stack, Observed observed) {
    return new PlatformAddresses(".memory.internal", List.of(host(stack.names())));
  }

  @Override
  public Plan plan(Stack stack, DesiredStack desired, Observed observed) {
    var changes = new ArrayList<Change>();
    for (Component component : desired.components()) {
      String object = objectName(component);
      var existing = observed.objects().get(idKey(component));
      if (existing == null) {
        changes.add(new Change(idKey(component), component, List.of(object + ": missing"), "+ " + object));
        continue;
      }
      var wanted = fields(component);
      var differing = wanted.keySet().stream().filter(f -> !Objects.equals(wanted.get(f), existing.fields().get(f))).toList();
      if (!differing.isEmpty()) {
        changes.add(new Change(idKey(component), component, differing.stream().map(f -> object + ": " + f).toList(),
            "~ " + object + " " + differing));
      }
    }
    return new Plan(desired, changes);
  }

  @Override
  public PlatformReport apply(Stack stack, Plan plan, Observed observed, StackDesign design) {
    for (Change change : plan.changes()) {
      var old = observed.objects().get(change.idKey());
      boolean service = change.desired() instanceof ServiceComponent;
      var written = new StoredObject(old == null ? "mem-" + ++nextId : old.id(), owner(stack),
          fields(change.desired()), service ? PROGRESSING : READY);
      write(() -> kind(kindOf(change.desired())).put(change.desired().name(), written));
      observed.objects().put(change.idKey(), written);
      stack.ids().put(change.idKey(), written.id());
    }
    var components = new LinkedHashMap<String, ComponentStatus>();
    for (Component component : plan.desired().components()) {
      if (component instanceof ServiceComponent || component instanceof VolumeComponent
          || component instanceof ScheduledJobComponent) {
        String state = observed.objects().get(idKey(component)).state();
        components.put(component.key(), new ComponentStatus(state, objectName(component) + " is " + state));
      }
    }
    var mlflow = observed.objects().get("service/" + StackNames.COMPONENT_MLFLOW);
    return new PlatformReport(components, "https://" + host(stack.names()),
        READY.equals(mlflow.state()) ? (String) mlflow.fields().get("version") : null, null, null);
  }

  @Override
  public void delete(Stack stack) {
    requests++;
    boolean deleteData = stack.spec().deletionPolicy == DeletionPolicy.Delete;
    for (Component component : outline(stack).components()) {
      var object = kind(kindOf(component)).get(component.name());
      boolean kept = component instanceof VolumeComponent && !deleteData;
      if (object != null && object.owner().equals(owner(stack)) && !kept) {
        write(() -> kind(kindOf(component)).remove(component.name()));
      }
    }
  }

  @Override
  public boolean deleted(Stack stack, Observed observed) {
    return observed.objects().keySet().stream().allMatch(key -> key.startsWith("volume/"));
  }

  @Override
  public String startBackup(Stack stack, Observed observed) {
    String id = "backup-" + (backups.size() + 1);
    write(() -> {
      backups.put(id, BackupProgress.running());
      backupTargets.put(id, stack.spec().mlflow.version);
    });
    return id;
  }

  @Override
  public BackupProgress backupProgress(Stack stack, Observed observed, String id) {
    requests++;
    return backups.getOrDefault(id, BackupProgress.failed("backup " + id + " does not exist"));
  }

  /** The last backup started for the spec's version (a test double: it does not compare times). */
  @Override
  public Optional<String> requestedBackup(Stack stack, Observed observed, Instant requested) {
    String target = stack.spec().mlflow.version;
    return backupTargets.entrySet().stream().filter(e -> e.getValue().equals(target)).map(Map.Entry::getKey)
        .reduce((first, last) -> last);
  }

  /** Every running backup ends: complete, or failed after {@link #failBackups()}. */
  void finishBackups() {
    backups.replaceAll((id, progress) -> progress.state() != BackupProgress.State.RUNNING ? progress
        : backupsFail ? BackupProgress.failed("the disk is full") : BackupProgress.complete());
  }

  /** Backups finished from now on fail. */
  void failBackups() {
    backupsFail = true;
  }

  @Override
  public String dataVolumeKey(Stack stack) {
    return "volume/" + StackNames.COMPONENT_STORAGE;
  }

  @Override
  public boolean unclearOutcome(RuntimeException failure) {
    return failure instanceof NoAnswer;
  }

  @Override
  public Optional<SyncResult> reportable(RuntimeException failure, Redactor redactor) {
    return Optional.empty();
  }

  /** The {@code n}th write from now is made and then fails; 0 disarms. */
  void unclearOutcomeAtWrite(int n, boolean lands) {
    unclearAt = n;
    unclearLands = lands;
  }

  void crashAfterWrites(int n) {
    crashAfter = n;
    crashWrite = n;
  }

  /** Every rollout finishes but those {@link #held}: each other service is ready. */
  void finishRollouts() {
    objects.getOrDefault("service", Map.of()).replaceAll((name, o) -> held.contains(name) ? o
        : new StoredObject(o.id(), o.owner(), o.fields(), READY));
  }

  Map<String, StoredObject> kind(String kind) {
    return objects.computeIfAbsent(kind, k -> new LinkedHashMap<>());
  }

  /** "service", "volume", "credentials" or "endpoint": the component's kind, named after its class. */
  static String kindOf(Component component) {
    return component.getClass().getSimpleName().replace("Component", "").toLowerCase();
  }

  static String idKey(Component component) {
    return kindOf(component) + "/" + component.key();
  }

  static String owner(Stack stack) {
    return stack.namespace() + "/" + stack.names().deployment();
  }

  private void write(Runnable change) {
    requests++;
    writes++;
    if (unclearAt > 0 && --unclearAt == 0) {
      if (unclearLands) {
        change.run();
      }
      throw new NoAnswer();
    }
    change.run();
    if (crashAfter > 0 && --crashAfter == 0) {
      throw new IllegalStateException("crashed after write " + crashWrite);
    }
  }

  private static DesiredStack outline(Stack stack) {
    return DesiredStackFactory.outline(stack.names().deployment(), stack.spec());
  }

  private static String objectName(Component component) {
    return kindOf(component) + "/" + component.name();
  }

  private static String host(StackNames names) {
    return names.proxy() + ".memory.test";
  }

  /** The component rendered generically: each of its record fields by name. */
  private static Map<String, Object> fields(Component component) {
    var fields = new LinkedHashMap<String, Object>();
    for (RecordComponent field : component.getClass().getRecordComponents()) {
      try {
        fields.put(field.getName(), field.getAccessor().invoke(component));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return fields;
  }

  /** A write sent without an answer: it may or may not have taken effect. */
  static final class NoAnswer extends RuntimeException {
    NoAnswer() {
      super("the write was sent but no answer came");
    }
  }
}
