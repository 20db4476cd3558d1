package ai.thinkheads.droptrace.cli.trace;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.inventory.Nic;
import ai.thinkheads.droptrace.core.json.ConfigText;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.json.MappingErrors;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --inventory FILE}: guests and host addresses as inventory JSON. What is wrong in it is one line with the
 * path in the document ({@code guests[0].nics[0].addresses}), and an address that is none is an error rather than
 * a NIC without address (which would be traced from a made-up one).
 */
final class InventoryFile {

    /** Json's strict reading, and a guest type as Proxmox writes it ({@code lxc}, {@code qemu}) or as droptrace does. */
    private static final ObjectMapper MAPPER = Json.configure(JsonMapper.builder())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private InventoryFile() {
    }

    static Inventory read(Path file) {
        String text;
        try {
            text = ConfigText.read(file);
        } catch (IOException e) {
            throw error(file, e instanceof NoSuchFileException ? "no such file" : String.valueOf(e.getMessage()), e);
        }
        Inventory inventory;
        try {
            inventory = MAPPER.readValue(text, Inventory.class);
        } catch (StreamReadException e) {
            String message = e.getOriginalMessage() == null ? "invalid syntax" : e.getOriginalMessage().lines()
                    .findFirst().orElse("");
            throw error(file, "not valid JSON: " + message + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (JacksonException e) {
            throw error(file, MappingErrors.describe(e, MAPPER, text), e);
        }
        checkAddresses(file, "hostAddresses", inventory.hostAddresses());
        List<Guest> guests = inventory.guests();
        for (int g = 0; g < guests.size(); g++) {
            List<Nic> nics = guests.get(g).nics();
            for (int n = 0; n < nics.size(); n++) {
                checkAddresses(file, "guests[" + g + "].nics[" + n + "].addresses", nics.get(n).addresses());
            }
        }
        return inventory;
    }

    private static void checkAddresses(Path file, String path, List<String> addresses) {
        for (String a : addresses) {
            if (IpAddress.parse(a) == null) {
                throw error(file, path + ": '" + a + "' is not an IP address", null);
            }
        }
    }

    private static UserException error(Path file, String message, Exception cause) {
        return new UserException(ExitCodes.CONFIG_INVALID, "cannot read inventory " + file + ": " + message, cause);
    }
}
