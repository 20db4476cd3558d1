package ai.thinkheads.droptrace.cli;

/** Entry point of the {@code droptrace} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(DroptraceCommand.commandLine().execute(args));
    }
}
