package com.marketbars.ingest.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own - initdb in a temporary directory, on a free port of 127.0.0.1 - which the
 * test may stop, start and restart as an operator or a failover would, without touching the shared server at :5432
 * that other builds use. It needs the Debian PostgreSQL binaries and a way to run them as the {@code postgres} user
 * (root with {@code runuser}); where that is missing the calling test is skipped, saying why.
 */
public final class PrivatePostgres implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;

    private PrivatePostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** A new cluster, started. Skips the calling test when this machine cannot run one. */
    public static PrivatePostgres start() throws Exception {
        Path bin = binaries();
        Assumptions.assumeTrue(bin != null, "no PostgreSQL server binaries under /usr/lib/postgresql: the restart spec is skipped");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
                "not root with runuser: cannot run a private PostgreSQL server as the postgres user; the restart spec is skipped");
        Path dir = Files.createTempDirectory("ingest-private-pg");
        run(List.of("chown", "postgres", dir.toString()), false);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrivatePostgres pg = new PrivatePostgres(bin, dir, port);
        pg.asPostgres(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "postgres",
                "--no-sync", "-E", "UTF8"));
        pg.start(true);
        return pg;
    }

    /** A JDBC URL of its {@code postgres} database, with these extra parameters ("&k=v..."). */
    public String url(String extra) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres" + extra;
    }

    public void start(boolean wait) throws Exception {
        asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", wait ? "-w" : "-W", "start"));
    }

    /** Stops the server as {@code pg_ctl stop -m fast} does on a service stop or restart: its sessions are terminated. */
    public void stop() throws Exception {
        asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
    }

    public boolean answers() {
        try (Connection c = DriverManager.getConnection(url("&connectTimeout=2"))) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } catch (Exception ignored) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void asPostgres(List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
        cmd.addAll(command);
        run(cmd, true);
    }

    private static void run(List<String> cmd, boolean check) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not end");
        }
        if (check && p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
        }
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> b.getParent().getFileName().toString())).orElse(null);
        }
    }
}
