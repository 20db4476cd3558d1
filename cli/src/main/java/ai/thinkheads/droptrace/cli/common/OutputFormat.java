package ai.thinkheads.droptrace.cli.common;

import picocli.CommandLine.ITypeConverter;

/** How a command prints its data on stdout. */
public enum OutputFormat {
    TEXT,
    JSON;

    /** {@code --output}'s value in any case; another is named in the words of the help, {@code text or json}. */
    public static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return EnumWords.parse(value, values(), Enum::name, "is not an output format: use text or json");
        }
    }
}
