package io.github.tensorforge.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Looks for {@code libOpenCL.so} (the ICD loader) where the dynamic linker would, before JOCL does: when it is missing,
 * JOCL's native code prints "Could not load libOpenCL.so, error ..." from C, past any Java handling, at the end of
 * every command. On Linux only; elsewhere JOCL is left to look.
 */
final class ClLibrary {
    static final String NAME = "libOpenCL.so";

    private ClLibrary() {}

    /** Why OpenCL cannot be loaded here, or null when {@code libOpenCL.so} is found (or this is not Linux). */
    static String missing() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) return null;
        return missing(searchPath());
    }

    /** As {@link #missing()}, over these directories. */
    static String missing(List<Path> dirs) {
        for (Path d : dirs) if (isElf(d.resolve(NAME))) return null;
        return NAME + " (the OpenCL ICD loader) is not installed: not in " + dirs.size() + " library directories ("
                + "LD_LIBRARY_PATH, /etc/ld.so.conf and the system's). Install an OpenCL driver and loader (e.g. "
                + "ocl-icd-opencl-dev plus pocl-opencl-icd, or a GPU vendor driver).";
    }

    /** LD_LIBRARY_PATH, then the directories of /etc/ld.so.conf (with its includes), then the default ones. */
    static List<Path> searchPath() {
        Set<Path> dirs = new LinkedHashSet<>();
        String env = System.getenv("LD_LIBRARY_PATH");
        if (env != null) for (String p : env.split(":")) if (!p.isBlank()) dirs.add(Path.of(p));
        readConf(Path.of("/etc/ld.so.conf"), dirs, 0);
        for (String p : List.of("/lib", "/usr/lib", "/lib64", "/usr/lib64")) dirs.add(Path.of(p));
        return new ArrayList<>(dirs);
    }

    private static void readConf(Path conf, Set<Path> dirs, int depth) {
        if (depth > 8 || !Files.isRegularFile(conf)) return;
        List<String> lines;
        try {
            lines = Files.readAllLines(conf);
        } catch (IOException | RuntimeException e) {
            return; // unreadable: the default directories remain
        }
        for (String raw : lines) {
            String line = raw.strip();
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash).strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("include ")) {
                Path pattern = Path.of(line.substring("include ".length()).strip());
                Path parent = pattern.getParent();
                if (parent == null || !Files.isDirectory(parent)) continue;
                try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, pattern.getFileName().toString())) {
                    List<Path> confs = new ArrayList<>();
                    s.forEach(confs::add);
                    confs.sort(null);
                    for (Path c : confs) readConf(c, dirs, depth + 1);
                } catch (IOException | RuntimeException e) {
                    // an unreadable include: skip it
                }
            } else if (line.startsWith("/")) {
                dirs.add(Path.of(line));
            }
        }
    }

    /** Whether {@code file} (links followed) is a readable ELF file. */
    static boolean isElf(Path file) {
        if (!Files.isRegularFile(file)) return false;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
