package com.marketbars.ingest.support;

import org.sqlite.util.LibraryLoaderUtil;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The class path {@link ChildJvm} starts the product with, and the class-data-sharing archive that lets each child
 * start on less CPU, as {@code bin/market-bars-ingest} starts the packaged jar with the archive the build makes
 * (pom.xml, cds-archive). The suite starts dozens of children, many of them beside each other in the parallel forks,
 * and a child's start is CPU: a one-day backfill from the built-in
 * simulator took 2.8 s of CPU with the archive against 4.1-4.5 s without (2026-11-29).
 * <p>
 * Written here because JDK 17 cannot do it alone: it archives classes from jars only (a class path holding the
 * non-empty {@code target/classes} is refused at dump time) and has no {@code -XX:+AutoCreateSharedArchive}. So the
 * first child of a build packs {@code target/classes} into a jar and records a dynamic archive from the same training
 * backfill the build uses; the other forks wait on a file lock and reuse both while {@code target/classes}, the
 * dependencies and the JVM are unchanged. It also takes SQLite's native library out of sqlite-jdbc's jar, as the build
 * does for the launcher, so that children do not each copy it to /tmp (where a killed child leaves its copy). If
 * making them fails, children start from the plain class path, as before, and the reason is printed once.
 */
final class ChildClassPath {
    private static final Path DIR = Path.of("target", "child-jvm");
    private static final Path JAR = DIR.resolve("classes.jar");
    private static final Path ARCHIVE = DIR.resolve("classes.jsa");
    private static final Path STAMP = DIR.resolve("stamp");
    /** The stamp of the classes the last attempt failed with; absent once an attempt has worked. */
    private static final Path FAILED = DIR.resolve("failed");
    /** SQLite's native library, as the build puts it beside the jar for the launcher (pom.xml, sqlite-native). */
    private static final Path NATIVE = DIR.resolve("native");
    /** The training backfill's arguments, the build's own (pom.xml, cds-archive): an @-file for the product's picocli. */
    private static final Path TRAINING_ARGS = Path.of("src", "main", "cds", "training-backfill.args");
    private static List<String> jvmArgs;

    private ChildClassPath() {
    }

    /** {@code -cp PATH} of the test class path, preceded by the archive's and the library's flags when there are. */
    static synchronized List<String> jvmArgs() {
        if (jvmArgs == null) {
            jvmArgs = prepare(ChildJvm.testClassPath());
        }
        return jvmArgs;
    }

    /**
     * What a child and the training run that records the archive both start with: the classes an archive cannot hold
     * (picocli's, compiled for Java 5) are expected, not news; SQLite's library as the build puts it beside the jar.
     */
    private static List<String> sharedFlags() {
        return List.of("-Xlog:cds=off,cds+dynamic=off", "-Dorg.sqlite.lib.path=" + NATIVE.toAbsolutePath(),
                "-Dorg.sqlite.lib.name=" + LibraryLoaderUtil.getNativeLibName());
    }

    private static List<String> prepare(List<String> testClassPath) {
        List<String> plain = List.of("-cp", String.join(File.pathSeparator, testClassPath));
        // the main classes become a jar in their place; directories (the test classes) go after every jar, where a
        // dynamic archive allows entries it was not made with - so a test resource could no longer override a main one
        // of the same name for the children (src/test/resources holds only JUnit's own settings)
        Path classes = testClassPath.stream().map(Path::of)
                .filter(p -> Files.isDirectory(p) && p.getFileName().toString().equals("classes")).findFirst().orElse(null);
        if (classes == null) {
            return plain;
        }
        List<String> jars = new ArrayList<>(List.of(JAR.toAbsolutePath().toString()));
        List<String> dirs = new ArrayList<>();
        for (String e : testClassPath) {
            if (Path.of(e).equals(classes)) {
                continue;
            }
            (Files.isDirectory(Path.of(e)) ? dirs : jars).add(e);
        }
        String archived = String.join(File.pathSeparator, jars);
        String runtime = Stream.concat(jars.stream(), dirs.stream()).collect(Collectors.joining(File.pathSeparator));
        try {
            Files.createDirectories(DIR);
            try (FileChannel ch = FileChannel.open(DIR.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {   // one fork makes them; the others wait and reuse them
                String stamp = stamp(classes, archived);
                if (Files.exists(FAILED) && Files.readString(FAILED).equals(stamp)) {
                    // another fork tried with these very classes and failed: its reason was printed once, in its output
                    return plain;
                }
                if (!(Files.exists(ARCHIVE) && Files.exists(NATIVE.resolve(LibraryLoaderUtil.getNativeLibName())) && Files.exists(STAMP)
                        && Files.readString(STAMP).equals(stamp + jarTime()))) {
                    Files.deleteIfExists(STAMP);
                    Files.writeString(FAILED, stamp);   // until it has worked: no other fork tries again after a failure
                    makeJar(classes);
                    extractSqliteLibrary();
                    makeArchive(archived);
                    Files.writeString(STAMP, stamp + jarTime());
                    Files.delete(FAILED);
                }
            }
            List<String> args = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + ARCHIVE.toAbsolutePath()));
            args.addAll(sharedFlags());
            args.addAll(List.of("-cp", runtime));
            return List.copyOf(args);
        } catch (Exception e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            System.err.println("child JVMs start without a class-data-sharing archive: " + trace);
            return plain;
        }
    }

