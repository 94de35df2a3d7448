package com.marketbars.ingest.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A small file that says, while an ingest process rides out an outage of its database, since when and why - so that
 * {@code status}, a process of its own that may not reach the database either, can say "database unavailable since
 * ..." too. Beside a SQLite file ({@code market.db.outage}); for PostgreSQL in the temporary directory, named by the
 * server and database. Written when an outage begins, deleted when it ends.
 */
public final class OutageMarker {
    private static final Logger LOG = LoggerFactory.getLogger(OutageMarker.class);

    private final Path file;

    public OutageMarker(Path file) {
        this.file = file;
    }

    /** What a marker says. */
    public record Outage(Instant since, long pid, String cause) {
        /** True while the process that wrote it runs. */
        public boolean reporterAlive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        public String describe() {
            return "database unavailable since " + since + " (reported by pid " + pid
                    + (reporterAlive() ? "" : ", which is no longer running") + "): " + cause;
        }
    }

    public static OutageMarker forDatabase(String jdbcUrl) {
        String location = Database.location(jdbcUrl);
        if (jdbcUrl.startsWith("jdbc:sqlite:") && !location.isEmpty() && !location.startsWith(":") && !location.startsWith("file:")) {
            return new OutageMarker(Path.of(location + ".outage"));
        }
        return new OutageMarker(Path.of(System.getProperty("java.io.tmpdir"), "market-bars-ingest-" + hash(location) + ".outage"));
    }

    public Path file() {
        return file;
    }

    void write(Instant since, String cause) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, List.of(since.toString(), String.valueOf(ProcessHandle.current().pid()), cause), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot write the outage marker {}", file, e);   // a full disk, say: the log still says it
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete the outage marker {}", file, e);
        }
    }

    /** The outage a process reported, if any. */
    public Optional<Outage> read() {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.size() < 3 ? Optional.empty()
                    : Optional.of(new Outage(Instant.parse(lines.get(0)), Long.parseLong(lines.get(1)), lines.get(2)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
