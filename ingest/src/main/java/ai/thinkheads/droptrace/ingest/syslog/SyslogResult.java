package ai.thinkheads.droptrace.ingest.syslog;

/**
 * What a syslog parser made of a message: the message, or the reason it is not valid. In
 * best-effort mode an invalid message still carries what could be read before the error.
 */
public record SyslogResult(SyslogMessage message, String error) {

    public static SyslogResult ok(SyslogMessage message) {
        return new SyslogResult(message, null);
    }

    public static SyslogResult failed(String error, SyslogMessage partial) {
        return new SyslogResult(partial, error);
    }

    public boolean ok() {
        return error == null;
    }
}
