package ai.thinkheads.droptrace.cli.rules;

import java.util.ListResourceBundle;

/**
 * The help text of {@code --config-dir} for {@code rules drift}, which always reads it beside {@code --phoenix-etc}
 * (the live side of the comparison): the shared text says /etc/pve is the default "unless --phoenix-etc is given".
 * Named in the command's {@code @Command(resourceBundle = ...)}; picocli takes the description from it.
 */
public final class LiveConfigDirHelp extends ListResourceBundle {

    @Override
    protected Object[][] getContents() {
        return new Object[][] {{"config-dir", "The live Proxmox configuration directory to compare with (/etc/pve or "
                + "a copy; a folder with cluster.fw, host.fw and <vmid>.fw works too). Default: /etc/pve."}};
    }
}
