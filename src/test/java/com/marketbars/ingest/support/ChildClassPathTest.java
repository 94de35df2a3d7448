package com.marketbars.ingest.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ChildClassPathTest {
    @TempDir
    Path dir;

    @Test
    void childrenStartFromAClassDataSharingArchiveThatFitsTheirClassPath() throws Exception {
        List<String> args = ChildClassPath.jvmArgs();
        assertThat(args).as("the archive is made (else the reason is printed above)")
                .anySatisfy(a -> assertThat(a).startsWith("-XX:SharedArchiveFile="));

        // -Xshare:on refuses to start when the archive does not fit: the children's -Xshare:auto would fall back silently
        List<String> cmd = new ArrayList<>(ChildJvm.java());
        cmd.addAll(List.of("-Xshare:on", "-Xlog:class+load=info"));
        cmd.addAll(args);
        cmd.addAll(List.of("com.marketbars.ingest.Main", "--version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("market-bars-ingest ")
                .as("the application's own classes come from the archive")
                .containsPattern("com\\.marketbars\\.ingest\\.Main source: shared objects file");
    }

    @Test
    void childrenLoadSqlitesNativeLibraryFromTheBuildInsteadOfCopyingItToTheTemporaryDirectory() throws Exception {
        // sqlite-jdbc deletes its copy when the JVM exits normally, so a copy is not looked for afterwards: with no
        // temporary directory at all, a child that copies the library cannot open the database
        List<String> cmd = new ArrayList<>(ChildJvm.java());
        cmd.add("-Djava.io.tmpdir=" + dir.resolve("no-such-directory"));
        cmd.addAll(ChildClassPath.jvmArgs());
        cmd.addAll(List.of("com.marketbars.ingest.Main", "status", "--set", "ingest.db.url=jdbc:sqlite:" + dir.resolve("market.db")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("status read the database").contains("alpaca_bars_1min");
    }
}
