package ai.thinkheads.droptrace.cli.common;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a command prints its data on stdout. */
public enum OutputFormat {
    TEXT,
    JSON;

    /** {@code --output}'s value in any case; another is named in the words of the help, {@code text or json}. */
    public static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            for (OutputFormat format : values()) {
                if (format.name().equalsIgnoreCase(value.strip())) {
                    return format;
                }
            }
            throw new TypeConversionException("'" + value + "' is not an output format: use text or json");
        }
    }
}
