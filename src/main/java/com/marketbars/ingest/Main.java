package com.marketbars.ingest;

import com.marketbars.ingest.cli.IngestCommand;
import picocli.CommandLine;

/** Entry point of the runnable jar: {@code java -jar market-bars-ingest.jar [run|backfill|status|simulate]}. */
public final class Main {
    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestCommand()).execute(args));
    }
}
