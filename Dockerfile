# The operator image: mlflowctl on a Java 17 runtime, as a non-root user.
# Build the jar first (mvn -B package -DskipTests), then: docker build -t mlflow-operator:0.1.0 .
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 mlflow && useradd --system --uid 10001 --gid mlflow --no-create-home mlflow
COPY operator/target/mlflowctl.jar /app/mlflowctl.jar
USER 10001:10001
EXPOSE 8081
# The launcher's operator flags: the serial GC and a heap of 28% of the container's memory limit (108 MB of the
# manifests' 384Mi holds a thousand resources), a sixth of it young, small stacks, code cache and metaspace, C1 only
# (C2 compiling cost more CPU than it saved), glibc's arenas capped and its heap trimmed every 5 s; /tmp is the only
# writable place (an emptyDir in the manifests).
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=28", "-XX:NewRatio=5", "-Xss512k", \
    "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=96m", "-XX:CICompilerCount=2", "-XX:TieredStopAtLevel=1", \
    "-XX:TrimNativeHeapInterval=5000", "-Djava.io.tmpdir=/tmp", "-jar", "/app/mlflowctl.jar"]
CMD ["operator"]
