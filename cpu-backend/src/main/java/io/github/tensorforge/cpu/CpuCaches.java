package io.github.tensorforge.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data cache sizes of this machine's first CPU, read from Linux's sysfs
 * ({@code /sys/devices/system/cpu/cpu0/cache/index*}); where that is absent (another OS, a container that hides it),
 * the L1 data cache is taken as 32 KiB, the smallest of the x86 and ARM server cores we target.
 */
final class CpuCaches {
    /** Bytes of the L1 data cache of one core. */
    static final int L1D = l1d(Path.of("/sys/devices/system/cpu/cpu0/cache"));
    private static final int FALLBACK_L1D = 32 << 10;

    private CpuCaches() {}

    /** The L1 data cache size under a sysfs cache directory, or the fallback when it cannot be read. */
    static int l1d(Path cacheDir) {
        for (int i = 0; i < 8; i++) {
            Path index = cacheDir.resolve("index" + i);
            try {
                if (!Files.isDirectory(index)) break;
                if (read(index, "level").equals("1") && read(index, "type").equals("Data")) {
                    int bytes = parseSize(read(index, "size"));
                    if (bytes > 0) return bytes;
                }
            } catch (IOException | RuntimeException e) {
                return FALLBACK_L1D;
            }
        }
        return FALLBACK_L1D;
    }

    /** sysfs sizes: "48K", "2048K", "32M", or plain bytes; -1 for anything else. */
    static int parseSize(String text) {
        if (text.isEmpty()) return -1;
        char unit = Character.toUpperCase(text.charAt(text.length() - 1));
        int shift = unit == 'K' ? 10 : unit == 'M' ? 20 : 0;
        String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
        try {
            long v = Long.parseLong(digits) << shift;
            return v > 0 && v <= Integer.MAX_VALUE ? (int) v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String read(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII).trim();
    }
}
