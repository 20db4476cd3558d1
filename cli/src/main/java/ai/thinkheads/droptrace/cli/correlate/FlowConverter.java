package ai.thinkheads.droptrace.cli.correlate;

import ai.thinkheads.droptrace.core.flow.FlowKey;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a flow written {@code SOURCE,DESTINATION,PROTOCOL,PORT} ({@code 10.0.0.153,10.0.0.12,tcp,8443}). */
public final class FlowConverter implements ITypeConverter<FlowKey> {

    @Override
    public FlowKey convert(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw invalid(text);
        }
        try {
            return new FlowKey(parts[0].trim(), parts[1].trim(), parts[2].trim(), Integer.parseInt(parts[3].trim()));
        } catch (IllegalArgumentException e) {
            throw invalid(text);
        }
    }

    private static TypeConversionException invalid(String text) {
        return new TypeConversionException("'" + text + "' is not a flow; write SOURCE,DESTINATION,PROTOCOL,PORT "
                + "like 10.0.0.153,10.0.0.12,tcp,8443 (port 0 for protocols without ports)");
    }
}
