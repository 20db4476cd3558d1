package ai.thinkheads.droptrace.core.firewall.config;

import java.util.Objects;

/**
 * One line of an {@code [OPTIONS]} section.
 *
 * @param key the option name, lower case
 * @param value the normalised value ({@code DROP}, {@code info}, {@code 1}); may be empty
 * @param line 1-based line number
 */
public record OptionSetting(String key, String value, int line) {

    public OptionSetting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
