package ai.thinkheads.droptrace.cli;

import ai.thinkheads.droptrace.cli.common.ErrorHandler;
import ai.thinkheads.droptrace.cli.output.BulkStdout;

/** Entry point of the {@code droptrace} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        BulkStdout.useProcessStdout();
        System.exit(ErrorHandler.execute(DroptraceCommand.commandLine(args), args));
    }
}
