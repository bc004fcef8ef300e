package dev.mlflowoperator.platform.railway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlflowoperator.railway.GraphqlAnswer;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.RailwayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One token's shared observation: reads the ObserveStack of many deployments in one ObserveStacks request (each
 * deployment's fields under its own alias prefix, {@code d0_}, {@code d1_}, ..., at most {@code batchSize} per
 * request) and hands each deployment its part once. A part is used only by a reconcile whose recorded IDs are the ones
 * it was read with and that wrote nothing since it was read; a deployment whose part failed (a project or volume
 * instance gone, not authorized) gets none and observes with its own requests, which know how to recover. Reads
 * ahead when asked ({@link #readAhead}: a pass of {@code mlflowctl run}, {@code apply -f DIR}); with a
 * {@code maxAge}, also when a reconcile finds no part (the operator), then with every registered deployment whose
 * last read is older than that. Concurrent callers wait for the read in flight.
 */
public final class RailwayObserver {
  /** Deployments per ObserveStacks request unless set otherwise; see docs/railway-target.md. */
  public static final int DEFAULT_BATCH_SIZE = 20;
  /** How many times a batch is sent again without the deployments whose fields failed (Railway nulls all data). */
  private static final int ROUNDS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(RailwayObserver.class);

  private final GraphqlExecutor api;
  private final int batchSize;
  private final Clock clock;
  private final Optional<Duration> maxAge;
  private final Map<String, ObserveRequest> registered = new HashMap<>();
  private final Map<String, Part> parts = new HashMap<>();
  private final Map<String, Instant> lastRead = new HashMap<>();
  private final Map<String, Long> writes = new HashMap<>();
  private final ProjectDirectory projects = new ProjectDirectory();

  /** What one deployment's ObserveStack reads: its recorded IDs and which services have limits. */
  public record ObserveRequest(String projectId, String environmentId, String volumeInstanceId,
      Map<String, String> services, Set<String> limited) {
    public ObserveRequest {
      services = Map.copyOf(services);
      limited = Set.copyOf(limited);
    }

    /** The request for these IDs; empty while the project or environment is not known (found by name first). */
    static Optional<ObserveRequest> of(RailwayLayout layout, RailwayIds ids) {
      if (ids.get(RailwayIds.PROJECT) == null || ids.get(RailwayIds.ENVIRONMENT) == null) {
        return Optional.empty();
      }
      var services = new TreeMap<String, String>();
      var limited = new HashSet<String>();
      for (var service : layout.services()) {
        String id = ids.service(service.key());
        if (id != null) {
          services.put(service.key(), id);
          if (service.limited()) {
            limited.add(service.key());
          }
        }
      }
      return Optional.of(new ObserveRequest(ids.get(RailwayIds.PROJECT), ids.get(RailwayIds.ENVIRONMENT),
          ids.get(RailwayIds.VOLUME_INSTANCE), services, limited));
    }

    StackDocuments document(String prefix) {
      var document = StackDocuments.observe(projectId, environmentId, prefix);
      if (volumeInstanceId != null) {
        document.readBackups(volumeInstanceId);
      }
      services.forEach((component, id) -> document.readService(component, id, limited.contains(component)));
      return document;
    }
  }

  /** A deployment's part of an answer, the request it answers, when it was read and the deployment's writes then. */
  private record Part(ObserveRequest request, JsonNode data, Instant readAt, long writes) {}

  /**
   * @param batchSize deployments per request, at least 1
   * @param maxAge when set, a part older than this is not used, and a reconcile that finds none reads every
   *     registered deployment last read longer ago than this (the operator's resync interval)
   */
  public RailwayObserver(GraphqlExecutor api, int batchSize, Clock clock, Optional<Duration> maxAge) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    this.api = api;
    this.batchSize = batchSize;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** The token's projects, for the deployments that look for theirs by name. */
  public ProjectDirectory projects() {
    return projects;
  }

  /** Requests one pass over {@code deployments} costs: one per batch. */
  public static int requestsPerPass(int deployments, int batchSize) {
    return Math.max(1, (deployments + batchSize - 1) / batchSize);
  }

  public int batchSize() {
    return batchSize;
  }

  /**
   * Registers these deployments (key to request) and reads them now, in batches; what an earlier read left unused
   * (a reconcile that stopped before it observed) is dropped. A single one is left to its own request (the same one
   * request, under its usual name).
   */
  public synchronized void readAhead(Map<String, ObserveRequest> deployments) {
    registered.putAll(deployments);
    deployments.keySet().forEach(parts::remove);
    var toRead = List.copyOf(deployments.keySet());
    if (toRead.size() < 2) {
      return;
    }
    for (int from = 0; from < toRead.size(); from += batchSize) {
      read(toRead.subList(from, Math.min(toRead.size(), from + batchSize)));
    }
  }

  /**
   * The part read for {@code key} with exactly {@code request}, used once; empty when there is none: the caller
   * observes with its own requests. With a maxAge, a miss first reads a batch of this deployment and those due.
   */
  public synchronized Optional<JsonNode> take(String key, ObserveRequest request) {
    registered.put(key, request);
    var part = usable(key, request);
    if (part.isEmpty() && maxAge.isPresent()) {
      var due = new ArrayList<String>();
      due.add(key);
      registered.keySet().stream()
          .filter(other -> !other.equals(key) && usable(other, registered.get(other)).isEmpty() && isDue(other))
          .sorted(Comparator.comparing(other -> lastRead.getOrDefault(other, Instant.MIN)))
          .limit(batchSize - 1L)
          .forEach(due::add);
      if (due.size() > 1) {
        read(due);
        part = usable(key, request);
      }
    }
    parts.remove(key);
    lastRead.put(key, clock.instant());
    return part.map(Part::data);
  }

  /** The deployment is about to write or has written: nothing read before is used for it. */
  public synchronized void wrote(String key) {
    writes.merge(key, 1L, Long::sum);
    parts.remove(key);
  }

  /** The deployment is deleted or no longer run: it is not read any more. */
  public synchronized void forget(String key) {
    registered.remove(key);
    parts.remove(key);
    lastRead.remove(key);
    writes.remove(key);
  }

  private Optional<Part> usable(String key, ObserveRequest request) {
    return Optional.ofNullable(parts.get(key))
        .filter(part -> part.request().equals(request))
        .filter(part -> part.writes() == writes.getOrDefault(key, 0L))
        .filter(part -> maxAge.map(age -> !part.readAt().plus(age).isBefore(clock.instant())).orElse(true));
  }

  private boolean isDue(String key) {
    Instant read = lastRead.get(key);
    return read == null || read.plus(maxAge.orElseThrow()).compareTo(clock.instant()) <= 0;
  }

  /**
   * One ObserveStacks for these deployments; the ones a field error names are left out and the rest sent again when
   * Railway's answer has no data (a failed non-null field nulls all of it), at most {@value #ROUNDS} times.
   */
  private void read(List<String> keys) {
    var pending = new ArrayList<>(keys);
    for (int round = 0; round < ROUNDS && !pending.isEmpty(); round++) {
      Instant readAt = clock.instant();
      var prefixes = new LinkedHashMap<String, String>();
      var documents = new ArrayList<StackDocuments>();
      for (int i = 0; i < pending.size(); i++) {
        String prefix = "d" + i + "_";
        prefixes.put(prefix, pending.get(i));
        documents.add(registered.get(pending.get(i)).document(prefix));
      }
      var before = new HashMap<String, Long>();
      pending.forEach(key -> before.put(key, writes.getOrDefault(key, 0L)));
      GraphqlAnswer answer;
      try {
        answer = StackDocuments.batch(documents).query(api);
      } catch (RailwayException e) {
        LOG.debug("ObserveStacks of {} deployments failed; each observes on its own: {}", pending.size(), e.getMessage());
        return;
      }
      pending.forEach(key -> lastRead.put(key, readAt));
      var failed = new HashSet<String>();
      for (var error : answer.errors()) {
        String prefix = error.field().substring(0, error.field().indexOf('_') + 1);
        String key = prefixes.get(prefix);
        if (key == null) {
          LOG.debug("ObserveStacks: an error outside any deployment's fields; each observes on its own: {}",
              error.error().getMessage());
          return;
        }
        failed.add(key);
      }
      if (answer.data() != null) {
        prefixes.forEach((prefix, key) -> {
          if (!failed.contains(key)) {
            parts.put(key, new Part(registered.get(key), partOf(answer.data(), prefix), readAt, before.get(key)));
          }
        });
        return;
      }
      if (failed.isEmpty()) {
        return;
      }
      pending.removeAll(failed);
    }
  }

  /** The fields under {@code prefix}, without it: what that deployment's own ObserveStack would have answered. */
  private static JsonNode partOf(JsonNode data, String prefix) {
    ObjectNode part = JsonNodeFactory.instance.objectNode();
    data.fields().forEachRemaining(field -> {
      if (field.getKey().startsWith(prefix)) {
        part.set(field.getKey().substring(prefix.length()), field.getValue());
      }
    });
    return part;
  }
}
