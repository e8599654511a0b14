# Fixline's image, built from the sources: `docker compose up --build` (or `docker build -t fixline .`)
# needs no Maven or Java on the host. The build and the tests never need Docker.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The wrapper and the POM first, so that the dependencies stay in a cached layer while sources change.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
COPY processes processes
COPY samples samples
RUN ./mvnw -B -ntp -q -DskipTests package && cp target/fixline-*.jar /fixline.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /app --shell /usr/sbin/nologin fixline \
    && mkdir -p /app/data/inbox && chown -R fixline /app
WORKDIR /app
COPY --from=build /fixline.jar /app/fixline.jar
COPY samples /app/samples
USER fixline
EXPOSE 8080
# An OutOfMemoryError ends the process, so that the container is restarted instead of lingering half-alive.
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=75", "-jar", "/app/fixline.jar"]
