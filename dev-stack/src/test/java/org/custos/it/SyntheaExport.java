package org.custos.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.custos.devstack.Artifacts;

/**
 * Realistic FHIR R4 test data: a Synthea export (transaction bundles), generated with a fixed seed and reference date
 * so that every run and every machine gets the same patients, byte for byte. Generated on first use by Synthea in a
 * child JVM - its classpath resolved by the build into {@code dev-stack/target/synthea.classpath}, never on the
 * tests' classpath (it brings its own HAPI FHIR 6.1) - and cached outside {@code target/} so that {@code mvn clean}
 * keeps it: {@code ~/.cache/custos/synthea/}, or the folder in system property {@code custos.synthea.cache}.
 * Never committed. Ten patients with full history take about 20 s to generate: about 36,000 resources, 118 MB.
 */
public final class SyntheaExport {

    public static final long SEED = 12345;
    /** Reference and end date of the simulation: without them, ages and records would depend on the day of the run. */
    public static final String REFERENCE_DATE = "20250101";
    /** Written last, listing the bundles in load order: a folder without it is incomplete. */
    private static final String MANIFEST = "bundles.txt";
    private static final Pattern SYNTHEA_JAR = Pattern.compile("synthea-(\\d[^/\\\\]*)\\.jar");
    private static final Duration GENERATION_TIMEOUT = Duration.ofMinutes(15);

    private SyntheaExport() {
    }

    /**
     * The bundles of {@code patients} living patients with their whole history (about 3,600 resources each), in load
     * order: the hospital bundle (Organization, Location), the practitioner bundle (Practitioner, PractitionerRole),
     * both batches with conditional creates, then one transaction per patient, whose references to organizations,
     * locations and practitioners are conditional ({@code Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|...}).
     */
    public static List<Path> bundles(int patients) {
        return bundles(patients, 0);
    }

    /** As {@link #bundles(int)}, keeping only the last {@code yearsOfHistory} years of each record (0: all of it). */
    public static synchronized List<Path> bundles(int patients, int yearsOfHistory) {
        if (patients < 1 || yearsOfHistory < 0) {
            throw new IllegalArgumentException("patients >= 1 and yearsOfHistory >= 0 expected");
        }
        try {
            List<String> classpath = classpath();
            String name = "synthea-" + version(classpath) + "-seed" + SEED + "-" + REFERENCE_DATE
                    + "-p" + patients + "-y" + yearsOfHistory;
            Path cacheRoot = cacheRoot();
            Path export = cacheRoot.resolve(name);
            if (!Files.exists(export.resolve(MANIFEST))) {
                Files.createDirectories(cacheRoot);
                removeAbandoned(cacheRoot, name);
                generate(classpath, patients, yearsOfHistory, cacheRoot, export);
            }
            return Files.readAllLines(export.resolve(MANIFEST)).stream()
                    .filter(line -> !line.isBlank())
                    .map(export.resolve("fhir")::resolve)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Synthea export failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while Synthea was generating", e);
        }
    }

