package dev.mlflowoperator.bench;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.reconcile.MockCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The operator at scale: N MlflowDeployments on Fabric8's mock API server (CRUD mode, in this JVM), the operator in a
 * JVM of its own started as {@code mlflowctl operator} with the flags the launcher gives it, a simulated kubelet
 * here marking Deployments available and PVCs bound. Prints, for each N, the time from the last create to all Synced
 * and all Ready, the operator's API requests (counted at the mock's dispatcher by user agent) in total and per
 * resource, its reconciles per resource (its /metrics), its requests while idle, drift repair times, and its CPU time
 * and RSS from /proc. Run: {@code mvn -B -pl operator -am -Pbench-operator -DskipTests verify}; the sizes may be
 * given as {@code -Dbench.sizes=100,300,1000}.
 */
public final class OperatorScaleBenchmark {
  private static final String NS = "bench";
  private static final String BENCH_AGENT = "mlflow-operator-bench";
  /** The launcher's flags for {@code mlflowctl operator}, unless -Dbench.operator.jvm gives others. */
  private static final String OPERATOR_JVM = System.getProperty("bench.operator.jvm", "").isBlank()
      ? "-XX:+UseSerialGC -Xmx108m -XX:NewRatio=5 -Xss512k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m"
          + " -XX:CICompilerCount=2 -XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=5000"
      : System.getProperty("bench.operator.jvm");
  private static final Duration IDLE = Duration.ofSeconds(Long.getLong("bench.idle.seconds", 30));
  private static final int DRIFT_REPAIRS = 5;
  /** How long to wait for all resources to be Synced, then Ready; -Dbench.limit.minutes for a loaded machine. */
  private static final Duration LIMIT = Duration.ofMinutes(Long.getLong("bench.limit.minutes", 5));

