package ai.thinkheads.droptrace.cli.correlate;

import ai.thinkheads.droptrace.cli.output.Terminal;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.ingest.packet.IpAddressText;
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
        String source = address(parts[0].trim());
        String destination = address(parts[1].trim());
        try {
            return new FlowKey(source, destination, parts[2].trim(), Integer.parseInt(parts[3].trim()));
        } catch (IllegalArgumentException e) {
            throw invalid(text);
        }
    }

    /** The address as the log writes it (IPv6 compressed, lower case), so the flow can match a log line's. */
    private static String address(String text) {
        String address = IpAddressText.canonical(text);
        if (address == null) {
            throw new TypeConversionException("'" + Terminal.visible(text) + "' is not an IP address; write the flow's "
                    + "addresses as the firewall log writes them, like 10.0.0.153,10.0.0.12,tcp,8443");
        }
        return address;
    }

    private static TypeConversionException invalid(String text) {
        return new TypeConversionException("'" + text + "' is not a flow; write SOURCE,DESTINATION,PROTOCOL,PORT "
                + "like 10.0.0.153,10.0.0.12,tcp,8443 (port 0 for protocols without ports)");
    }
}