    /**
     * What the archive was made from: each main class file's name, size and time, the dependencies, the JVM and the
     * training backfill's arguments.
     */
    private static String stamp(Path classes, String archivedClassPath) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                sha.update((classes.relativize(f) + " " + a.size() + " " + a.lastModifiedTime().toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        sha.update(Files.readAllBytes(TRAINING_ARGS));
        sha.update((archivedClassPath + "\n" + System.getProperty("java.home") + " " + System.getProperty("java.vm.version"))
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The archive holds the jar's time and refuses a jar with another (a {@code touch} would disable it silently). */
    private static String jarTime() throws IOException {
        return Files.exists(JAR) ? " " + Files.getLastModifiedTime(JAR).toMillis() : "";
    }

    private static void makeJar(Path classes) throws IOException {
        Path tmp = DIR.resolve("classes.jar.tmp");
        Files.deleteIfExists(tmp);
        ToolProvider jar = ToolProvider.findFirst("jar").orElseThrow(() -> new IOException("no jar tool in this JDK"));
        StringWriter out = new StringWriter();
        int rc = jar.run(new PrintWriter(out), new PrintWriter(out), "--create", "--no-manifest", "--file", tmp.toString(),
                "-C", classes.toString(), ".");
        if (rc != 0) {
            throw new IOException("jar exited " + rc + ": " + out);
        }
        Files.move(tmp, JAR, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Out of sqlite-jdbc's jar, as the build does for the launcher; without it each child copies it to /tmp. */
    private static void extractSqliteLibrary() throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = LibraryLoaderUtil.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " in sqlite-jdbc's jar");
            }
            Files.createDirectories(NATIVE);
            Path tmp = NATIVE.resolve(LibraryLoaderUtil.getNativeLibName() + ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, NATIVE.resolve(LibraryLoaderUtil.getNativeLibName()), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The build's training backfill ({@link #TRAINING_ARGS}) into a fresh SQLite file records the classes a command loads. */
    private static void makeArchive(String archivedClassPath) throws Exception {
        Path training = DIR.resolve("training");
        if (Files.exists(training)) {
            try (Stream<Path> old = Files.walk(training)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(training);
        Path tmp = DIR.resolve("classes.jsa.tmp").toAbsolutePath();
        Files.deleteIfExists(tmp);
        List<String> cmd = new ArrayList<>(ChildJvm.java());
        cmd.add("-XX:ArchiveClassesAtExit=" + tmp);
        cmd.addAll(sharedFlags());
        cmd.addAll(List.of("-cp", archivedClassPath, "com.marketbars.ingest.Main", "@" + TRAINING_ARGS.toAbsolutePath(),
                "--set", "ingest.db.url=jdbc:sqlite:" + training.toAbsolutePath().resolve("market.db")));
        Path log = DIR.resolve("training.log");
        Process p = new ProcessBuilder(cmd).directory(training.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IOException("the training backfill did not end within 120 s (log " + log + ")");
        }
        if (p.exitValue() != 0 || !Files.exists(tmp)) {
            throw new IOException("the training backfill exited " + p.exitValue() + " (log " + log + ")");
        }
        Files.move(tmp, ARCHIVE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