  private OperatorScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "100,300,1000").split(","))
        .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    System.out.println("operator JVM: " + OPERATOR_JVM);
    var rows = new ArrayList<String>();
    for (int n : sizes) {
      rows.add(run(n));
    }
    System.out.println();
    System.out.println("| resources | all Synced | all Ready | API requests | per resource | reconciles per resource"
        + " | requests idle " + IDLE.toSeconds() + " s | drift repair (deleted Deployment / changed image), max"
        + " | operator CPU | RSS after / peak |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.exit(0);
  }

  private static String run(int n) throws Exception {
    double benchCpuBefore = ProcessStats.of(ProcessHandle.current().pid()).cpuSeconds();
    var counter = new AtomicLong();
    var dispatcher = new java.util.concurrent.atomic.AtomicReference<CountingDispatcher>();
    try (var cluster = MockCluster.start(responses -> {
      dispatcher.set(new CountingDispatcher(responses, counter));
      return dispatcher.get();
    });
         var bench = new KubernetesClientBuilder().withConfig(new ConfigBuilder(cluster.client.getConfiguration())
             .withUserAgent(BENCH_AGENT).withRequestTimeout(60_000).build()).build()) {
      var dir = Files.createTempDirectory("operator-bench");
      var kubeconfig = cluster.writeKubeconfig(dir, NS);
      int port = freePort();
      var kubelet = new Kubelet(bench);
      var resources = bench.resources(MlflowDeployment.class).inNamespace(NS).inform();
      var operator = startOperator(kubeconfig, port, dir);
      try {
        awaitMetrics(port);
        long before = counter.get();
        double reconcilesBefore = reconciles(port);
        var pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < n; i++) {
          String name = "mlflow-" + i;
          pool.submit(() -> bench.resource(deployment(name)).create());
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        long lastCreate = System.nanoTime();
        double synced = awaitAll(resources, n, lastCreate, r -> condition(r, "Synced"));
        double ready = awaitAll(resources, n, lastCreate, r -> condition(r, "Ready"));
        // Let the last events of the convergence drain before the idle window.
        Thread.sleep(5_000);
        long converge = counter.get() - before;
        double reconcilesPer = (reconciles(port) - reconcilesBefore) / n;
        long idleStart = counter.get();
        Thread.sleep(IDLE.toMillis());
        long idle = counter.get() - idleStart;
        // A run that did not converge within the limit (a busy machine) still prints what it measured.
        String drift = Double.isNaN(ready) ? "not all Ready" : driftRepairs(bench, n);
        var proc = ProcessStats.of(operator.pid());
        String row = String.format("| %,d | %.1f s | %.1f s | %,d | %.1f | %.2f | %d | %s | %.1f s | %d / %d MB |",
            n, synced, ready, converge, (double) converge / n, reconcilesPer, idle, drift, proc.cpuSeconds(),
            proc.rssMb(), proc.peakRssMb());
        System.out.println(row);
        System.out.println("  per resource, whole run: " + dispatcher.get().breakdown(n));
        System.out.println("  operator CPU by thread: " + ProcessStats.byThread(operator.pid()));
        System.out.printf("  this JVM (mock API server, kubelet, creates) CPU since the start of N: %.1f s; by thread: %s%n",
            ProcessStats.of(ProcessHandle.current().pid()).cpuSeconds() - benchCpuBefore,
            ProcessStats.byThread(ProcessHandle.current().pid()));
        return row;
      } finally {
        operator.destroy();
        operator.waitFor(10, TimeUnit.SECONDS);
        operator.destroyForcibly();
        resources.close();
        kubelet.close();
      }
    }
  }

  /** Deletes an MLflow Deployment, then changes one's image, each a few times, and times until it is put back. */
  private static String driftRepairs(KubernetesClient bench, int n) throws InterruptedException {
    var deployments = bench.apps().deployments().inNamespace(NS);
    double deleted = 0;
    double image = 0;
    for (int i = 0; i < DRIFT_REPAIRS; i++) {
      String name = new StackNames("mlflow-" + (n - 1 - i)).mlflow();
      String uid = deployments.withName(name).get().getMetadata().getUid();
      long start = System.nanoTime();
      deployments.withName(name).withTimeout(30, TimeUnit.SECONDS).delete();
      deleted = Math.max(deleted, await(start, () -> {
        var d = deployments.withName(name).get();
        return d != null && !uid.equals(d.getMetadata().getUid());
      }));
      String original = image(deployments.withName(name).get());
      start = System.nanoTime();
      tamperImage(deployments.withName(name));
      image = Math.max(image, await(start, () -> original.equals(image(deployments.withName(name).get()))));
    }
    return String.format("%.2f s / %.2f s", deleted, image);
  }

  /** Changes the image, again when the simulated kubelet wrote the Deployment's status in between. */
  private static void tamperImage(Resource<Deployment> deployment) {
    while (true) {
      try {
        deployment.edit(d -> {
          d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("example.org/tampered:1");
          return d;
        });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
  }

  private static String image(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private static double await(long start, java.util.function.BooleanSupplier done) throws InterruptedException {
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - start > LIMIT.toNanos()) {
        return Double.NaN;
      }
      Thread.sleep(20);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double awaitAll(SharedIndexInformer<MlflowDeployment> resources, int n, long since,
      Predicate<MlflowDeployment> done) throws InterruptedException {
    while (resources.getStore().list().stream().filter(done).count() < n) {
      if (System.nanoTime() - since > LIMIT.toNanos()) {
        System.out.printf("  only %d of %d after %s%n", resources.getStore().list().stream().filter(done).count(), n,
            LIMIT);
        return Double.NaN;
      }
      Thread.sleep(100);
    }
    return (System.nanoTime() - since) / 1e9;
  }

  private static boolean condition(MlflowDeployment resource, String type) {
    var status = resource.getStatus();
    return status != null && status.conditions.stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static MlflowDeployment deployment(String name) {
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.KUBERNETES;
    resource.setSpec(spec);
    return resource;
  }

  private static Process startOperator(Path kubeconfig, int port, Path dir) throws IOException {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(OPERATOR_JVM.trim().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.mlflowoperator.cli.MlflowCtl",
        "operator", "--health-port", String.valueOf(port)));
    var builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("operator.log").toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    // As the launcher and the image do: glibc's malloc arenas, one per thread by default, hold memory the JVM freed.
    builder.environment().put("MALLOC_ARENA_MAX", System.getProperty("bench.malloc.arenas", "2"));
    return builder.start();
  }

  private static void awaitMetrics(int port) throws InterruptedException {
    long start = System.nanoTime();
    while (true) {
      try {
        reconciles(port);
        return;
      } catch (IOException e) {
        if (System.nanoTime() - start > Duration.ofSeconds(60).toNanos()) {
          throw new IllegalStateException("the operator did not start within 60 s", e);
        }
        Thread.sleep(200);
      }
    }
  }

  /** The reconciles the operator started, from its /metrics. */
  private static double reconciles(int port) throws IOException, InterruptedException {
    var response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("/metrics answered " + response.statusCode());
    }
    return response.body().lines().filter(l -> l.startsWith("operator_sdk_reconciliations_started_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Counts the requests of every client but the benchmark's own (the operator's), in total and by kind. */
  static final class CountingDispatcher extends KubernetesMixedDispatcher {
    private final AtomicLong counter;
    private final Map<String, AtomicLong> byKind = new ConcurrentSkipListMap<>();

    CountingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses, AtomicLong counter) {
      super(responses);
      this.counter = counter;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (!BENCH_AGENT.equals(request.getHeader("User-Agent"))) {
        counter.incrementAndGet();
        byKind.computeIfAbsent(kind(request), k -> new AtomicLong()).incrementAndGet();
      }
      return super.dispatch(request);
    }

    /** "METHOD resource[/subresource]", a GET of one object told from a LIST or a watch. */
    private static String kind(RecordedRequest request) {
      String path = request.getPath();
      String query = path.contains("?") ? path.substring(path.indexOf('?')) : "";
      String[] parts = path.replaceAll("\\?.*", "").split("/");
      int ns = Arrays.asList(parts).indexOf("namespaces");
      String resource = ns >= 0 && parts.length > ns + 2 ? parts[ns + 2] : parts[parts.length - 1];
      boolean named = ns >= 0 && parts.length > ns + 3;
      String sub = ns >= 0 && parts.length > ns + 4 ? "/" + parts[ns + 4] : "";
      String method = request.getMethod();
      if ("GET".equals(method)) {
        method = query.contains("watch=true") ? "WATCH" : named ? "GET" : "LIST";
      }
      return method + " " + resource + sub;
    }

    /** Per resource, the kinds of request that made up at least 0.1 each. */
    String breakdown(int n) {
      var line = new StringBuilder();
      byKind.forEach((kind, count) -> {
        if (count.get() >= n / 10) {
          line.append(String.format("%s %.1f; ", kind, (double) count.get() / n));
        }
      });
      return line.toString();
    }
  }

  /** Plays the Deployment controller and the volume binder: every Deployment available, every PVC bound. */
  static final class Kubelet implements AutoCloseable {
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private final SharedIndexInformer<Deployment> deployments;
    private final SharedIndexInformer<PersistentVolumeClaim> claims;

    Kubelet(KubernetesClient client) {
      deployments = client.apps().deployments().inNamespace(NS).inform(handler(d -> {
        var status = d.getStatus();
        if (status != null && status.getAvailableReplicas() != null
            && Objects.equals(status.getObservedGeneration(), d.getMetadata().getGeneration())) {
          return;
        }
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1)
            .addNewCondition().withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
            .endCondition().build());
        client.resource(d).updateStatus();
      }));
      claims = client.persistentVolumeClaims().inNamespace(NS).inform(handler(c -> {
        if (c.getStatus() == null || !"Bound".equals(c.getStatus().getPhase())) {
          c.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound").build());
          client.resource(c).updateStatus();
        }
      }));
    }

    private <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> mark) {
      return new ResourceEventHandler<>() {
        @Override
        public void onAdd(T object) {
          writer.submit(() -> guarded(mark, object));
        }

        @Override
        public void onUpdate(T previous, T object) {
          writer.submit(() -> guarded(mark, object));
        }

        @Override
        public void onDelete(T object, boolean unknown) {}
      };
    }

    private static <T> void guarded(java.util.function.Consumer<T> mark, T object) {
      try {
        mark.accept(object);
      } catch (RuntimeException e) {
        // A conflict: the object changed meanwhile; its next event marks it again.
      }
    }

    @Override
    public void close() {
      deployments.close();
      claims.close();
      writer.shutdownNow();
    }
  }

  /** The operator process's CPU time and memory, from /proc. */
  record ProcessStats(double cpuSeconds, long rssMb, long peakRssMb) {
    static ProcessStats of(long pid) throws IOException {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
      long rss = 0;
      long peak = 0;
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kilobytes(line) / 1024;
        } else if (line.startsWith("VmHWM:")) {
          peak = kilobytes(line) / 1024;
        }
      }
      return new ProcessStats(ticks / 100.0, rss, peak);
    }

    /**
     * The CPU seconds of the process's live threads grouped by name (digits folded, names as the kernel keeps them,
     * 15 characters), largest first, and what threads that already ended used ("ended").
     */
    static String byThread(long pid) throws IOException {
      var groups = new TreeMap<String, Double>();
      double live = 0;
      try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
        for (Path task : tasks.toList()) {
          String stat;
          try {
            stat = Files.readString(task.resolve("stat"));
          } catch (IOException ended) {
            continue;
          }
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
          groups.merge(name, seconds, Double::sum);
          live += seconds;
        }
      }
      groups.put("ended", of(pid).cpuSeconds() - live);
      var text = new StringBuilder();
      groups.entrySet().stream().filter(e -> e.getValue() >= 0.05)
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(e -> text.append(String.format("%s %.1f s; ", e.getKey(), e.getValue())));
      return text.toString();
    }

    private static long kilobytes(String line) {
      return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
  }
}
