package com.marketbars.ingest.support;

import java.util.concurrent.TimeUnit;

/** Runs a system command (mount, umount ...) and tells how it ended. */
public final class Shell {
    private Shell() {
    }

    /** The command's exit code; -1 if it did not end within 30 s. Its output is read and dropped. */
    public static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
