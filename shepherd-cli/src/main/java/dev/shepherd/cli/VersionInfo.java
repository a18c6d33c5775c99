package dev.shepherd.cli;

import picocli.CommandLine;

/** Reports the build's version from the jar manifest (or "dev" when run from classes). */
final class VersionInfo implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = ShepherdCli.class.getPackage().getImplementationVersion();
        return new String[] {"shepherd " + (v == null ? "dev" : v), "java " + Runtime.version()};
    }
}
