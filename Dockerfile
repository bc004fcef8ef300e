# The operator image: mlflowctl on a Java 17 runtime, as a non-root user.
# Build the jar first (mvn -B package -DskipTests), then: docker build -t mlflow-operator:0.1.0 .
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 mlflow && useradd --system --uid 10001 --gid mlflow --no-create-home mlflow
COPY operator/target/mlflowctl.jar /app/mlflowctl.jar
USER 10001:10001
EXPOSE 8081
# A heap sized to the container's memory limit; /tmp is the only writable place (an emptyDir in the manifests).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Djava.io.tmpdir=/tmp", "-jar", "/app/mlflowctl.jar"]
CMD ["operator"]
