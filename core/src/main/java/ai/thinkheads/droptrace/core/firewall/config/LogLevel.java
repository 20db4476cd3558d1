package ai.thinkheads.droptrace.core.firewall.config;

import java.util.Locale;

/** A pve-firewall log level and the syslog digit pvefw-logger writes for it; {@code nolog} writes nothing. */
public enum LogLevel {
    EMERG(0),
    ALERT(1),
    CRIT(2),
    ERR(3),
    WARNING(4),
    NOTICE(5),
    INFO(6),
    DEBUG(7),
    NOLOG(-1);

    private final int digit;

    LogLevel(int digit) {
        this.digit = digit;
    }

    /** The syslog level digit 0-7 of a log line, -1 for {@code nolog}. */
    public int digit() {
        return digit;
    }

    public boolean logs() {
        return this != NOLOG;
    }

    /** The word in configuration files: {@code info}, {@code nolog}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level of a configuration word, or {@code null} when it is not one. */
    public static LogLevel parse(String word) {
        if (word == null) {
            return null;
        }
        for (LogLevel level : values()) {
            if (level.keyword().equals(word)) {
                return level;
            }
        }
        return null;
    }

    /** The level written as digit {@code digit} in a log line, or {@code null}. */
    public static LogLevel ofDigit(int digit) {
        for (LogLevel level : values()) {
            if (level.digit == digit) {
                return level;
            }
        }
        return null;
    }
}