    private static void generate(List<String> classpath, int patients, int yearsOfHistory, Path cacheRoot, Path export)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(cacheRoot, export.getFileName() + ".partial-");
        Path log = work.resolve("synthea.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-XX:-UsePerfData",
                // Timestamps are written in the JVM's zone.
                "-Duser.timezone=UTC", "-Duser.language=en", "-Duser.country=US",
                "-cp", String.join(File.pathSeparator, classpath),
                "App",
                "-s", Long.toString(SEED), "-cs", Long.toString(SEED),
                "-r", REFERENCE_DATE, "-e", REFERENCE_DATE,
                "-p", Integer.toString(patients),
                // One thread: with more, patients share random state in the order they finish (not reproducible).
                "--generate.thread_pool_size=1",
                "--generate.only_alive_patients=true",
                "--exporter.baseDirectory=" + work,
                "--exporter.years_of_history=" + yearsOfHistory,
                "--exporter.fhir.export=true",
                "--exporter.fhir.transaction_bundle=true",
                "--exporter.fhir.bulk_data=false",
                "--exporter.hospital.fhir.export=true",
                "--exporter.practitioner.fhir.export=true"));
        for (String off : List.of("fhir_stu3", "fhir_dstu2", "hospital.fhir_stu3", "hospital.fhir_dstu2",
                "practitioner.fhir_stu3", "practitioner.fhir_dstu2", "groups.fhir", "ccda", "csv", "cpcds", "bfd",
                "cdw", "text", "clinical_note", "json", "symptoms.csv", "symptoms.text", "metadata")) {
            command.add("--exporter." + off + ".export=false");
        }
        System.out.println("Generating Synthea export " + export.getFileName() + " (log: " + log + ")");
        Instant start = Instant.now();
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(GENERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("Synthea did not finish in " + GENERATION_TIMEOUT + ", see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Synthea exited with " + process.exitValue() + ", see " + log);
        }

        List<String> hospitals = new ArrayList<>();
        List<String> practitioners = new ArrayList<>();
        List<String> patientBundles = new ArrayList<>();
        try (Stream<Path> files = Files.list(work.resolve("fhir"))) {
            for (String file : files.map(p -> p.getFileName().toString()).sorted().toList()) {
                if (file.startsWith("hospitalInformation")) {
                    hospitals.add(file);
                } else if (file.startsWith("practitionerInformation")) {
                    practitioners.add(file);
                } else if (file.endsWith(".json")) {
                    patientBundles.add(file);
                }
            }
        }
        if (hospitals.size() != 1 || practitioners.size() != 1 || patientBundles.size() != patients) {
            throw new IllegalStateException("Unexpected Synthea output: " + hospitals + practitioners
                    + patientBundles.size() + " patient bundles for " + patients + " patients, see " + log);
        }
        List<String> loadOrder = new ArrayList<>(hospitals);
        loadOrder.addAll(practitioners);
        loadOrder.addAll(patientBundles);
        Files.write(work.resolve(MANIFEST), loadOrder);
        try {
            Files.move(work, export, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
            // Another build generated the same export meanwhile: same seed, same files, keep theirs.
            if (!Files.exists(export.resolve(MANIFEST))) {
                throw e;
            }
            deleteRecursively(work);
        }
        System.out.println("Synthea export generated in " + Duration.between(start, Instant.now()).toSeconds() + " s: "
                + export);
    }

    /** The jars Maven resolved for Synthea (exec-maven-plugin execution synthea-classpath in dev-stack/pom.xml). */
    private static List<String> classpath() throws IOException {
        String configured = System.getProperty("custos.synthea.classpath");
        Path file = configured != null
                ? Path.of(configured)
                : Artifacts.fromBuild().projectRoot().resolve("dev-stack/target/synthea.classpath");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " missing: run 'mvn -pl dev-stack generate-test-resources' first");
        }
        String content = Files.readString(file).strip();
        return List.of(content.split(Pattern.quote(File.pathSeparator)));
    }

    private static String version(List<String> classpath) {
        for (String entry : classpath) {
            Matcher matcher = SYNTHEA_JAR.matcher(Path.of(entry).getFileName().toString());
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        throw new IllegalStateException("No synthea jar on Synthea's classpath: " + classpath);
    }

    private static Path cacheRoot() {
        String configured = System.getProperty("custos.synthea.cache");
        return configured != null
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "custos", "synthea");
    }

    /** Partial folders of runs that were killed (an hour is far longer than any generation takes). */
    private static void removeAbandoned(Path cacheRoot, String name) throws IOException {
        Instant cutoff = Instant.now().minus(Duration.ofHours(1));
        try (Stream<Path> entries = Files.list(cacheRoot)) {
            for (Path partial : entries.filter(p -> p.getFileName().toString().startsWith(name + ".partial-")).toList()) {
                if (Files.getLastModifiedTime(partial).toInstant().isBefore(cutoff)) {
                    deleteRecursively(partial);
                }
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
