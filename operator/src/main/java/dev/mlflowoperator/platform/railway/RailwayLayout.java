package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.model.CredentialsComponent;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.Resources;
import dev.mlflowoperator.model.ScheduledJobComponent;
import dev.mlflowoperator.model.ServiceComponent;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Which Railway services one stack has, by component key, which of them mounts the volume (and where), which one the
 * public domain routes to (and on which port), and which one holds the credentials. Read from any DesiredStack, an
 * outline included, so it is known before the credentials and addresses: what observe and delete need.
 */
public record RailwayLayout(List<Slot> services, String volumeService, String mountPath, String domainService,
    int domainPort, String credentialsService, List<Job> jobs) {
  /** One service: its component key, its Railway name, and whether Railway limits its vCPU and memory. */
  public record Slot(String key, String name, boolean limited) {}

  /** A scheduled job, by component key, the service it runs inside, and how often. */
  public record Job(String key, String insideService, BackupKind schedule) {}

  public RailwayLayout {
    services = List.copyOf(services);
    jobs = List.copyOf(jobs);
  }

  public static RailwayLayout of(DesiredStack stack) {
    var volume = stack.volumes().get(0);
    var mounting = stack.services().stream()
        .filter(s -> s.mounts().stream().anyMatch(m -> m.volumeKey().equals(volume.key())))
        .findFirst().orElseThrow(() -> new IllegalStateException("no service mounts the volume " + volume.key()));
    String mountPath = mounting.mounts().stream().filter(m -> m.volumeKey().equals(volume.key())).findFirst()
        .orElseThrow().path();
    var endpoint = stack.endpoint();
    return new RailwayLayout(
        stack.services().stream().map(s -> new Slot(s.key(), s.name(), limited(s))).toList(),
        mounting.key(), mountPath, endpoint.serviceKey(), endpoint.port(),
        stack.all(CredentialsComponent.class).get(0).usedBy(),
        stack.all(ScheduledJobComponent.class).stream().map(RailwayLayout::job).toList());
  }

  /** Railway has no scheduled job that shares a volume: a job runs inside the service it runs beside. */
  private static Job job(ScheduledJobComponent job) {
    if (job.runsBeside() == null) {
      throw new IllegalArgumentException("no Railway rendering for the job " + job.key()
          + ", which runs beside no service");
    }
    return new Job(job.key(), job.runsBeside(), job.schedule());
  }

  /** Railway has only limits: a service gets them when its resources have both a cpu and a memory limit. */
  static boolean limited(ServiceComponent service) {
    Resources resources = service.resources();
    return resources != null && resources.cpuLimit() != null && resources.memoryLimit() != null;
  }

  public Slot service(String key) {
    return services.stream().filter(s -> s.key().equals(key)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no service " + key));
  }

  /** The service of ours with this Railway name, if it is one. */
  public Optional<Slot> named(String name) {
    return services.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The Railway name of a component's service. */
  public String nameOf(String key) {
    return service(key).name();
  }
}
