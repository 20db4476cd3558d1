package ai.thinkheads.droptrace.probes.exec;

/**
 * A command that ended by the same signal that stopped droptrace (a Ctrl-C reaches the terminal's whole
 * process group; systemd's default stop sends SIGTERM to every process of the unit): what it reported
 * says nothing about the path it probed, so its run is not a result.
 */
public final class CutByStop extends RuntimeException {

    public CutByStop(String command, String signal) {
        super(command + " ended by " + signal + " at the stop", null, false, false);
    }
}
